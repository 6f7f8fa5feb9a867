package io.harbour.indexer.exchange;

import static io.harbour.indexer.exchange.Halves.T0;
import static io.harbour.indexer.exchange.Halves.request;
import static io.harbour.indexer.exchange.Halves.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.exchange.ExchangeHalf;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExchangeJoinerTest {
    private static final JoinSettings SETTINGS = new JoinSettings(Duration.ofMinutes(5), Duration.ofMinutes(1));

    private final FakeIndex index = new FakeIndex();
    private ExchangeJoiner joiner = newJoiner();

    private static ExchangeJoiner newJoiner() {
        return new ExchangeJoiner(Halves.TOPIC, Halves.PARTITION, SETTINGS);
    }

    private JoinOutcome join(ExchangeHalf half) {
        JoinOutcome outcome = joiner.accept(half);
        index.applyAll(outcome.documents());
        return outcome;
    }

    private void sweep(Instant clock) {
        index.applyAll(joiner.sweep(clock));
    }

    private static Instant t(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void requestThenResponseMakeOneCompleteExchange() {
        JoinOutcome opened = join(request(302, 10, t(0), "a"));
        JoinOutcome completed = join(response(302, 11, t(120), "a"));
        assertEquals(JoinDecision.OPENED, opened.decision());
        assertEquals(JoinDecision.COMPLETED, completed.decision());
        assertEquals(opened.exchangeId(), completed.exchangeId());
        assertEquals(1, index.size());
        ObjectNode doc = index.byId(opened.exchangeId());
        assertEquals("complete", doc.get("state").asText());
        assertEquals(120.0, doc.get("latency_ms").asDouble());
        assertEquals("POST", doc.at("/request/method").asText());
        assertEquals(200, doc.at("/response/status_code").asInt());
        assertEquals("cert:CN=sensor-1", doc.get("sensor").asText());
        assertEquals(0, joiner.pendingCount());
    }

    @Test
    void responseThenRequestMakeOneCompleteExchange() {
        JoinOutcome opened = join(response(302, 10, t(0), "a"));
        assertEquals("pending", index.byId(opened.exchangeId()).get("state").asText());
        JoinOutcome completed = join(request(302, 11, t(40), "a"));
        assertEquals(JoinDecision.COMPLETED, completed.decision());
        assertEquals(opened.exchangeId(), completed.exchangeId());
        ObjectNode doc = index.byId(opened.exchangeId());
        assertEquals("complete", doc.get("state").asText());
        assertEquals("response", doc.get("opened_by").asText());
        assertEquals(-40.0, doc.get("latency_ms").asDouble(), "the response was received first");
        assertEquals(T0.toString(), doc.get("first_received_at").asText());
    }

    @Test
    void aDuplicatedPairIsOneExchange() {
        String id = join(request(302, 10, t(0), "a")).exchangeId();
        join(response(302, 11, t(100), "a"));
        JoinOutcome dupRequest = join(request(302, 12, t(2000), "a"));
        JoinOutcome dupResponse = join(response(302, 13, t(2100), "a"));
        assertEquals(JoinDecision.DUPLICATE, dupRequest.decision());
        assertEquals(JoinDecision.DUPLICATE, dupResponse.decision());
        assertEquals(id, dupRequest.exchangeId());
        assertEquals(id, dupResponse.exchangeId());
        assertTrue(dupRequest.documents().isEmpty());
        assertEquals(1, index.size());
        assertEquals(10, index.byId(id).at("/request/kafka/offset").asLong(), "the first copy stays");
    }

    @Test
    void aHalfSentTwiceBeforeItsPartnerIsStillOneExchange() {
        String id = join(request(302, 10, t(0), "a")).exchangeId();
        assertEquals(JoinDecision.DUPLICATE, join(request(302, 11, t(50), "a")).decision());
        assertEquals(JoinDecision.COMPLETED, join(response(302, 12, t(90), "a")).decision());
        assertEquals(1, index.size());
        assertEquals("complete", index.byId(id).get("state").asText());
    }

    @Test
    void aSequenceResetOpensANewExchangeAndNeverOverwritesTheEarlierOne() {
        String first = join(request(1, 10, t(0), "before-reset")).exchangeId();
        join(response(1, 11, t(100), "before-reset"));
        ObjectNode before = index.byId(first).deepCopy();
        JoinOutcome again = join(request(1, 12, t(30_000), "after-reset"));
        assertEquals(JoinDecision.OPENED, again.decision());
        assertNotEquals(first, again.exchangeId());
        JoinOutcome closed = join(response(1, 13, t(30_050), "after-reset"));
        assertEquals(again.exchangeId(), closed.exchangeId());
        assertEquals(2, index.size());
        assertEquals(before, index.byId(first));
        assertEquals("/api/v1/metrics?m=after-reset", index.byId(again.exchangeId()).at("/request/uri").asText());
        assertEquals("complete", index.byId(again.exchangeId()).get("state").asText());
    }

    @Test
    void aResetWhileARequestWaitsGivesTheResponseToTheNewestRequest() {
        String old = join(request(1, 10, t(0), "lost-its-response")).exchangeId();
        String fresh = join(request(1, 11, t(1000), "after-reset")).exchangeId();
        assertNotEquals(old, fresh);
        assertEquals(fresh, join(response(1, 12, t(1100), "x")).exchangeId());
        sweep(t(0).plus(SETTINGS.window()).plus(SETTINGS.grace()));
        assertEquals("orphan", index.byId(old).get("state").asText());
        assertEquals("complete", index.byId(fresh).get("state").asText());
    }

    @Test
    void aHalfWhosePartnerNeverComesIsPendingThenOrphanAndALatePartnerOpensItsOwn() {
        String id = join(request(7, 10, t(0), "a")).exchangeId();
        assertEquals(Optional.of(t(0)), joiner.oldestPendingReceivedAt());
        sweep(t(0).plus(SETTINGS.window()));
        assertEquals("pending", index.byId(id).get("state").asText(), "within window plus grace it may still come");
        sweep(t(0).plus(SETTINGS.window()).plus(SETTINGS.grace()));
        ObjectNode orphan = index.byId(id);
        assertEquals("orphan", orphan.get("state").asText());
        assertEquals(t(0).plus(SETTINGS.window()).plus(SETTINGS.grace()).toString(), orphan.get("orphaned_at").asText());
        assertEquals(Optional.empty(), joiner.oldestPendingReceivedAt());
        assertTrue(joiner.sweep(t(0).plus(Duration.ofHours(1))).isEmpty(), "declared once");

        JoinOutcome late = join(response(7, 11, t(0).plus(Duration.ofMinutes(7)), "a"));
        assertEquals(JoinDecision.OPENED, late.decision());
        assertNotEquals(id, late.exchangeId());
        assertEquals("orphan", index.byId(id).get("state").asText());
        assertNull(index.byId(id).get("response"));
    }

    @Test
    void anOrphanIsFinalEvenForAPartnerReceivedWithinTheWindowButReadAfterTheSweep() {
        String id = join(request(7, 10, t(0), "a")).exchangeId();
        sweep(t(0).plus(SETTINGS.window()).plus(SETTINGS.grace()));
        JoinOutcome late = join(response(7, 11, t(0).plus(Duration.ofMinutes(4)), "a"));
        assertEquals(JoinDecision.OPENED, late.decision());
        assertEquals("orphan", index.byId(id).get("state").asText());
        assertEquals("pending", index.byId(late.exchangeId()).get("state").asText());
    }

    @Test
    void aResponseOutsideTheWindowDoesNotJoinEvenBeforeTheSweep() {
        String id = join(request(7, 10, t(0), "a")).exchangeId();
        JoinOutcome late = join(response(7, 11, t(0).plus(SETTINGS.window()).plusMillis(1), "a"));
        assertEquals(JoinDecision.OPENED, late.decision());
        assertNotEquals(id, late.exchangeId());
    }

    @Test
    void twoSensorsOrTwoRealmsWithTheSameSequenceAreTwoExchanges() {
        String a = join(request(302, 10, t(0), "a")).exchangeId();
        String b = join(Halves.read(Halves.context(Halves.REALM, "cert:CN=sensor-2", 11, t(1)),
                Halves.responseBody(302, 200, "b"))).exchangeId();
        String c = join(Halves.read(Halves.context("other", Halves.SENSOR, 12, t(2)),
                Halves.responseBody(302, 200, "c"))).exchangeId();
        assertEquals(3, List.of(a, b, c).stream().distinct().count());
        assertEquals(3, joiner.pendingCount());
    }

    @Test
    void aRestartBetweenTheHalvesCompletesTheExchangeFromWhatElasticsearchHolds() {
        String id = join(request(302, 10, t(0), "a")).exchangeId();
        joiner = newJoiner(); // the indexer stopped; its memory is gone
        index.sources().forEach(joiner::restore);
        assertEquals(1, joiner.pendingCount());
        JoinOutcome closed = join(response(302, 11, t(200), "a"));
        assertEquals(JoinDecision.COMPLETED, closed.decision());
        assertEquals(id, closed.exchangeId());
        assertEquals(1, index.size());
        assertEquals("complete", index.byId(id).get("state").asText());
        assertEquals(200.0, index.byId(id).get("latency_ms").asDouble());
    }

    @Test
    void recordsReadAgainAfterARestartMakeTheSameWritesAndNothingNew() {
        join(request(302, 10, t(0), "a"));
        join(response(302, 11, t(100), "a"));
        var before = index.snapshot();
        joiner = newJoiner();
        index.sources().forEach(joiner::restore);
        assertEquals(JoinDecision.REPLAYED, join(request(302, 10, t(0), "a")).decision());
        assertEquals(JoinDecision.REPLAYED, join(response(302, 11, t(100), "a")).decision());
        assertEquals(before, index.snapshot());
    }

    @Test
    void aRestartAfterOnlyTheClosingWriteWasStoredStillEndsComplete() {
        ExchangeHalf req = request(302, 10, t(0), "a");
        ExchangeHalf resp = response(302, 11, t(100), "a");
        joiner.accept(req); // its write never reached Elasticsearch
        index.applyAll(joiner.accept(resp).documents());
        assertNull(index.sources().iterator().next().get("request"));
        joiner = newJoiner();
        index.sources().forEach(joiner::restore);
        assertEquals(JoinDecision.REPLAYED, join(req).decision());
        assertEquals(JoinDecision.REPLAYED, join(resp).decision());
        ObjectNode doc = index.sources().iterator().next();
        assertEquals("complete", doc.get("state").asText());
        assertEquals("POST", doc.at("/request/method").asText());
        assertEquals(1, index.size());
    }

    @Test
    void onlyHalvesReadEarlierCanMakeADuplicate() {
        // Restored from a document written by a later record (offset 20); reading offset 5 again must not call it a copy.
        join(request(302, 20, t(100), "a"));
        joiner = newJoiner();
        index.sources().forEach(joiner::restore);
        JoinOutcome earlier = joiner.accept(request(302, 5, t(0), "a"));
        assertEquals(JoinDecision.OPENED, earlier.decision());
    }

    @Test
    void restoreTakesOnlyThisPartitionsExchanges() {
        join(request(302, 10, t(0), "a"));
        ExchangeJoiner other = new ExchangeJoiner(Halves.TOPIC, Halves.PARTITION + 1, SETTINGS);
        assertFalse(other.restore(index.sources().iterator().next()));
        assertFalse(other.restore(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()));
        assertEquals(0, other.trackedCount());
    }

    @Test
    void theJoinerRefusesOtherPartitionsAndMalformedBodies() {
        ExchangeJoiner other = new ExchangeJoiner(Halves.TOPIC, Halves.PARTITION + 1, SETTINGS);
        assertThrows(IllegalArgumentException.class, () -> other.accept(request(1, 1, T0, "a")));
        assertThrows(MalformedRecordException.class, () -> joiner.accept(Halves.context(Halves.REALM, Halves.SENSOR, 1, T0),
                "{\"sequence\":1}".getBytes()));
    }

    @Test
    void completedExchangesAreForgottenOnceNothingCanReachThem() {
        join(request(302, 10, t(0), "a"));
        join(response(302, 11, t(10), "a"));
        assertEquals(1, joiner.trackedCount());
        joiner.sweep(t(10).plus(SETTINGS.window()).plus(SETTINGS.grace()).plusMillis(1));
        assertEquals(0, joiner.trackedCount());
        assertEquals(Optional.of(t(10)), joiner.clock());
    }
}
