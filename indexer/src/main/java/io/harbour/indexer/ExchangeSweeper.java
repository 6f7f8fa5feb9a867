package io.harbour.indexer;

import io.harbour.indexer.exchange.JoinSettings;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs the exchange joiners' sweep once a second on the poll thread. It exists because a half of
 * an ExtraHop exchange whose partner never comes must still be written (as an orphan), yet must
 * not be declared orphan while its partner may still wait unread in the topic; so the sweep's
 * clock is the partition's own (the latest receive time read, or while caught up the wall clock
 * less the grace), and the partition's watermark is held back until the sweep's writes are stored.
 */
final class ExchangeSweeper {
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(1);

    private final AssignedPartitions partitions;
    private final RecordPipeline pipeline;
    private final JoinSettings joinSettings;
    private final IndexerMetrics metrics;
    private long nextSweepNanos;

    ExchangeSweeper(AssignedPartitions partitions, RecordPipeline pipeline, JoinSettings joinSettings, IndexerMetrics metrics) {
        this.partitions = partitions;
        this.pipeline = pipeline;
        this.joinSettings = joinSettings;
        this.metrics = metrics;
    }

    void sweepIfDue(long nowNanos, long wallNanos) {
        if (nowNanos >= nextSweepNanos) {
            nextSweepNanos = nowNanos + SWEEP_EVERY.toNanos();
            sweep(wallNanos);
        }
    }

    /** Lets each prepared ExtraHop joiner declare orphan what waited too long, and writes those documents. */
    private void sweep(long wallNanos) {
        long pending = 0;
        for (var e : partitions.entries()) {
            PartitionState s = e.getValue();
            if (s.joiner == null || !s.prepared) {
                continue;
            }
            Instant clock = s.caughtUp ? Times.instant(wallNanos - joinSettings.grace().toNanos()) : s.joiner.clock().orElse(null);
            if (clock != null) {
                long oldest = s.joiner.oldestPendingReceivedAt().map(Times::nanos).orElse(Long.MAX_VALUE);
                List<IndexedDocument> writes = s.joiner.sweep(clock);
                if (!writes.isEmpty()) {
                    s.sweepHoldNanos = Math.min(s.sweepHoldNanos, oldest);
                    s.sweepWritesOutstanding += writes.size();
                    metrics.orphaned.increment(writes.size());
                    for (IndexedDocument d : writes) {
                        pipeline.submitDocument(e.getKey(), s.generation, null, d, true);
                    }
                }
            }
            pending += s.joiner.pendingCount();
        }
        metrics.pendingHalves(pending);
    }
}
