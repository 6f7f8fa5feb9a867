package io.harbour.indexer;

import java.time.Duration;
import java.util.Collection;
import java.util.PriorityQueue;
import org.apache.kafka.common.TopicPartition;

/**
 * Work to do later on the poll thread: a bulk operation retried, or a dead letter sent again.
 * It exists because the poll thread must never sleep on a retry (the consumer would fall out of
 * its group), so a wait becomes an entry due at a time and run between polls; entries for a
 * partition that was revoked or reassigned since are dropped. While any entry waits, the
 * {@link Backpressure} keeps partitions paused.
 */
final class RetryScheduler {
    private record Scheduled(long dueNanos, long seq, TopicPartition partition, long generation, Runnable action) {
    }

    private final AssignedPartitions partitions;
    private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private long seq;

    RetryScheduler(AssignedPartitions partitions) {
        this.partitions = partitions;
    }

    void schedule(Duration wait, TopicPartition tp, long generation, Runnable action) {
        scheduled.add(new Scheduled(System.nanoTime() + wait.toNanos(), seq++, tp, generation, action));
    }

    /** Runs what is due, skipping what belongs to an assignment that has ended. */
    void runDue() {
        long now = System.nanoTime();
        while (!scheduled.isEmpty() && scheduled.peek().dueNanos() <= now) {
            Scheduled s = scheduled.poll();
            if (s.partition() == null || partitions.current(s.partition(), s.generation())) {
                s.action().run();
            }
        }
    }

    boolean isEmpty() {
        return scheduled.isEmpty();
    }

    int size() {
        return scheduled.size();
    }

    void forget(Collection<TopicPartition> gone) {
        scheduled.removeIf(s -> s.partition() != null && gone.contains(s.partition()));
    }
}
