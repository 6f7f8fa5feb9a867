package io.harbour.indexer;

import io.harbour.indexer.exchange.ExchangeJoiner;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The partitions this member owns right now, each with its {@link PartitionState}. It exists so
 * that one place hands out assignment generations and answers "is this answer still for a
 * partition we own, under the same assignment?", the question every asynchronous result asks
 * before it may change anything. Poll thread only.
 */
final class AssignedPartitions {
    private final Map<TopicPartition, PartitionState> byPartition = new HashMap<>();
    private long generations;

    PartitionState assign(TopicPartition tp, ExchangeJoiner joiner) {
        PartitionState s = new PartitionState(++generations, joiner);
        byPartition.put(tp, s);
        return s;
    }

    void remove(TopicPartition tp) {
        byPartition.remove(tp);
    }

    /** The state of a partition we own, or null. */
    PartitionState get(TopicPartition tp) {
        return byPartition.get(tp);
    }

    boolean contains(TopicPartition tp) {
        return byPartition.containsKey(tp);
    }

    /** True if the partition is still ours under the assignment the answer was made for. */
    boolean current(TopicPartition tp, long generation) {
        PartitionState s = byPartition.get(tp);
        return s != null && s.generation == generation;
    }

    /** The owned partitions (a live view). */
    Set<TopicPartition> partitions() {
        return byPartition.keySet();
    }

    /** The owned partitions with their state (a live view). */
    Set<Map.Entry<TopicPartition, PartitionState>> entries() {
        return byPartition.entrySet();
    }

    Collection<PartitionState> states() {
        return byPartition.values();
    }
}
