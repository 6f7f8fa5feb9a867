package io.harbour.indexer;

import java.time.Duration;
import java.util.Queue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks a record the indexer cannot store (malformed, or refused by Elasticsearch) in the
 * dead-letter topic and counts it done only once Kafka acknowledges it. It exists because a
 * dead letter is part of the commit promise: its offset is held until the acknowledgement
 * comes back (on the producer's thread, through the results queue, handled on the poll thread),
 * and a failed send is retried with backoff rather than lost or allowed to stop the indexer.
 */
final class DeadLetterHandoff {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandoff.class);

    /** Kafka's answer to a dead letter. */
    record Ack(TopicPartition partition, long generation, ConsumerRecord<byte[], byte[]> record,
               String stage, String reason, int attempt, Exception error) {
    }

    private final DeadLetterPublisher publisher;
    private final AssignedPartitions partitions;
    private final RetryScheduler retries;
    private final Backoff backoff;
    private final IndexerMetrics metrics;
    private final Queue<Object> results;

    DeadLetterHandoff(DeadLetterPublisher publisher, AssignedPartitions partitions, RetryScheduler retries, Backoff backoff,
                      IndexerMetrics metrics, Queue<Object> results) {
        this.publisher = publisher;
        this.partitions = partitions;
        this.retries = retries;
        this.backoff = backoff;
        this.metrics = metrics;
        this.results = results;
    }

    /** Sends the record to the dead-letter topic, once per record however many of its documents fail. */
    void deadLetter(TopicPartition tp, PartitionState state, ConsumerRecord<byte[], byte[]> record, String stage, String reason) {
        if (!state.tracker.startDeadLetter(record.offset())) {
            return;
        }
        LOG.warn("dead-lettering {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), stage, reason);
        send(tp, state.generation, record, stage, reason, 1);
    }

    private void send(TopicPartition tp, long generation, ConsumerRecord<byte[], byte[]> record, String stage, String reason, int attempt) {
        try {
            publisher.publish(record, stage, reason, error -> results.add(new Ack(tp, generation, record, stage, reason, attempt, error)));
        } catch (RuntimeException e) {
            results.add(new Ack(tp, generation, record, stage, reason, attempt, e));
        }
    }

    void handle(Ack ack) {
        if (!partitions.current(ack.partition(), ack.generation())) {
            return;
        }
        if (ack.error() != null) {
            Duration wait = backoff.delay(ack.attempt());
            LOG.warn("dead letter for {}-{}@{} not acknowledged ({}); sending again in {} ms", ack.record().topic(),
                    ack.record().partition(), ack.record().offset(), ack.error().toString(), wait.toMillis());
            metrics.retries.increment();
            retries.schedule(wait, ack.partition(), ack.generation(),
                    () -> send(ack.partition(), ack.generation(), ack.record(), ack.stage(), ack.reason(), ack.attempt() + 1));
            return;
        }
        partitions.get(ack.partition()).tracker.deadLettered(ack.record().offset());
        metrics.recordsDeadLettered.increment();
        (DeadLetterPublisher.MALFORMED.equals(ack.stage()) ? metrics.deadLettersMalformed : metrics.deadLettersRejected).increment();
    }
}
