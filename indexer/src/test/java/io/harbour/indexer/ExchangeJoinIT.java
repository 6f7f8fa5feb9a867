package io.harbour.indexer;

import static io.harbour.indexer.ExtraHopExchanges.assertComplete;
import static io.harbour.indexer.ExtraHopExchanges.assertIdentity;
import static io.harbour.indexer.ExtraHopExchanges.assertRequest;
import static io.harbour.indexer.ExtraHopExchanges.assertResponse;
import static io.harbour.indexer.ExtraHopExchanges.inState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.indexer.ExtraHopExchanges.Half;
import io.harbour.layout.Times;
import io.harbour.layout.exchange.ExchangeFields;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The ExtraHop join against a real broker and a real node, through the production indexer: each
 * case in its own realm (so each sees only its own exchange documents, through its realm alias),
 * one indexer for the class, with a short join window so that an orphan shows within seconds.
 *
 * <p>Receive times are set by the test (the receiver's header), near the wall clock: the joiner
 * measures its window in receive times, and the indexer's sweep, once caught up, in the wall clock
 * less the grace. Every case ends by waiting until the group has committed every record sent, so
 * that each record has been joined and its writes stored before the documents are counted.
 */
@ExtendWith(HarbourStackExtension.class)
class ExchangeJoinIT {
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final Duration GRACE = Duration.ofSeconds(1);
    static final long MS = 1_000_000L;

    private static Harness h;
    private static ExtraHopExchanges x;
    private static Indexer indexer;

    @BeforeAll
    static void start(KafkaBroker kafka, ElasticsearchNode es) throws Exception {
        h = new Harness(kafka, es, "exchange-join");
        x = new ExtraHopExchanges(h);
        IndexerConfig c = h.config;
        IndexerConfig config = new IndexerConfig(c.kafka(), c.elasticsearch(), c.bulk(), c.retry(),
                new IndexerConfig.Join(WINDOW, GRACE), c.retention(), c.indices(), c.watermark());
        indexer = Indexer.builder(config).build().start();
        // One pair through first: every partition is assigned and prepared before a case's clock starts.
        long t = Harness.nowNanos();
        x.send(x.request("xj-warmup", 1, "GET", "/warmup", "w", t), x.response("xj-warmup", 1, 200, false, "w", t + MS));
        x.awaitComplete("xj-warmup", 1);
    }

    @AfterAll
    static void stop() {
        if (indexer != null) {
            assertNull(indexer.failure(), "the indexer never gave up");
            indexer.close();
        }
        if (h != null) {
            h.close();
        }
    }

    @Test
    void requestBeforeResponseIsOneCompleteExchange() throws Exception {
        String realm = "xj-request-first";
        long t = Harness.nowNanos();
        Half request = x.request(realm, 302, "POST", "/api/v1/metrics?cycle=30sec", "q-302", t);
        Half response = x.response(realm, 302, 200, false, "a-302", t + 137 * MS + 250_000);
        x.send(request, response);

        x.awaitComplete(realm, 1);
        x.awaitAllCommitted();
        List<JsonNode> exchanges = x.exchanges(realm);
        assertEquals(1, exchanges.size(), exchanges::toString);
        assertComplete(exchanges.get(0), request, response, ExchangeFields.REQUEST);
        assertEquals(137.25, exchanges.get(0).path(ExchangeFields.LATENCY_MS).asDouble(), 1e-9);
    }

    /**
     * The response is read first (lower offset). Two ways that happens: two receivers, the one
     * that got the request produced it later (the request's receive time is still the earlier);
     * or the sensor sent the response first (its receive time is the earlier: latency is negative,
     * as {@link ExchangeFields#LATENCY_MS} says). Either way one complete exchange, opened by the response.
     */
    @Test
    void responseBeforeRequestIsOneCompleteExchange() throws Exception {
        String realm = "xj-response-first";
        String realmSwapped = "xj-response-received-first";
        long t = Harness.nowNanos();
        Half request = x.request(realm, 7, "PUT", "/api/v1/models/7", "q-7", t);
        Half response = x.response(realm, 7, 201, true, "a-7", t + 80 * MS);
        Half response2 = x.response(realmSwapped, 8, 404, false, "a-8", t);
        Half request2 = x.request(realmSwapped, 8, "GET", "/api/v1/models/8?full=true", "q-8", t + 45 * MS);
        x.send(response, request, response2, request2);

        x.awaitComplete(realm, 1);
        x.awaitComplete(realmSwapped, 1);
        x.awaitAllCommitted();
        List<JsonNode> exchanges = x.exchanges(realm);
        assertEquals(1, exchanges.size(), exchanges::toString);
        assertComplete(exchanges.get(0), request, response, ExchangeFields.RESPONSE);
        assertEquals(80.0, exchanges.get(0).path(ExchangeFields.LATENCY_MS).asDouble(), 1e-9);

        List<JsonNode> swapped = x.exchanges(realmSwapped);
        assertEquals(1, swapped.size(), swapped::toString);
        assertComplete(swapped.get(0), request2, response2, ExchangeFields.RESPONSE);
        assertEquals(-45.0, swapped.get(0).path(ExchangeFields.LATENCY_MS).asDouble(), 1e-9);
    }

    /**
     * Each half sent twice (a sender's retry: same bytes, received later, another offset), once
     * with the copy right behind the original, once with both copies after the exchange completed:
     * still one complete exchange, holding the first copy of each half.
     */
    @Test
    void aDuplicatedPairIsStillOneCompleteExchange() throws Exception {
        String adjacent = "xj-dup-adjacent";
        String late = "xj-dup-late";
        long t = Harness.nowNanos();
        Half request = x.request(adjacent, 11, "POST", "/api/v1/detections", "q-11", t);
        Half response = x.response(adjacent, 11, 200, false, "a-11", t + 20 * MS);
        x.send(request, x.resend(request, t + 300 * MS), response, x.resend(response, t + 320 * MS));

        Half lateRequest = x.request(late, 12, "POST", "/api/v1/detections", "q-12", t);
        Half lateResponse = x.response(late, 12, 500, false, "a-12", t + 30 * MS);
        x.send(lateRequest, lateResponse);
        List<JsonNode> before = x.awaitComplete(late, 1);
        // Within the window of the originals (a resend), read after the exchange completed.
        x.send(x.resend(lateRequest, t + 1500 * MS), x.resend(lateResponse, t + 1510 * MS));

        x.awaitComplete(adjacent, 1);
        x.awaitAllCommitted();
        List<JsonNode> exchanges = x.exchanges(adjacent);
        assertEquals(1, exchanges.size(), exchanges::toString);
        assertComplete(exchanges.get(0), request, response, ExchangeFields.REQUEST);
        assertEquals(20.0, exchanges.get(0).path(ExchangeFields.LATENCY_MS).asDouble(), 1e-9);

        List<JsonNode> lateExchanges = x.exchanges(late);
        assertEquals(1, lateExchanges.size(), lateExchanges::toString);
        assertComplete(lateExchanges.get(0), lateRequest, lateResponse, ExchangeFields.REQUEST);
        assertEquals(before.get(0), lateExchanges.get(0), "the copies changed nothing");
    }

    /**
     * The joiner's reset: a request arriving when the key's exchange is complete opens a new
     * exchange, even within the window, because its bytes differ (a resend would not). The sensor
     * starts at sequence 1 again one second later: two complete exchanges, and the first is
     * exactly as it was before the second came.
     */
    @Test
    void aSequenceResetAfterTheFirstExchangeCompletedIsASecondExchange() throws Exception {
        String realm = "xj-reset";
        long t = Harness.nowNanos();
        Half request1 = x.request(realm, 1, "POST", "/api/v1/predict?model=a", "before-reset", t);
        Half response1 = x.response(realm, 1, 200, false, "answer-before-reset", t + 50 * MS);
        x.send(request1, response1);
        JsonNode first = x.awaitComplete(realm, 1).get(0);
        assertComplete(first, request1, response1, ExchangeFields.REQUEST);

        Half request2 = x.request(realm, 1, "POST", "/api/v1/predict?model=b", "after-reset", t + 1000 * MS);
        Half response2 = x.response(realm, 1, 503, false, "answer-after-reset", t + 1070 * MS);
        x.send(request2, response2);
        x.awaitComplete(realm, 2);
        x.awaitAllCommitted();

        List<JsonNode> exchanges = x.exchanges(realm);
        assertEquals(2, exchanges.size(), exchanges::toString);
        assertEquals(first, exchanges.get(0), "the first exchange is not overwritten");
        assertComplete(exchanges.get(0), request1, response1, ExchangeFields.REQUEST);
        assertComplete(exchanges.get(1), request2, response2, ExchangeFields.REQUEST);
        assertNotEquals(exchanges.get(0).path("_id").asText(), exchanges.get(1).path("_id").asText());
        assertEquals("/api/v1/predict?model=a", exchanges.get(0).at("/request/uri").asText());
        assertEquals("/api/v1/predict?model=b", exchanges.get(1).at("/request/uri").asText());
        assertEquals("answer-before-reset", exchanges.get(0).at("/response/body/marker").asText());
        assertEquals("answer-after-reset", exchanges.get(1).at("/response/body/marker").asText());
    }

    /**
     * A reset later than the window: the restarted sensor makes the very same request (same bytes),
     * which the joiner recognises as a resend only within the window. Beyond it, the same request
     * with a new answer is a second exchange.
     */
    @Test
    void aSequenceResetBeyondTheWindowWithTheSameRequestIsASecondExchange() throws Exception {
        String realm = "xj-reset-later";
        long t = Harness.nowNanos();
        Half request1 = x.request(realm, 1, "GET", "/api/v1/status", "same", t);
        Half response1 = x.response(realm, 1, 200, false, "up", t + 10 * MS);
        long later = t + WINDOW.toNanos() + 500 * MS;
        Half request2 = x.resend(request1, later);
        Half response2 = x.response(realm, 1, 200, false, "degraded", later + 12 * MS);
        x.send(request1, response1, request2, response2);

        x.awaitComplete(realm, 2);
        x.awaitAllCommitted();
        List<JsonNode> exchanges = x.exchanges(realm);
        assertEquals(2, exchanges.size(), exchanges::toString);
        assertComplete(exchanges.get(0), request1, response1, ExchangeFields.REQUEST);
        assertComplete(exchanges.get(1), request2, response2, ExchangeFields.REQUEST);
        assertNotEquals(exchanges.get(0).path("_id").asText(), exchanges.get(1).path("_id").asText());
        assertEquals(exchanges.get(0).at("/request/log_sha256"), exchanges.get(1).at("/request/log_sha256"), "the same request bytes");
        assertEquals("up", exchanges.get(0).at("/response/body/marker").asText());
        assertEquals("degraded", exchanges.get(1).at("/response/body/marker").asText());
    }

    /**
     * A request whose response never comes: {@code pending} at once, {@code orphan} once the
     * window and grace have passed (the indexer sweeps every second; caught up, its clock is the
     * wall clock less the grace), with {@code orphaned_at} = receive time + window + grace. The
     * response arriving after that opens an exchange of its own and leaves the orphan as it was.
     */
    @Test
    void aRequestWithoutResponseIsPendingThenOrphan() throws Exception {
        String realm = "xj-orphan";
        long t = Harness.nowNanos();
        Half request = x.request(realm, 42, "DELETE", "/api/v1/models/42", "q-42", t);
        x.send(request);

        List<JsonNode> seen = x.awaitExchanges(realm, xs -> !xs.isEmpty());
        assertEquals(1, seen.size(), seen::toString);
        JsonNode pending = seen.get(0);
        assertEquals("pending", pending.path(ExchangeFields.STATE).asText(),
                () -> "seen first as pending (orphan only after " + WINDOW.plus(GRACE) + "): " + pending);
        assertIdentity(pending, realm, 42, ExchangeFields.REQUEST);
        assertRequest(pending, request);
        assertFalse(pending.has(ExchangeFields.RESPONSE), pending::toString);
        assertFalse(pending.has(ExchangeFields.LATENCY_MS), pending::toString);
        assertFalse(pending.has(ExchangeFields.ORPHANED_AT), pending::toString);

        long began = System.nanoTime();
        List<JsonNode> orphaned = x.awaitExchanges(realm, xs -> xs.size() == 1 && !inState(xs, "orphan").isEmpty());
        System.out.printf("orphan %d ms after the pending exchange was seen%n", (System.nanoTime() - began) / 1_000_000);
        JsonNode orphan = orphaned.get(0);
        assertEquals(pending.path("_id").asText(), orphan.path("_id").asText(), "the same exchange");
        assertIdentity(orphan, realm, 42, ExchangeFields.REQUEST);
        assertRequest(orphan, request);
        assertFalse(orphan.has(ExchangeFields.RESPONSE), orphan::toString);
        assertFalse(orphan.has(ExchangeFields.LATENCY_MS), orphan::toString);
        assertEquals(t + WINDOW.plus(GRACE).toNanos(), Times.parseNanos(orphan.path(ExchangeFields.ORPHANED_AT).asText()), "orphaned_at");

        // Its partner, too late: an exchange of its own (pending, then orphan in turn); the first stays as it was.
        long late = Harness.nowNanos();
        assertTrue(late > t + WINDOW.toNanos());
        Half response = x.response(realm, 42, 204, false, "too-late", late);
        x.send(response);
        x.awaitAllCommitted();
        List<JsonNode> both = x.awaitExchanges(realm, xs -> inState(xs, "orphan").size() == 2);
        assertEquals(2, both.size(), both::toString);
        assertEquals(orphan, both.get(0), "the orphan is final");
        JsonNode lone = both.get(1);
        assertIdentity(lone, realm, 42, ExchangeFields.RESPONSE);
        assertResponse(lone, response);
        assertFalse(lone.has(ExchangeFields.REQUEST), lone::toString);
        assertEquals(late + WINDOW.plus(GRACE).toNanos(), Times.parseNanos(lone.path(ExchangeFields.ORPHANED_AT).asText()));
        Set<String> ids = new HashSet<>(List.of(both.get(0).path("_id").asText(), lone.path("_id").asText()));
        assertEquals(2, ids.size());
    }
}
