package io.harbour.indexer;

import io.harbour.indexer.BulkWriter.ItemResult;
import io.harbour.indexer.BulkWriter.Op;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordContext;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way of a record through the indexer: tracked (so its offset is held), converted to
 * documents, its daily index made sure of, handed to the bulk writer, and each bulk result routed
 * on purpose: stored (the offset may move), retried later with backoff, or dead-lettered. It
 * exists to keep that route in one place, apart from the consumer loop that feeds it and the
 * commit that follows it. Results come back from other threads through one queue and are handled
 * here on the poll thread, so no pipeline state is shared.
 */
final class RecordPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(RecordPipeline.class);

    private final Consumer<byte[], byte[]> consumer;
    private final AssignedPartitions partitions;
    private final RecordConverter converter;
    private final DailyIndices dailyIndices;
    private final BulkWriter writer;
    private final RetryScheduler retries;
    private final DeadLetterHandoff deadLetters;
    private final Backoff backoff;
    private final IndexerMetrics metrics;
    private final Queue<Object> results;
    private final Map<String, Long> indexUnavailableUntil = new HashMap<>();
    private final Set<TopicPartition> rewound = new HashSet<>();

    RecordPipeline(Consumer<byte[], byte[]> consumer, AssignedPartitions partitions, RecordConverter converter, DailyIndices dailyIndices,
                   BulkWriter writer, RetryScheduler retries, DeadLetterHandoff deadLetters, Backoff backoff, IndexerMetrics metrics,
                   Queue<Object> results) {
        this.consumer = consumer;
        this.partitions = partitions;
        this.converter = converter;
        this.dailyIndices = dailyIndices;
        this.writer = writer;
        this.retries = retries;
        this.deadLetters = deadLetters;
        this.backoff = backoff;
        this.metrics = metrics;
        this.results = results;
    }

    /** One poll's records, in order. */
    void read(ConsumerRecords<byte[], byte[]> records) {
        rewound.clear();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            read(r);
        }
    }

    /** One record read: track it first (so its offset is held), then convert and submit. */
    private void read(ConsumerRecord<byte[], byte[]> record) {
        metrics.recordsRead.increment();
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        PartitionState state = partitions.get(tp);
        if (state == null || rewound.contains(tp)) {
            return; // revoked while the batch was being handled (its new owner reads it again), or rewound below
        }
        if (!state.prepared) {
            // Fetched before the partition could be paused: read it again once it is prepared.
            consumer.seek(tp, record.offset());
            rewound.add(tp);
            return;
        }
        long bytes = (record.value() == null ? 0 : record.value().length) + (record.key() == null ? 0 : record.key().length);
        RecordConverter.Converted converted;
        try {
            converted = converter.convert(record, state.joiner == null ? null : (ctx, body) -> state.joiner.accept(ctx, body).documents());
        } catch (MalformedRecordException | RuntimeException e) {
            RecordContext context = null;
            try {
                context = RecordConverter.context(record);
            } catch (MalformedRecordException unusable) {
                // realm and receive time unknown: the record cannot hold a realm's watermark
            }
            state.tracker.track(record.offset(), context == null ? state.tracker.lastReadReceivedAtNanos() : context.receivedAtNanos(), 1, bytes);
            String reason = e instanceof MalformedRecordException ? e.getMessage() : "document builder failed: " + e;
            deadLetters.deadLetter(tp, state, record, DeadLetterPublisher.MALFORMED, reason);
            return;
        }
        RecordContext context = converted.context();
        state.tracker.track(record.offset(), context.receivedAtNanos(), converted.documents().size(), bytes);
        if (converted.documents().isEmpty()) {
            metrics.recordsStored.increment();
        }
        for (IndexedDocument d : converted.documents()) {
            submitDocument(tp, state.generation, record, d, false);
        }
    }

    /** Submits one document of a record (or, with a null record, one written by an exchange sweep). */
    void submitDocument(TopicPartition tp, long generation, ConsumerRecord<byte[], byte[]> record, IndexedDocument d, boolean sweep) {
        String index;
        try {
            index = d.index();
        } catch (RuntimeException e) {
            malformed(new Op(tp, generation, record, d, null, sweep), "no index for the document: " + e.getMessage());
            return;
        }
        submit(new Op(tp, generation, record, d, index, sweep));
    }

    /** Makes sure the daily index exists, then hands the operation to the bulk writer (or to a later retry). */
    private void submit(Op op) {
        Long until = indexUnavailableUntil.get(op.index);
        if (until != null && System.nanoTime() < until) {
            retryLater(op, "index " + op.index + " could not be created yet");
            return;
        }
        try {
            dailyIndices.ensure(op.index, op.document.kind(), op.document.realm());
            indexUnavailableUntil.remove(op.index);
        } catch (IOException e) {
            // Other operations for this index wait without asking Elasticsearch again each time.
            indexUnavailableUntil.put(op.index, System.nanoTime() + backoff.delay(op.attempts + 1).toNanos());
            retryLater(op, e.toString());
            return;
        } catch (DailyIndices.IndexRefusedException e) {
            malformed(op, e.getMessage());
            return;
        }
        writer.add(op);
    }

    /** Handles every bulk result and dead-letter acknowledgement that came back since the last call. */
    void drainResults() {
        Object r;
        while ((r = results.poll()) != null) {
            if (r instanceof ItemResult item) {
                handle(item);
            } else if (r instanceof DeadLetterHandoff.Ack ack) {
                deadLetters.handle(ack);
            }
        }
    }

    private void handle(ItemResult item) {
        Op op = item.op();
        if (op.partition != null && !partitions.current(op.partition, op.generation)) {
            return;
        }
        switch (item.outcome()) {
            case STORED -> {
                metrics.documentsStored.increment();
                if (op.sweep) {
                    PartitionState s = partitions.get(op.partition);
                    if (--s.sweepWritesOutstanding <= 0) {
                        s.sweepWritesOutstanding = 0;
                        s.sweepHoldNanos = Long.MAX_VALUE;
                    }
                } else if (op.partition != null) {
                    OffsetTracker t = partitions.get(op.partition).tracker;
                    boolean wasPending = t.isPending(op.offset);
                    t.documentStored(op.offset);
                    if (wasPending && !t.isPending(op.offset)) {
                        metrics.recordsStored.increment();
                    }
                }
            }
            case RETRY -> {
                if ("index_not_found_exception".equals(item.errorType())) {
                    dailyIndices.forget(op.index);
                }
                retryLater(op, item.reason());
            }
            case MALFORMED -> malformed(op, item.reason());
        }
    }

    private void retryLater(Op op, String reason) {
        metrics.retries.increment();
        Duration wait = backoff.delay(Math.max(1, op.attempts));
        if (op.attempts <= 1 || op.attempts % 20 == 0) {
            LOG.warn("retrying {} {} in {} ms (attempt {}): {}", op.index, op.document.id(), wait.toMillis(), op.attempts + 1, reason);
        }
        retries.schedule(wait, op.partition, op.generation, () -> submit(op));
    }

    private void malformed(Op op, String reason) {
        if (op.record == null) {
            // A sweep document has no record to park; it is the joiner's own, so this is a defect to see in the log.
            LOG.error("document {} in {} refused and dropped: {}", op.document.id(), op.index, reason);
            return;
        }
        PartitionState state = partitions.get(op.partition);
        deadLetters.deadLetter(op.partition, state, op.record, DeadLetterPublisher.REJECTED, reason);
    }
}
