package io.harbour.indexer;

import io.harbour.layout.Times;
import io.harbour.layout.Watermarks.WatermarkDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Computes each prepared partition's watermark on the watermark interval and hands the documents
 * to the {@link WatermarkPublisher}. It exists to gather, on the poll thread, everything a
 * watermark depends on (catch-up state, the oldest record still in flight, exchanges a joiner
 * still holds or a sweep is still writing) so that a published watermark never passes data that
 * may yet be stored.
 */
final class WatermarkReporter {
    private final AssignedPartitions partitions;
    private final WatermarkTracker watermarks;
    private final WatermarkPublisher publisher;
    private final Map<String, String> kindOfTopic;
    private final String indexerId;
    private final Duration interval;
    private long nextWatermarkNanos;

    WatermarkReporter(AssignedPartitions partitions, WatermarkTracker watermarks, WatermarkPublisher publisher,
                      Map<String, String> kindOfTopic, String indexerId, Duration interval) {
        this.partitions = partitions;
        this.watermarks = watermarks;
        this.publisher = publisher;
        this.kindOfTopic = kindOfTopic;
        this.indexerId = indexerId;
        this.interval = interval;
    }

    void publishIfDue(long nowNanos) {
        if (nowNanos >= nextWatermarkNanos) {
            nextWatermarkNanos = nowNanos + interval.toNanos();
            publish();
        }
    }

    private void publish() {
        List<WatermarkDocument> documents = new ArrayList<>();
        Instant now = Instant.now();
        for (var e : partitions.entries()) {
            PartitionState s = e.getValue();
            if (!s.prepared) {
                continue;
            }
            long hold = s.sweepHoldNanos;
            if (s.joiner != null) {
                // A pending exchange may still change: a window holding it must not close yet.
                hold = Math.min(hold, s.joiner.oldestPendingReceivedAt().map(Times::nanos).orElse(Long.MAX_VALUE));
            }
            OptionalLong w = watermarks.compute(e.getKey(), new WatermarkTracker.PartitionState(s.caughtUp, s.caughtUpAtNanos,
                    s.tracker.lastReadReceivedAtNanos(), s.tracker.earliestPendingNanos(), hold));
            if (w.isPresent() && w.getAsLong() > 0) {
                documents.add(new WatermarkDocument(e.getKey().topic(), e.getKey().partition(), kindOfTopic.get(e.getKey().topic()),
                        Math.max(0, s.tracker.safeOffset()), Times.instant(w.getAsLong()), now, indexerId));
            }
        }
        publisher.publish(documents);
    }
}
