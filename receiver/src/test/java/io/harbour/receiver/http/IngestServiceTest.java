package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IngestServiceTest {
    private static final String ENTRY = "{\"app\":\"a\",\"when\":\"2026-11-23T05:56:38Z\"}";

    private final ExecutorService decoders = Executors.newSingleThreadExecutor();
    /** Bodies handed to the decode pool. */
    private final AtomicInteger pooled = new AtomicInteger();
    private final TestPublisher publisher = new TestPublisher();
    private final ReceiverHttpSettings settings = ReceiverHttpSettings.defaults().toBuilder()
            .publishTimeout(Duration.ofMillis(200)).retryAfter(Duration.ofSeconds(4)).build();
    private final InFlightBudget budget = new InFlightBudget(settings.maxInFlightBytes());
    private final IngestService service = new IngestService(settings, publisher,
            new ReceiverMetrics(new SimpleMeterRegistry(), budget), task -> {
                pooled.incrementAndGet();
                decoders.execute(task);
            });

    @AfterEach
    void stop() {
        decoders.shutdownNow();
    }

    private CompletableFuture<Reply> start(byte[] bytes, ContentEncoding encoding) {
        InFlightBudget.Reservation reservation = budget.open();
        reservation.grow(bytes.length);
        IngestRequest request = new IngestRequest(Route.LOGHARBOUR_ENTRIES, encoding, false,
                new Sender("acme", "key:k1", "192.0.2.1", 1L, "R1"), reservation);
        return service.ingest(request, bytes);
    }

    private Reply ingest(String body) throws Exception {
        return start(body.getBytes(StandardCharsets.UTF_8), ContentEncoding.IDENTITY).get(5, TimeUnit.SECONDS);
    }

    /** Entries, one a line, until the body is past the inline limit. */
    private static String largeBody() {
        StringBuilder body = new StringBuilder();
        while (body.length() <= IngestService.INLINE_MAX_BYTES) {
            body.append(ENTRY).append('\n');
        }
        return body.toString();
    }

    // --- the answers, the same on the event loop (small body) and in the pool -----------------------

    @ParameterizedTest(name = "publisher never blocks: {0}")
    @ValueSource(booleans = {true, false})
    void noAcknowledgementWithinThePublishTimeoutIs503AndNeverAccepted(boolean nonBlocking) throws Exception {
        publisher.nonBlocking = nonBlocking;
        publisher.mode = TestPublisher.Mode.HOLD;
        Reply reply = ingest(ENTRY);
        assertEquals(503, reply.status().code());
        assertEquals(Duration.ofSeconds(4), reply.retryAfter());
        JsonNode body = Json.mapper().readTree(reply.body());
        assertNull(body.get("accepted"));
        assertTrue(body.path("error").path("message").asText().contains("within"), body.toString());
        assertEquals(0, budget.used());
        // The publisher's own future is left alone: only the receiver's copy timed out.
        assertTrue(!publisher.held.get(0).isDone());
        assertEquals(nonBlocking ? 0 : 1, pooled.get());
    }

    @ParameterizedTest(name = "publisher never blocks: {0}")
    @ValueSource(booleans = {true, false})
    void aPublisherThatThrowsIs503(boolean nonBlocking) throws Exception {
        publisher.nonBlocking = nonBlocking;
        publisher.mode = TestPublisher.Mode.THROW;
        assertEquals(503, ingest(ENTRY).status().code());
        assertEquals(0, budget.used());
    }

    @ParameterizedTest(name = "publisher never blocks: {0}")
    @ValueSource(booleans = {true, false})
    void successComesFromTheAcknowledgementAndGivesTheBudgetBack(boolean nonBlocking) throws Exception {
        publisher.nonBlocking = nonBlocking;
        Reply reply = ingest(ENTRY + "\n" + ENTRY + "\n");
        assertEquals(202, reply.status().code());
        assertEquals("{\"accepted\":2,\"receipt\":\"R1\"}", new String(reply.body(), StandardCharsets.UTF_8));
        assertEquals(0, budget.used());
        assertEquals(nonBlocking ? 0 : 1, pooled.get());
    }

    @ParameterizedTest(name = "publisher never blocks: {0}")
    @ValueSource(booleans = {true, false})
    void badLogsAre400WithNothingPublished(boolean nonBlocking) throws Exception {
        publisher.nonBlocking = nonBlocking;
        Reply reply = ingest(ENTRY + "\n{not json\n");
        assertEquals(400, reply.status().code());
        assertEquals("invalid_batch", reply.code());
        assertEquals(0, publisher.calls);
        assertEquals(0, budget.used());
    }

    // --- which thread -------------------------------------------------------------------------------

    @Test
    void aSmallBodyIsReadAndPublishedOnTheCallingThread() throws Exception {
        publisher.mode = TestPublisher.Mode.HOLD;
        CompletableFuture<Reply> answer = start(ENTRY.getBytes(StandardCharsets.UTF_8), ContentEncoding.IDENTITY);
        assertSame(Thread.currentThread(), publisher.caller, "published on this thread, before ingest() returned");
        assertEquals(0, pooled.get());
        assertFalse(answer.isDone(), "the 202 waits for the acknowledgement");
        publisher.held.get(0).complete(null);
        assertEquals(202, answer.get(5, TimeUnit.SECONDS).status().code());
        assertEquals(0, budget.used());
    }

    @Test
    void anInlineRefusalIsCompleteWhenIngestReturns() throws Exception {
        CompletableFuture<Reply> answer = start("{not json\n".getBytes(StandardCharsets.UTF_8), ContentEncoding.IDENTITY);
        assertTrue(answer.isDone());
        assertEquals(400, answer.get().status().code());
        assertEquals(0, pooled.get());
        assertEquals(0, budget.used(), "the reservation is closed with the answer");
    }

    @Test
    void aBodyPastTheInlineLimitGoesToThePool() throws Exception {
        String body = largeBody();
        Reply reply = ingest(body);
        assertEquals(202, reply.status().code());
        assertEquals(1, pooled.get());
        assertNotSame(Thread.currentThread(), publisher.caller);
        assertEquals(body.split("\n").length, publisher.published().size());
        assertEquals(0, budget.used());
    }

    @Test
    void aBodyAtTheInlineLimitIsReadInline() throws Exception {
        String head = "{\"app\":\"a\",\"when\":\"2026-11-23T05:56:38Z\",\"msg\":\"";
        String body = head + "m".repeat(IngestService.INLINE_MAX_BYTES - head.length() - 3) + "\"}\n";
        assertEquals(IngestService.INLINE_MAX_BYTES, body.length());
        assertEquals(202, ingest(body).status().code());
        assertEquals(0, pooled.get());
    }

    @Test
    void aSmallGzipBodyGoesToThePool() throws Exception {
        byte[] gzip = IngestHandlerTest.gzip((ENTRY + "\n").getBytes(StandardCharsets.UTF_8));
        assertTrue(gzip.length <= IngestService.INLINE_MAX_BYTES);
        Reply reply = start(gzip, ContentEncoding.GZIP).get(5, TimeUnit.SECONDS);
        assertEquals(202, reply.status().code());
        assertEquals(1, pooled.get());
        assertNotSame(Thread.currentThread(), publisher.caller);
        assertEquals(0, budget.used());
    }

    @Test
    void aSmallBodyGoesToThePoolWhenPublishingMightBlock() throws Exception {
        publisher.nonBlocking = false;
        assertEquals(202, ingest(ENTRY).status().code());
        assertEquals(1, pooled.get());
        assertNotSame(Thread.currentThread(), publisher.caller);
    }

    @Test
    void aShutDownDecodePoolIs503() throws Exception {
        decoders.shutdown();
        Reply reply = ingest(largeBody());
        assertEquals(503, reply.status().code());
        assertEquals("shutting_down", reply.code());
        assertEquals(0, budget.used());
    }
}
