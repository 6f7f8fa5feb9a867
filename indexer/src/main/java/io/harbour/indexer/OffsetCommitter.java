package io.harbour.indexer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits offsets to Kafka: only the finished prefix of each partition (every record before the
 * offset stored or dead-lettered), asynchronously on a timer while running and synchronously on
 * revoke and close. It exists because what may be committed is the indexer's central promise
 * (nothing skipped, replays harmless thanks to deterministic ids), so it sits in one place; an
 * asynchronous commit that lands after its partition was reassigned changes nothing. Poll thread only.
 */
final class OffsetCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommitter.class);

    private final Consumer<byte[], byte[]> consumer;
    private final AssignedPartitions partitions;
    private final Duration interval;
    private long nextCommitNanos;

    OffsetCommitter(Consumer<byte[], byte[]> consumer, AssignedPartitions partitions, Duration interval) {
        this.consumer = consumer;
        this.partitions = partitions;
        this.interval = interval;
    }

    /** An asynchronous commit of every owned partition, once per commit interval. */
    void commitIfDue(long nowNanos) {
        if (nowNanos >= nextCommitNanos) {
            nextCommitNanos = nowNanos + interval.toNanos();
            commit(false, partitions.partitions());
        }
    }

    /** Commits the finished prefix of each partition that moved. */
    void commit(boolean sync, Collection<TopicPartition> which) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Map<TopicPartition, Long> generationsOf = new HashMap<>();
        for (TopicPartition tp : which) {
            PartitionState s = partitions.get(tp);
            if (s == null) {
                continue;
            }
            OptionalLong offset = s.tracker.committable();
            if (offset.isPresent()) {
                offsets.put(tp, new OffsetAndMetadata(offset.getAsLong()));
                generationsOf.put(tp, s.generation);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (sync) {
            try {
                consumer.commitSync(offsets, Duration.ofSeconds(10));
                offsets.forEach((tp, o) -> partitions.get(tp).tracker.committed(o.offset()));
            } catch (RuntimeException e) {
                LOG.warn("commit failed ({}); the records after the last commit will be read again, and their ids make that harmless", e.toString());
            }
        } else {
            consumer.commitAsync(offsets, (done, error) -> {
                if (error != null) {
                    LOG.debug("commit failed, the next one carries the same offsets: {}", error.toString());
                    return;
                }
                done.forEach((tp, o) -> {
                    if (partitions.current(tp, generationsOf.getOrDefault(tp, -1L))) {
                        partitions.get(tp).tracker.committed(o.offset());
                    }
                });
            });
        }
    }
}
