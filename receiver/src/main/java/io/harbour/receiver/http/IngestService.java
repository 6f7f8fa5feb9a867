package io.harbour.receiver.http;

import io.harbour.model.BatchReader;
import io.harbour.model.LogKind;
import io.harbour.model.Problem;
import io.harbour.receiver.IngestPublisher;
import io.harbour.receiver.IngestRecord;
import io.harbour.receiver.PublishException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an ingest route does once the body is in: inflate, read, check, build records, publish,
 * and choose the answer. Knows nothing of Netty channels, so it is tested on its own.
 *
 * <p>The 202 promise lives here: a success answer is made only in the publisher's completion,
 * which comes after Kafka acknowledged every record. Any failure, a timeout included, is a 429 or
 * a 503 and never mentions acceptance. Bad logs refuse the whole request (400, every problem
 * listed, nothing published) unless the sender asked for {@code partial=true}.
 *
 * <p>A small body that is not gzip ({@link #INLINE_MAX_BYTES}) is read, checked and published on
 * the caller's thread, the event loop, when the publisher says it will not block; anything else
 * goes to the decode pool. The returned future always completes normally (with a {@link Reply});
 * it may complete on a decode thread, a Kafka thread or, for an answer known before
 * {@link #ingest} returns (a 400, a refused publish), on the caller's thread before it returns.
 */
final class IngestService {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    /**
     * Bodies up to this size, as received and not gzip-coded, are handled on the calling thread
     * (the event loop). Handing a body to the pool costs the same per request whatever its size (a
     * queue lock and, often, waking a decode thread), which weighs most on single small logs;
     * reading, checking and publishing a few kilobytes of JSON is short enough for the event loop.
     * Larger bodies and every gzip one (inflating can run up to the decompression limit) stay off
     * it: it serves many connections and must not stall on one request.
     */
    static final int INLINE_MAX_BYTES = 8 * 1024;

    private final ReceiverHttpSettings settings;
    private final IngestPublisher publisher;
    private final ReceiverMetrics metrics;
    private final Executor decodeExecutor;
    private final RecordBuilder builder;

    IngestService(ReceiverHttpSettings settings, IngestPublisher publisher, ReceiverMetrics metrics, Executor decodeExecutor) {
        this.settings = settings;
        this.publisher = publisher;
        this.metrics = metrics;
        this.decodeExecutor = decodeExecutor;
        this.builder = new RecordBuilder(new BatchReader(settings.maxJsonDepth()), settings.maxItemBytes());
    }

    /**
     * @param body the body as received; the caller must drop its own reference, so the bytes can
     *             be collected as soon as they are decoded
     */
    CompletableFuture<Reply> ingest(IngestRequest request, byte[] body) {
        CompletableFuture<Reply> answer = new CompletableFuture<>();
        if (inline(request, body)) {
            run(request, body, answer);
        } else {
            try {
                decodeExecutor.execute(() -> run(request, body, answer));
            } catch (RejectedExecutionException e) {
                answer.complete(Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "shutting_down",
                        "the receiver is shutting down; retry on another instance").withRetryAfter(settings.retryAfter()));
            }
        }
        // Whatever happened, the request's bytes are no longer held once the answer is known.
        return answer.whenComplete((reply, failure) -> request.reservation().close());
    }

    /** Whether to skip the decode pool: see {@link #INLINE_MAX_BYTES}; publishing must not block either. */
    private boolean inline(IngestRequest request, byte[] body) {
        return body.length <= INLINE_MAX_BYTES && request.encoding() == ContentEncoding.IDENTITY
                && publisher.publishesWithoutBlocking(request.route().kind());
    }

    private void run(IngestRequest request, byte[] received, CompletableFuture<Reply> answer) {
        try {
            InFlightBudget.Reservation reservation = request.reservation();
            byte[] body = request.encoding().decode(received, settings.maxDecompressedBytes(), reservation, settings.retryAfter());
            if (body != received) {
                reservation.shrink(received.length);
            }
            RecordBuilder.Built built = builder.build(request.route().kind(), body, request.sender());
            Reply refusal = refusal(built, request.partial());
            if (refusal != null) {
                answer.complete(refusal);
                return;
            }
            // From here the records (copies of the logs) are what the request holds; the body can go.
            long recordBytes = 0;
            for (IngestRecord record : built.records()) {
                recordBytes += record.body().length;
            }
            reservation.holdExactly(recordBytes);
            publish(request, built, answer);
        } catch (HttpRefusal refusal) {
            answer.complete(Reply.from(refusal));
        } catch (RuntimeException e) {
            LOG.error("ingest of receipt {} failed unexpectedly", request.sender().receiptId(), e);
            answer.complete(Reply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error",
                    "the receiver failed to process the request; nothing was accepted"));
        }
    }

    /** The 400 for bad logs, or null if the request may go on. */
    private static Reply refusal(RecordBuilder.Built built, boolean partial) {
        List<Problem> problems = built.problems();
        if (problems.isEmpty()) {
            return null;
        }
        if (!partial) {
            return Reply.error(HttpResponseStatus.BAD_REQUEST, "invalid_batch",
                    problems.size() + " problem(s) in " + built.items() + " log(s); nothing was accepted"
                            + " (send ?partial=true to accept the valid logs)", problems);
        }
        if (built.records().isEmpty()) {
            return Reply.error(HttpResponseStatus.BAD_REQUEST, "invalid_batch",
                    "no valid log in the body; nothing was accepted", problems);
        }
        return null;
    }

    private void publish(IngestRequest request, RecordBuilder.Built built, CompletableFuture<Reply> answer) {
        List<IngestRecord> records = built.records();
        CompletableFuture<Void> published;
        try {
            published = publisher.publish(records);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        // copy(): the timeout must not complete the publisher's own future behind its back.
        published.copy()
                .orTimeout(settings.publishTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        LogKind kind = request.route().kind();
                        metrics.accepted(kind, records.size());
                        answer.complete(Reply.accepted(records.size(), request.sender().receiptId(),
                                built.problems(), request.partial()));
                    } else {
                        answer.complete(publishFailure(failure, request));
                    }
                });
    }

    private Reply publishFailure(Throwable failure, IngestRequest request) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof PublishException p && p.reason() == PublishException.Reason.BUSY) {
            return Reply.error(HttpResponseStatus.TOO_MANY_REQUESTS, "kafka_busy",
                    "too much is waiting for Kafka; nothing was accepted, retry later: " + p.getMessage())
                    .withRetryAfter(orDefault(p.retryAfter()));
        }
        Duration retryAfter = cause instanceof PublishException p ? orDefault(p.retryAfter()) : settings.retryAfter();
        String why = cause instanceof TimeoutException
                ? "no acknowledgement from Kafka within " + settings.publishTimeout().toSeconds() + " s"
                : String.valueOf(cause.getMessage());
        LOG.warn("receipt {}: {} record(s) not acknowledged: {}", request.sender().receiptId(), request.route().kind().wireName(), why);
        return Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "kafka_unavailable",
                "Kafka did not acknowledge the logs; nothing was accepted, retry later: " + why)
                .withRetryAfter(retryAfter);
    }

    private Duration orDefault(Duration retryAfter) {
        return retryAfter == null || retryAfter.isZero() || retryAfter.isNegative() ? settings.retryAfter() : retryAfter;
    }
}
