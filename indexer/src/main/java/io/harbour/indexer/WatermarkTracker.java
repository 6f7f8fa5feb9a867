package io.harbour.indexer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The watermark of each partition: a receive time such that every record of the partition
 * received before it is stored (or dead-lettered). The layout keeps one per partition
 * ({@link io.harbour.layout.Watermarks}); a realm's watermark is the minimum over all partitions,
 * since every realm's records spread over every partition. Export's closed-window guarantee rests
 * on it, so it is conservative and never moves back.
 *
 * <p>Three things can hold a partition back:
 * <ul>
 * <li>records read but unfinished: the watermark stays below the earliest of them;</li>
 * <li>records not read yet: their receive times are unknown, but Kafka holds them after the last
 * record read, and a record reaches Kafka at most {@code grace} after its receive time (the
 * receiver's delivery deadline plus clock skew between receivers). So a partition with a backlog
 * vouches up to (receive time of the last record read − grace), and a caught-up partition (lag 0
 * at a poll) up to (the time of that poll − grace): an idle partition lets the watermark follow
 * the clock instead of holding it back for ever;</li>
 * <li>a hold set by the caller: for ExtraHop, the oldest exchange still pending (it may still
 * change) and a sweep's writes not yet stored.</li>
 * </ul>
 * A partition whose state is not known yet (just assigned, nothing read, lag unknown) has none.
 * Pure: the poll thread feeds it {@link PartitionState}s.
 */
final class WatermarkTracker {

    /**
     * What one partition says at a moment.
     *
     * @param caughtUp                lag was 0 at the last live poll
     * @param caughtUpAtNanos         wall-clock nanos at the start of that poll
     * @param lastReadReceivedAtNanos receive time of the newest record read, Long.MIN_VALUE if none
     * @param earliestPendingNanos    earliest receive time of unfinished records, Long.MAX_VALUE if none
     * @param holdNanos               a further bound from the caller, Long.MAX_VALUE if none
     */
    record PartitionState(boolean caughtUp, long caughtUpAtNanos, long lastReadReceivedAtNanos,
                          long earliestPendingNanos, long holdNanos) {
    }

    private final long graceNanos;
    private final Map<TopicPartition, Long> published = new HashMap<>();

    WatermarkTracker(Duration grace) {
        this.graceNanos = grace.toNanos();
    }

    /** A watermark the partition already had (written by its previous owner): never go below it. */
    void floor(TopicPartition tp, long nanos) {
        published.merge(tp, nanos, Math::max);
    }

    /** The partition went elsewhere: its next owner carries on from the stored document. */
    void forget(TopicPartition tp) {
        published.remove(tp);
    }

    /** The partition's watermark in nanoseconds since the epoch, never lower than before; empty if none can be vouched for. */
    OptionalLong compute(TopicPartition tp, PartitionState p) {
        long w;
        if (p.caughtUp()) {
            w = p.caughtUpAtNanos() - graceNanos;
        } else if (p.lastReadReceivedAtNanos() == Long.MIN_VALUE) {
            w = Long.MIN_VALUE;
        } else {
            w = p.lastReadReceivedAtNanos() - graceNanos;
        }
        if (p.earliestPendingNanos() != Long.MAX_VALUE) {
            w = Math.min(w, p.earliestPendingNanos() - 1);
        }
        if (p.holdNanos() != Long.MAX_VALUE) {
            w = Math.min(w, p.holdNanos() - 1);
        }
        Long before = published.get(tp);
        if (before != null && before >= w) {
            return OptionalLong.of(before);
        }
        if (w == Long.MIN_VALUE) {
            return OptionalLong.empty();
        }
        published.put(tp, w);
        return OptionalLong.of(w);
    }
}
