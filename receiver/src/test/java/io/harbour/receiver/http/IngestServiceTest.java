package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
    private static final String ENTRY = "{\"app\":\"a\",\"when\":\"2026-11-23T05:56:38Z\"}";

    private final ExecutorService decoders = Executors.newSingleThreadExecutor();
    private final TestPublisher publisher = new TestPublisher();
    private final ReceiverHttpSettings settings = ReceiverHttpSettings.defaults().toBuilder()
            .publishTimeout(Duration.ofMillis(200)).retryAfter(Duration.ofSeconds(4)).build();
    private final InFlightBudget budget = new InFlightBudget(settings.maxInFlightBytes());
    private final IngestService service = new IngestService(settings, publisher,
            new ReceiverMetrics(new SimpleMeterRegistry(), budget), decoders);

    @AfterEach
    void stop() {
        decoders.shutdownNow();
    }

    private Reply ingest(String body) throws Exception {
        InFlightBudget.Reservation reservation = budget.open();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        reservation.grow(bytes.length);
        IngestRequest request = new IngestRequest(Route.LOGHARBOUR_ENTRIES, ContentEncoding.IDENTITY, false,
                new Sender("acme", "key:k1", "192.0.2.1", 1L, "R1"), reservation);
        return service.ingest(request, bytes).get(5, TimeUnit.SECONDS);
    }

    @Test
    void noAcknowledgementWithinThePublishTimeoutIs503AndNeverAccepted() throws Exception {
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
    }

    @Test
    void aPublisherThatThrowsIs503() throws Exception {
        publisher.mode = TestPublisher.Mode.THROW;
        assertEquals(503, ingest(ENTRY).status().code());
    }

    @Test
    void successComesFromTheAcknowledgementAndGivesTheBudgetBack() throws Exception {
        Reply reply = ingest(ENTRY + "\n" + ENTRY + "\n");
        assertEquals(202, reply.status().code());
        assertEquals("{\"accepted\":2,\"receipt\":\"R1\"}", new String(reply.body(), StandardCharsets.UTF_8));
        assertEquals(0, budget.used());
    }

    @Test
    void aShutDownDecodePoolIs503() throws Exception {
        decoders.shutdown();
        Reply reply = ingest(ENTRY);
        assertEquals(503, reply.status().code());
        assertEquals("shutting_down", reply.code());
        assertEquals(0, budget.used());
    }
}
