package io.harbour.indexer;

import io.harbour.indexer.exchange.ExchangeJoiner;
import io.harbour.indexer.exchange.JoinSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer group's partition assignment and revocation, as seen by the indexer. It exists
 * because handing a partition over is where progress is won or lost: on revoke, what is in flight
 * gets a moment to land and the finished prefix is committed, so the next owner reads little again;
 * on loss nothing is committed (someone else owns the partition already); on assignment the
 * partition starts paused, with a new generation and (for ExtraHop) a fresh exchange joiner,
 * until it is prepared. Kafka calls it inside {@code poll()}, on the poll thread.
 */
final class RebalanceHandler implements ConsumerRebalanceListener {
    private static final Logger LOG = LoggerFactory.getLogger(RebalanceHandler.class);
    private static final Duration SETTLE_ON_REVOKE = Duration.ofSeconds(5);

    private final AssignedPartitions partitions;
    private final BulkWriter writer;
    private final RecordPipeline pipeline;
    private final OffsetCommitter committer;
    private final Backpressure backpressure;
    private final RetryScheduler retries;
    private final IndexerMetrics metrics;
    private final WatermarkTracker watermarks;
    private final String extraHopTopic;
    private final JoinSettings joinSettings;
    private final BooleanSupplier crashing;

    RebalanceHandler(AssignedPartitions partitions, BulkWriter writer, RecordPipeline pipeline, OffsetCommitter committer,
                     Backpressure backpressure, RetryScheduler retries, IndexerMetrics metrics, WatermarkTracker watermarks,
                     String extraHopTopic, JoinSettings joinSettings, BooleanSupplier crashing) {
        this.partitions = partitions;
        this.writer = writer;
        this.pipeline = pipeline;
        this.committer = committer;
        this.backpressure = backpressure;
        this.retries = retries;
        this.metrics = metrics;
        this.watermarks = watermarks;
        this.extraHopTopic = extraHopTopic;
        this.joinSettings = joinSettings;
        this.crashing = crashing;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        if (crashing.getAsBoolean() || revoked.isEmpty()) {
            return;
        }
        // Give what is in flight a moment to land, so the next owner reads less again.
        writer.flush();
        long deadline = System.nanoTime() + SETTLE_ON_REVOKE.toNanos();
        while (System.nanoTime() < deadline && revoked.stream().anyMatch(tp -> partitions.contains(tp) && partitions.get(tp).tracker.pending() > 0)) {
            pipeline.drainResults();
            Pause.sleep(Duration.ofMillis(10));
        }
        pipeline.drainResults();
        committer.commit(true, revoked);
        forget(revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
        // Someone else owns them already: committing would overwrite their progress.
        forget(lost);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
        for (TopicPartition tp : assigned) {
            ExchangeJoiner joiner = tp.topic().equals(extraHopTopic) ? new ExchangeJoiner(tp.topic(), tp.partition(), joinSettings) : null;
            partitions.assign(tp, joiner);
        }
        // Nothing is read before its watermark document is claimed and its joiner restored.
        backpressure.pauseAssigned(assigned);
        LOG.info("assigned {}", assigned);
    }

    private void forget(Collection<TopicPartition> gone) {
        for (TopicPartition tp : gone) {
            partitions.remove(tp);
            backpressure.forget(tp);
            metrics.forget(tp);
            watermarks.forget(tp);
        }
        retries.forget(gone);
    }
}
