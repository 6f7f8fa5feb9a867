package io.harbour.indexer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.Times;
import io.harbour.layout.exchange.ExchangeFields;
import io.harbour.model.LogKind;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the exchange-join integration tests share: ExtraHop request and response logs written as
 * the receiver writes them (through {@link Harness#record}, so realm, sender identity, receive time
 * and key follow the receiver's conventions), the exchange documents of a realm as its alias
 * shows them, and the assertions every complete exchange must pass.
 */
final class ExtraHopExchanges {
    static final Duration WAIT = Duration.ofSeconds(30);

    private final Harness h;

    ExtraHopExchanges(Harness h) {
        this.h = h;
    }

    /** One half as sent: the record, and what its exchange document must show of it. */
    record Half(ProducerRecord<byte[], byte[]> record, String realm, long sequence, long receivedAtNanos,
                String method, String uri, int status, String marker) {

        boolean isRequest() {
            return method != null;
        }
    }

    /** The sensor of a realm's records: {@link Harness#record} sends {@code key:it-<realm>} as the sender identity. */
    static String sensor(String realm) {
        return "key:it-" + realm;
    }

    /** The receiver's key of an ExtraHop record: realm, sender identity, sequence. */
    static String key(String realm, long sequence) {
        return realm + "|" + sensor(realm) + "|" + sequence;
    }

    /**
     * A request log in the layout of ExtraHop's example (seed 000); {@code marker} goes into the
     * request body, so the same arguments give the same bytes (a resend) and another marker another log.
     */
    Half request(String realm, long sequence, String method, String uri, String marker, long receivedAtNanos) {
        String body = "{\"sequence\":" + sequence + ",\"request\":{\"Method\":\"" + method + "\",\"Host\":\"ml.example\","
                + "\"RemoteAddr\":\"198.51.100.7:41234\",\"RequestURI\":\"" + uri + "\",\"TLSVersion\":\"TLS1.2\","
                + "\"Proto\":\"HTTP/1.1\",\"ContentLength\":" + (12 + marker.length()) + ",\"TransferEncoding\":null,"
                + "\"Header\":{\"Accept\":[\"application/json\"],\"Content-Type\":[\"application/json\"]},\"Close\":false,"
                + "\"Trailer\":null},\"request_body\":{\"marker\":\"" + marker + "\"}}";
        return new Half(h.record(LogKind.EXTRAHOP, realm, key(realm, sequence), body, receivedAtNanos), realm, sequence,
                receivedAtNanos, method, uri, 0, marker);
    }

    /**
     * A response log; {@code statusAsText} sends the status code as ExtraHop's example does
     * ({@code "200"}) instead of as its field list says (a number): the document holds a number either way.
     */
    Half response(String realm, long sequence, int status, boolean statusAsText, String marker, long receivedAtNanos) {
        String code = statusAsText ? "\"" + status + "\"" : Integer.toString(status);
        String body = "{\"sequence\":" + sequence + ",\"response_status_code\":" + code + ",\"response_headers\":"
                + "{\"Content-Type\":[\"application/json\"]},\"response_body\":{\"marker\":\"" + marker + "\"}}";
        return new Half(h.record(LogKind.EXTRAHOP, realm, key(realm, sequence), body, receivedAtNanos), realm, sequence,
                receivedAtNanos, null, null, status, marker);
    }

    /** The same log sent again (a sender's retry): same key and bytes, received later, so at a later offset. */
    Half resend(Half half, long receivedAtNanos) {
        ProducerRecord<byte[], byte[]> r = half.record();
        return new Half(h.record(LogKind.EXTRAHOP, half.realm(), new String(r.key(), java.nio.charset.StandardCharsets.UTF_8),
                new String(r.value(), java.nio.charset.StandardCharsets.UTF_8), receivedAtNanos), half.realm(), half.sequence(),
                receivedAtNanos, half.method(), half.uri(), half.status(), half.marker());
    }

    /** Sends in this order and waits for every acknowledgement (one key, one partition: the order is the offset order). */
    void send(Half... halves) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Half half : halves) {
            records.add(half.record());
        }
        h.sendAll(records);
    }

    /**
     * The exchange documents of a realm, through its alias after a refresh, oldest opening first;
     * each is its {@code _source} with {@code _id} added. Empty while the realm has no exchange index.
     */
    List<JsonNode> exchanges(String realm) throws IOException, InterruptedException {
        String alias = IndexNames.alias(DocumentKind.EXCHANGE, realm);
        JsonNode refreshed = h.http("POST", "/" + alias + "/_refresh", null);
        if ("index_not_found_exception".equals(refreshed.path("error").path("type").asText())) {
            return List.of();
        }
        JsonNode answer = h.http("POST", "/" + alias + "/_search",
                "{\"size\":100,\"sort\":[{\"" + ExchangeFields.OPENED_AT + "\":\"asc\"},{\"" + CommonFields.DOC_ID + "\":\"asc\"}]}");
        if (answer.has("error")) {
            throw new AssertionError("searching " + alias + ": " + answer);
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            ObjectNode source = hit.path("_source").deepCopy();
            source.put("_id", hit.path("_id").asText());
            out.add(source);
        }
        return out;
    }

    /** Waits (at most {@link #WAIT}) until the realm's exchanges satisfy {@code until}, and returns them. */
    List<JsonNode> awaitExchanges(String realm, Predicate<List<JsonNode>> until) {
        List<List<JsonNode>> last = new ArrayList<>(List.of(List.of()));
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                last.set(0, exchanges(realm));
                return until.test(last.get(0));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("realm " + realm + ": exchanges not as awaited within " + WAIT + ": " + last.get(0), e);
        }
        return last.get(0);
    }

    /** Waits until this many exchanges of the realm are complete. */
    List<JsonNode> awaitComplete(String realm, int count) {
        return awaitExchanges(realm, xs -> xs.stream().filter(x -> "complete".equals(x.path(ExchangeFields.STATE).asText())).count() >= count);
    }

    /**
     * Waits until the group has committed every record sent so far: each was joined and its writes
     * stored, so nothing more can change the documents and counting them is final.
     */
    void awaitAllCommitted() {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(h::committedToTheEnd);
    }

    static List<JsonNode> inState(List<JsonNode> exchanges, String state) {
        return exchanges.stream().filter(x -> state.equals(x.path(ExchangeFields.STATE).asText())).toList();
    }

    /**
     * One complete exchange of {@code request} and {@code response}: identity, both halves' fields
     * and receive times, the status code as a number, and the latency computed from the receive
     * times the test set (response minus request: negative when the response was received first).
     */
    static void assertComplete(JsonNode x, Half request, Half response, String openedBy) {
        assertTrue(request.isRequest() && !response.isRequest(), "a request and a response");
        assertEquals("complete", x.path(ExchangeFields.STATE).asText(), x::toString);
        assertIdentity(x, request.realm(), request.sequence(), openedBy);
        assertRequest(x, request);
        assertResponse(x, response);
        assertEquals((response.receivedAtNanos() - request.receivedAtNanos()) / 1e6, x.path(ExchangeFields.LATENCY_MS).asDouble(Double.NaN),
                1e-9, () -> "latency_ms of " + x);
        assertEquals(Math.min(request.receivedAtNanos(), response.receivedAtNanos()),
                Times.parseNanos(x.path(ExchangeFields.FIRST_RECEIVED_AT).asText()), "first_received_at");
        assertFalse(x.has(ExchangeFields.ORPHANED_AT), x::toString);
    }

    /** Id, realm, sensor, sequence, which half opened the exchange (and so its opening time). */
    static void assertIdentity(JsonNode x, String realm, long sequence, String openedBy) {
        String id = x.path("_id").asText();
        assertFalse(id.isEmpty());
        assertEquals(id, x.path(ExchangeFields.EXCHANGE_ID).asText(), "exchange_id is the document id");
        assertEquals(id, x.path(CommonFields.DOC_ID).asText(), "doc_id is the document id");
        assertEquals(realm, x.path(CommonFields.REALM).asText());
        assertEquals(sensor(realm), x.path(ExchangeFields.SENSOR).asText());
        assertEquals(sequence, x.path(ExchangeFields.SEQUENCE).asLong(-1));
        assertEquals(openedBy, x.path(ExchangeFields.OPENED_BY).asText(), x::toString);
        assertEquals(x.path(openedBy).path(ExchangeFields.HALF_RECEIVED_AT).asText(), x.path(ExchangeFields.OPENED_AT).asText(),
                "opened_at is the opening half's receive time");
    }

    static void assertRequest(JsonNode x, Half request) {
        JsonNode r = x.path(ExchangeFields.REQUEST);
        assertEquals(request.method(), r.path("method").asText(), x::toString);
        assertEquals(request.uri(), r.path("uri").asText(), x::toString);
        assertEquals("ml.example", r.path("host").asText());
        assertEquals(request.marker(), r.path("body").path("marker").asText(), x::toString);
        assertEquals(request.receivedAtNanos(), Times.parseNanos(r.path(ExchangeFields.HALF_RECEIVED_AT).asText()), "request.received_at");
    }

    static void assertResponse(JsonNode x, Half response) {
        JsonNode r = x.path(ExchangeFields.RESPONSE);
        assertTrue(r.path("status_code").isIntegralNumber(), () -> "response.status_code is a number: " + x);
        assertEquals(response.status(), r.path("status_code").asInt());
        assertEquals(response.status() / 100 + "xx", r.path("status_class").asText());
        assertEquals(response.marker(), r.path("body").path("marker").asText(), x::toString);
        assertEquals(response.receivedAtNanos(), Times.parseNanos(r.path(ExchangeFields.HALF_RECEIVED_AT).asText()), "response.received_at");
    }
}
