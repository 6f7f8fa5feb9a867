package io.harbour.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.indexer.FailureClassifier.Outcome;
import io.harbour.layout.IndexedDocument;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes documents with elasticsearch-java's {@link BulkIngester}: it flushes by count, bytes
 * and time, keeps each operation's context (its record's partition and offset) beside it so
 * results map back to records without side tables, and blocks {@code add} when its buffer and
 * its requests in flight are full, which is backpressure for free.
 *
 * <p>The ingester's own retry ({@code backoffPolicy}) is left off on purpose: it covers item-level
 * 429 only and gives up after a fixed count, while a refused connection, a timeout or a 503 fail
 * the whole request and need the same treatment. Every retryable failure comes back here as a
 * {@link ItemResult} with {@link Outcome#RETRY}, and the indexer retries it with one policy
 * (exponential backoff, jitter, partitions paused meanwhile) that never gives up.
 *
 * <p>Results are handed to a sink from the ingester's threads; the sink must only queue them.
 */
final class BulkWriter implements AutoCloseable {

    /** One document on its way to Elasticsearch, with where it came from. */
    static final class Op {
        /** The record's partition (for a sweep, the partition whose joiner swept). */
        final TopicPartition partition;
        /** The assignment the record was read under; results of an older assignment are ignored. */
        final long generation;
        final long offset;
        final ConsumerRecord<byte[], byte[]> record;
        final IndexedDocument document;
        final String index;
        /** Written by an exchange sweep, not by a record: holds the partition's watermark until stored. */
        final boolean sweep;
        int attempts;

        Op(TopicPartition partition, long generation, ConsumerRecord<byte[], byte[]> record, IndexedDocument document, String index,
           boolean sweep) {
            this.sweep = sweep;
            this.partition = partition;
            this.generation = generation;
            this.offset = record == null ? -1 : record.offset();
            this.record = record;
            this.document = document;
            this.index = index;
        }
    }

    /** What became of one operation. {@code reason} is set for RETRY and MALFORMED. */
    record ItemResult(Op op, Outcome outcome, int status, String errorType, String reason) {
    }

    /** Update conflicts between two requests in flight resolve themselves inside Elasticsearch first. */
    private static final int RETRY_ON_CONFLICT = 5;

    private final BulkIngester<Op> ingester;
    private final ScheduledExecutorService scheduler;
    private final Map<Long, Long> startedNanos = new ConcurrentHashMap<>();

    BulkWriter(ElasticsearchAsyncClient client, IndexerConfig.Bulk settings, Timer latency, Consumer<ItemResult> sink) {
        // Our own scheduler, so that a crash can stop the ingester's threads without flushing.
        this.scheduler = Executors.newScheduledThreadPool(settings.maxConcurrentRequests() + 1, r -> {
            Thread t = new Thread(r, "harbour-bulk");
            t.setDaemon(true);
            return t;
        });
        BulkListener<Op> listener = new BulkListener<>() {
            @Override
            public void beforeBulk(long executionId, BulkRequest request, List<Op> contexts) {
                startedNanos.put(executionId, System.nanoTime());
            }

            @Override
            public void afterBulk(long executionId, BulkRequest request, List<Op> contexts, BulkResponse response) {
                record(executionId);
                List<BulkResponseItem> items = response.items();
                for (int i = 0; i < contexts.size(); i++) {
                    Op op = contexts.get(i);
                    if (i >= items.size()) {
                        sink.accept(new ItemResult(op, Outcome.RETRY, 0, null, "no answer for this item"));
                        continue;
                    }
                    BulkResponseItem item = items.get(i);
                    String type = item.error() == null ? null : item.error().type();
                    String why = item.error() == null ? null : item.error().reason();
                    Outcome outcome = FailureClassifier.classify(op.document.mode(), item.status(), type);
                    sink.accept(new ItemResult(op, outcome, item.status(), type,
                            outcome == Outcome.STORED ? null : FailureClassifier.reason(item.status(), type, why)));
                }
            }

            @Override
            public void afterBulk(long executionId, BulkRequest request, List<Op> contexts, Throwable failure) {
                record(executionId);
                String why = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                for (Op op : contexts) {
                    sink.accept(new ItemResult(op, FailureClassifier.classify(failure), 0, null, why));
                }
            }

            private void record(long executionId) {
                Long began = startedNanos.remove(executionId);
                if (began != null) {
                    latency.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
                }
            }
        };
        this.ingester = BulkIngester.of(b -> b
                .client(client)
                .maxOperations(settings.maxOperations())
                .maxSize(settings.maxBytes())
                .flushInterval(settings.flushInterval().toMillis(), TimeUnit.MILLISECONDS)
                .maxConcurrentRequests(settings.maxConcurrentRequests())
                .scheduler(scheduler)
                .listener(listener));
    }

    /** Queues the operation; blocks while the buffer and the requests in flight are full. */
    void add(Op op) {
        op.attempts++;
        ingester.add(operation(op), op);
    }

    static BulkOperation operation(Op op) {
        IndexedDocument d = op.document;
        if (d.json() != null) {
            // Already serialized (CREATE only): the ingester takes the bytes as they are.
            BinaryData json = BinaryData.of(d.json(), "application/json");
            return BulkOperation.of(b -> b.create(c -> c.index(op.index).id(d.id()).document(json)));
        }
        ObjectNode source = d.source();
        if (d.mode() == IndexedDocument.WriteMode.CREATE) {
            // create, not index: a replayed record must not overwrite, and its 409 says "already there".
            return BulkOperation.of(b -> b.create(c -> c.index(op.index).id(d.id()).document(source)));
        }
        // A separate upsert lets the half that opens an exchange set "pending" only when it creates it.
        ObjectNode upsert = d.upsert();
        return BulkOperation.of(b -> b.<ObjectNode, ObjectNode>update(u -> u.index(op.index).id(d.id())
                .retryOnConflict(RETRY_ON_CONFLICT)
                .action(a -> upsert == null ? a.doc(source).docAsUpsert(true) : a.doc(source).upsert(upsert))));
    }

    /** Sends what is buffered now rather than at the next interval. */
    void flush() {
        ingester.flush();
    }

    /** Operations buffered, not yet sent. */
    int buffered() {
        return ingester.pendingOperations();
    }

    /** Flushes and waits for every request in flight to be answered. */
    @Override
    public void close() {
        ingester.close();
        scheduler.shutdownNow();
    }

    /** A crash: stops the ingester's threads without flushing; what was in flight may or may not land. */
    void abandon() {
        scheduler.shutdownNow();
    }
}
