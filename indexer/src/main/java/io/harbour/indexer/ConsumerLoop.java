package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.indexer.exchange.JoinSettings;
import io.harbour.layout.Times;
import io.harbour.model.LogKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll thread: waits for start-up, subscribes, then polls until stopped, and on the way out
 * either shuts down gracefully (flush, commit what is safe, leave the group) or abruptly (as a
 * crash would). It exists because one thread owns the consumer and all pipeline state, so every
 * piece of the pipeline (reading, retries, partition preparation, sweeps, backpressure, commits,
 * watermarks) runs here in a fixed order between polls; whatever Elasticsearch does, the loop keeps
 * polling, so the consumer stays in its group and an outage is a pause, not a crash.
 */
final class ConsumerLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final IndexerConfig config;
    private final String indexerId;
    private final IndexerMetrics metrics;
    private final RecordConverter converter;
    private final ElasticsearchConnection es;
    private final DailyIndices dailyIndices;
    private final WatermarkPublisher watermarkPublisher;
    private final KafkaProducer<byte[], byte[]> producer;
    private final JoinSettings joinSettings;
    private final Backoff backoff;
    private final WatermarkTracker watermarks;
    private final Map<String, String> kindOfTopic = new HashMap<>();

    // Poll-thread state: shared with other threads only through the results queue.
    private final AssignedPartitions partitions = new AssignedPartitions();
    private final RetryScheduler retries = new RetryScheduler(partitions);
    private final Queue<Object> results = new ConcurrentLinkedQueue<>();
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private BulkWriter writer;
    private RecordPipeline pipeline;
    private PartitionPreparer preparer;
    private ExchangeSweeper sweeper;
    private Backpressure backpressure;
    private OffsetCommitter committer;
    private WatermarkReporter watermarkReporter;

    private volatile boolean running = true;
    private volatile boolean crashing;
    private volatile boolean ready;
    private volatile Throwable failure;

    ConsumerLoop(IndexerConfig config, String indexerId, IndexerMetrics metrics, RecordConverter converter, ElasticsearchConnection es,
                 DailyIndices dailyIndices, WatermarkPublisher watermarkPublisher, KafkaProducer<byte[], byte[]> producer) {
        this.config = config;
        this.indexerId = indexerId;
        this.metrics = metrics;
        this.converter = converter;
        this.es = es;
        this.dailyIndices = dailyIndices;
        this.watermarkPublisher = watermarkPublisher;
        this.producer = producer;
        this.joinSettings = new JoinSettings(config.join().window(), config.join().grace());
        this.backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
        this.watermarks = new WatermarkTracker(config.watermark().grace());
        config.kafka().topics().forEach((kind, topic) -> kindOfTopic.put(topic, kind));
    }

    boolean isReady() {
        return ready;
    }

    Throwable failure() {
        return failure;
    }

    /** Asks the loop to end (gracefully, or abruptly as a crash would) and wakes it from a poll. */
    void stop(boolean crash) {
        crashing = crash;
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            try {
                if (!new IndexerStartup(es, config, backoff).await(() -> running)) {
                    return;
                }
            } catch (TemplateInstaller.TemplateRejectedException e) {
                failure = e;
                LOG.error("{}; the indexer cannot write documents with a broken mapping and stops", e.getMessage());
                return;
            }
            consumer = new KafkaConsumer<>(KafkaClientProperties.consumer(config.kafka()), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            writer = new BulkWriter(es.asyncClient(), config.bulk(), metrics.bulkLatency, results::add);
            RebalanceHandler rebalance = assemble();
            consumer.subscribe(kindOfTopic.keySet(), rebalance);
            ready = true;
            LOG.info("indexer reading {} as group {}", kindOfTopic.keySet(), config.kafka().groupId());
            while (running) {
                try {
                    pollOnce();
                } catch (WakeupException woken) {
                    // close() or crash(): the loop condition decides
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("indexer stopped by an unexpected error; nothing after the last commit is lost, it will be read again", e);
            crashing = true;
        } finally {
            shutdown();
        }
    }

    /** Builds the pieces that need the consumer and the bulk writer. */
    private RebalanceHandler assemble() {
        DeadLetterHandoff deadLetters = new DeadLetterHandoff(new DeadLetterPublisher(producer, config.kafka().deadLetterTopic()),
                partitions, retries, backoff, metrics, results);
        pipeline = new RecordPipeline(consumer, partitions, converter, dailyIndices, writer, retries, deadLetters, backoff, metrics, results);
        preparer = new PartitionPreparer(partitions, watermarkPublisher, watermarks, es, kindOfTopic, indexerId, joinSettings, backoff);
        sweeper = new ExchangeSweeper(partitions, pipeline, joinSettings, metrics);
        backpressure = new Backpressure(consumer, partitions, retries, metrics, config.kafka());
        committer = new OffsetCommitter(consumer, partitions, config.kafka().commitInterval());
        watermarkReporter = new WatermarkReporter(partitions, watermarks, watermarkPublisher, kindOfTopic, indexerId, config.watermark().interval());
        return new RebalanceHandler(partitions, writer, pipeline, committer, backpressure, retries, metrics, watermarks,
                config.kafka().topic(LogKind.EXTRAHOP), joinSettings, () -> crashing);
    }

    private void pollOnce() {
        long pollWallNanos = Times.nanos(Instant.now());
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        observeLag(pollWallNanos);
        pipeline.read(records);
        pipeline.drainResults();
        retries.runDue();
        preparer.prepareDue();
        long now = System.nanoTime();
        sweeper.sweepIfDue(now, pollWallNanos);
        backpressure.apply();
        committer.commitIfDue(now);
        watermarkReporter.publishIfDue(now);
    }

    private void observeLag(long pollWallNanos) {
        for (Map.Entry<TopicPartition, PartitionState> e : partitions.entries()) {
            OptionalLong lag = consumer.currentLag(e.getKey());
            if (lag.isEmpty()) {
                continue;
            }
            metrics.lag(e.getKey(), lag.getAsLong());
            PartitionState s = e.getValue();
            if (lag.getAsLong() > 0) {
                s.caughtUp = false;
            } else if (!backpressure.isPaused(e.getKey())) {
                // Only a live fetch proves "nothing newer": a paused partition's lag is as old as its last fetch.
                s.caughtUp = true;
                s.caughtUpAtNanos = pollWallNanos;
            }
        }
    }

    private void drainResults() {
        if (pipeline != null) {
            pipeline.drainResults();
        }
    }

    private void shutdown() {
        try {
            if (crashing) {
                if (writer != null) {
                    writer.abandon();
                }
                if (consumer != null) {
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                }
                producer.close(Duration.ZERO);
            } else {
                if (writer != null) {
                    writer.close();
                }
                drainResults();
                producer.flush();
                drainResults();
                if (consumer != null) {
                    if (committer != null) {
                        committer.commit(true, partitions.partitions());
                    }
                    consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
                }
                producer.close(Duration.ofSeconds(10));
            }
        } catch (RuntimeException e) {
            LOG.warn("while stopping: {}", e.toString());
        } finally {
            watermarkPublisher.close();
            try {
                es.close();
            } catch (IOException e) {
                LOG.debug("closing the Elasticsearch client: {}", e.toString());
            }
            ready = false;
            LOG.info("indexer {}", crashing ? "stopped abruptly (nothing committed on the way out)" : "stopped");
        }
    }
}
