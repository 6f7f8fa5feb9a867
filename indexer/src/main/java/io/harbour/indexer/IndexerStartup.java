package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What must exist before the first record is read: the index templates in Elasticsearch and the
 * dead-letter topic in Kafka. It exists because start-up waits for Elasticsearch and Kafka as
 * patiently as writing does (an outage at start is a wait with backoff, not a crash), with one
 * exception: a template Elasticsearch refuses would mean documents written with a broken mapping,
 * so that stops the indexer.
 */
final class IndexerStartup {
    private static final Logger LOG = LoggerFactory.getLogger(IndexerStartup.class);

    private final ElasticsearchConnection es;
    private final IndexerConfig config;
    private final Backoff backoff;

    IndexerStartup(ElasticsearchConnection es, IndexerConfig config, Backoff backoff) {
        this.es = es;
        this.config = config;
        this.backoff = backoff;
    }

    /**
     * Templates and the dead-letter topic, retried until they are there or we are stopped.
     *
     * @return true when both are in place, false if stopped first
     * @throws TemplateInstaller.TemplateRejectedException if Elasticsearch refuses a template
     */
    boolean await(BooleanSupplier running) throws TemplateInstaller.TemplateRejectedException {
        int attempt = 0;
        boolean templates = false;
        while (running.getAsBoolean()) {
            try {
                if (!templates) {
                    new TemplateInstaller(es).install(TemplateInstaller.harbourTemplates(config.indices()));
                    templates = true;
                }
                ensureDeadLetterTopic();
                return true;
            } catch (TemplateInstaller.TemplateRejectedException e) {
                throw e; // not an outage: waiting would not change Elasticsearch's answer
            } catch (IOException | RuntimeException e) {
                attempt++;
                Duration wait = backoff.delay(attempt);
                if (attempt == 1 || attempt % 10 == 0) {
                    LOG.warn("waiting for Elasticsearch and Kafka (attempt {}): {}; next try in {} ms", attempt, Causes.describe(e), wait.toMillis());
                }
                Pause.sleep(wait);
            }
        }
        return false;
    }

    private void ensureDeadLetterTopic() throws IOException {
        IndexerConfig.Kafka kafka = config.kafka();
        try (Admin admin = Admin.create(KafkaClientProperties.admin(kafka))) {
            admin.createTopics(List.of(new NewTopic(kafka.deadLetterTopic(), kafka.deadLetterPartitions(),
                    kafka.replicationFactor()))).all().get(20, TimeUnit.SECONDS);
            LOG.info("dead-letter topic {} created", kafka.deadLetterTopic());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IOException("creating the dead-letter topic: " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IOException("creating the dead-letter topic: timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
