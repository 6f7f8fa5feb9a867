package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harbour.layout.DocumentBuilder;
import io.harbour.model.LogKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The indexer: one member of a consumer group over the ingest topics, turning records into
 * documents and writing them to Elasticsearch, committing an offset only once every record before
 * it is stored or parked in the dead-letter topic.
 *
 * <p>One thread (the poll thread, {@link ConsumerLoop}) owns the consumer and all pipeline state, so
 * nothing is shared but one queue: bulk results and dead-letter acknowledgements come back from
 * other threads and are handled between polls. Whatever Elasticsearch does, the loop keeps polling
 * (with partitions paused while anything waits for a retry or too much is in flight), so the
 * consumer stays in its group, nothing piles up in memory, and nothing is skipped: an outage is a
 * pause, not a crash.
 *
 * <p>Start-up waits for Elasticsearch as patiently as writing does: templates installed, the
 * dead-letter topic present and the joiner's open halves restored before the first record is read.
 *
 * <p>This class is the public entry point: it builds the pieces, starts and stops the poll thread
 * and the retention timer, and reports the indexer's state.
 */
public final class Indexer implements AutoCloseable {

    /** Builds an {@link Indexer}; only the configuration is required. */
    public static final class Builder {
        private final IndexerConfig config;
        private final Map<LogKind, DocumentSource> sources = new EnumMap<>(LogKind.class);
        private MeterRegistry registry = new SimpleMeterRegistry();
        private ObjectMapper json = new ObjectMapper();

        private Builder(IndexerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            DocumentBuilder documents = new DocumentBuilder();
            sources.put(LogKind.LOGHARBOUR, documents::buildSerialized);
            sources.put(LogKind.OBSERVATIONS, documents::build);
        }

        /**
         * Replaces the layout's document builder for LogHarbour entries or observations (ExtraHop
         * logs always go through the exchange joiner of their partition).
         */
        public Builder documents(LogKind kind, DocumentSource source) {
            if (kind == LogKind.EXTRAHOP) {
                throw new IllegalArgumentException("ExtraHop logs are joined per partition by the exchange joiner");
            }
            sources.put(kind, source);
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        public Builder objectMapper(ObjectMapper json) {
            this.json = json;
            return this;
        }

        public Indexer build() {
            List<String> problems = config.problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid indexer configuration: " + problems);
            }
            return new Indexer(this);
        }
    }

    public static Builder builder(IndexerConfig config) {
        return new Builder(config);
    }

    private final IndexerConfig config;
    private final String indexerId;
    private final ObjectMapper json;
    private final IndexerMetrics metrics;
    private final RecordConverter converter;

    // Created at start.
    private ElasticsearchConnection es;
    private DailyIndices dailyIndices;
    private volatile ConsumerLoop loop;
    private RetentionTimer retentionTimer;
    private Thread thread;

    private Indexer(Builder b) {
        this.config = b.config;
        this.indexerId = config.kafka().groupId() + "@" + hostName() + "/" + ProcessHandle.current().pid();
        this.json = b.json;
        this.metrics = new IndexerMetrics(b.registry);
        this.converter = new RecordConverter(b.sources);
        config.kafka().topics().keySet().forEach(kind -> LogKind.parse(kind).orElseThrow());
    }

    /** Starts the poll thread and returns at once; the thread waits for Elasticsearch and Kafka as long as it takes. */
    public synchronized Indexer start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        es = new ElasticsearchConnection(config.elasticsearch(), json);
        dailyIndices = new DailyIndices(es, config.indices());
        WatermarkPublisher watermarkPublisher = new WatermarkPublisher(es, json, config.indices());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClientProperties.producer(config.kafka()),
                new ByteArraySerializer(), new ByteArraySerializer());
        loop = new ConsumerLoop(config, indexerId, metrics, converter, es, dailyIndices, watermarkPublisher, producer);
        thread = new Thread(loop, "harbour-indexer");
        thread.start();
        if (config.retention().enabled()) {
            retentionTimer = new RetentionTimer(config.retention().checkInterval(), this::retention);
        }
        return this;
    }

    /** Retention over this indexer's Elasticsearch and realm limits (a dry run is {@link Retention#dryRun}). */
    public Retention retention() {
        if (es == null) {
            throw new IllegalStateException("not started");
        }
        return new Retention(es, config.retention()::daysFor, dailyIndices::forget);
    }

    /** True once templates are installed and the consumer has subscribed. */
    public boolean isReady() {
        ConsumerLoop l = loop;
        return l != null && l.isReady();
    }

    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Why the indexer stopped by itself (a template Elasticsearch refuses), or null. */
    public Throwable failure() {
        ConsumerLoop l = loop;
        return l == null ? null : l.failure();
    }

    /**
     * Graceful stop: sends what is buffered, waits for answers (at most the request timeout),
     * commits what is safe, and leaves the group.
     */
    @Override
    public void close() {
        stop(false);
    }

    /**
     * An abrupt stop, as a crash would be: no flush, no commit. The consumer is closed so that the
     * group rebalances at once (a killed process would be noticed only after the session timeout);
     * everything read since the last commit is read again by whoever gets the partitions.
     */
    public void crash() {
        stop(true);
    }

    private void stop(boolean crash) {
        Thread t;
        synchronized (this) {
            t = thread;
            if (t == null) {
                return;
            }
            loop.stop(crash);
        }
        if (retentionTimer != null) {
            retentionTimer.close();
        }
        try {
            t.join(config.elasticsearch().requestTimeout().toMillis() + 30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
