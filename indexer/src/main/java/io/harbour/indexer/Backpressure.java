package io.harbour.indexer;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * In-flight accounting and pause/resume of the consumer's partitions. It exists so that memory
 * stays bounded and a struggling Elasticsearch is not buried: instead of reading more, the
 * consumer keeps polling with its partitions paused (which keeps it in its group) while anything
 * waits for a retry, while too many records or bytes are in flight, or while a partition is not
 * yet prepared; partitions resume when all of that clears. Poll thread only.
 */
final class Backpressure {
    private final Consumer<byte[], byte[]> consumer;
    private final AssignedPartitions partitions;
    private final RetryScheduler retries;
    private final IndexerMetrics metrics;
    private final long maxInFlightRecords;
    private final long maxInFlightBytes;
    private final Set<TopicPartition> paused = new HashSet<>();

    Backpressure(Consumer<byte[], byte[]> consumer, AssignedPartitions partitions, RetryScheduler retries, IndexerMetrics metrics,
                 IndexerConfig.Kafka kafka) {
        this.consumer = consumer;
        this.partitions = partitions;
        this.retries = retries;
        this.metrics = metrics;
        this.maxInFlightRecords = kafka.maxInFlightRecords();
        this.maxInFlightBytes = kafka.maxInFlightBytes();
    }

    /**
     * Pauses every partition while anything waits for a retry (Elasticsearch is struggling: reading
     * more would only pile up) or while too many records or bytes are in flight; resumes when both clear.
     */
    void apply() {
        long records = 0;
        long bytes = 0;
        for (PartitionState s : partitions.states()) {
            records += s.tracker.pending();
            bytes += s.tracker.pendingBytes();
        }
        metrics.inFlight(records, retries.size());
        boolean hold = !retries.isEmpty() || records >= maxInFlightRecords || bytes >= maxInFlightBytes;
        Set<TopicPartition> shouldPause = new HashSet<>();
        for (var e : partitions.entries()) {
            if (hold || !e.getValue().prepared) {
                shouldPause.add(e.getKey());
            }
        }
        Set<TopicPartition> toPause = new HashSet<>(shouldPause);
        toPause.removeAll(paused);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.removeAll(shouldPause);
        toResume.retainAll(partitions.partitions());
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
        paused.clear();
        paused.addAll(shouldPause);
    }

    /** Newly assigned partitions start paused: nothing is read before they are prepared. */
    void pauseAssigned(Collection<TopicPartition> assigned) {
        consumer.pause(assigned);
        paused.addAll(assigned);
    }

    boolean isPaused(TopicPartition tp) {
        return paused.contains(tp);
    }

    void forget(TopicPartition tp) {
        paused.remove(tp);
    }
}
