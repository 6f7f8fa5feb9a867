package io.harbour.query.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import io.harbour.query.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineFormatTest {
    private static final long RECEIVED = 1_700_000_000_123456789L;

    static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A LogHarbour document as the layout stores it (fields in an order unlike the line's). */
    static final JsonNode ENTRY = json("""
            {"doc_id":"e1","realm":"r","received_at":"2023-11-14T22:13:20.123456789Z","sender":"key:k","receipt_id":"rc1",
             "kafka":{"topic":"harbour.logharbour","partition":0,"offset":3},
             "msg":"hello","app":"shop","id":"e1","type":"A","pri":"Info","pri_level":3,"when":"2023-11-14T22:13:19.5+01:00",
             "status":0,"remote_ip":"10.0.0.1","remote_ip_text":"10.0.0.1","extra":{"colour":"blue"}}""");
    static final JsonNode EXCHANGE = json("""
            {"state":"complete","doc_id":"x1","exchange_id":"x1","realm":"r","sensor":"key:s","sequence":7,
             "first_received_at":"2023-11-14T22:13:20.123456789Z","opened_at":"2023-11-14T22:13:20.2Z","opened_by":"response",
             "latency_ms":-76.5,"kafka":{"topic":"t","partition":1,"offset":2},
             "request":{"method":"GET","received_at":"2023-11-14T22:13:20.123456789Z","receipt_id":"rq"},
             "response":{"status_code":200,"received_at":"2023-11-14T22:13:20.2Z","receipt_id":"rs"}}""");
    static final JsonNode OBSERVATION = json("""
            {"doc_id":"o1","realm":"r","received_at":"2023-11-14T22:13:20.123456789Z","ipaddr":"10.8.0.2",
             "associated_ipaddr":"203.0.113.9","addresses":["10.8.0.2","203.0.113.9"],"observed_at":"2023-11-14T22:00:00Z",
             "timestamp":1699999200,"source":"OpenVPN"}""");

    private static String line(ExportKind kind, JsonNode source, Set<String> fields, TimestampFormat ts) {
        return new String(new LineFormat(fields, ts).bytes(kind, source), StandardCharsets.UTF_8);
    }

    @Test
    void aLogHarbourLineIsTheEntryAsSentWithItsReceiptInCatalogueOrder() {
        assertEquals("{\"kind\":\"logharbour\",\"received_at\":" + RECEIVED + ",\"doc_id\":\"e1\",\"receipt_id\":\"rc1\",\"sender\":\"key:k\","
                        + "\"id\":\"e1\",\"app\":\"shop\",\"type\":\"A\",\"pri\":\"Info\",\"when\":1699996399500000000,\"status\":0,"
                        + "\"remote_ip\":\"10.0.0.1\",\"msg\":\"hello\",\"extra\":{\"colour\":\"blue\"}}\n",
                line(ExportKind.LOGHARBOUR, ENTRY, Set.of(), TimestampFormat.UNIXNANO));
    }

    @Test
    void projectionKeepsKindAndTheAskedFieldsOnly() {
        assertEquals("{\"kind\":\"logharbour\",\"app\":\"shop\",\"msg\":\"hello\"}\n",
                line(ExportKind.LOGHARBOUR, ENTRY, Set.of("msg", "app", "ipaddr"), TimestampFormat.UNIXNANO));
        assertEquals("{\"kind\":\"observations\",\"ipaddr\":\"10.8.0.2\"}\n",
                line(ExportKind.OBSERVATIONS, OBSERVATION, Set.of("msg", "ipaddr"), TimestampFormat.UNIXNANO));
    }

    @Test
    void everyTimeFieldTakesTheFormatNestedOnesIncluded() {
        JsonNode unix = json(line(ExportKind.EXCHANGES, EXCHANGE, Set.of(), TimestampFormat.UNIX));
        assertEquals(1_700_000_000L, unix.get("received_at").asLong());
        assertEquals(1_700_000_000L, unix.get("opened_at").asLong());
        assertEquals(1_700_000_000L, unix.path("request").get("received_at").asLong());
        assertEquals(1_700_000_000L, unix.path("response").get("received_at").asLong());
        JsonNode rfc = json(line(ExportKind.EXCHANGES, EXCHANGE, Set.of(), TimestampFormat.RFC3339));
        assertEquals("2023-11-14T22:13:20.123456789Z", rfc.get("received_at").asText());
        assertEquals("2023-11-14T22:13:20.2Z", rfc.path("response").get("received_at").asText());
        // The stored tree is never changed by rendering.
        assertEquals("2023-11-14T22:13:20.2Z", EXCHANGE.path("response").get("received_at").asText());
        JsonNode obs = json(line(ExportKind.OBSERVATIONS, OBSERVATION, Set.of(), TimestampFormat.RFC3339));
        assertEquals("2023-11-14T22:00:00Z", obs.get("timestamp").asText());
        assertEquals("2023-11-14T22:00:00Z", obs.get("observed_at").asText());
        JsonNode nano = json(line(ExportKind.OBSERVATIONS, OBSERVATION, Set.of(), TimestampFormat.UNIXNANO));
        assertEquals(1_699_999_200_000_000_000L, nano.get("timestamp").asLong());
        assertEquals(RECEIVED, nano.get("received_at").asLong());
    }

    @Test
    void exchangesCarryTheirFirstReceiveTimeAsReceivedAtAndNoKafkaCoordinates() {
        JsonNode line = json(line(ExportKind.EXCHANGES, EXCHANGE, Set.of(), TimestampFormat.UNIXNANO));
        assertEquals(RECEIVED, line.get("received_at").asLong());
        assertEquals(List.of("kind", "received_at", "doc_id", "exchange_id", "sensor", "sequence", "state", "opened_by", "opened_at",
                "latency_ms", "request", "response"), iterable(line));
    }

    @Test
    void anOddTimeIsKeptAsSent() {
        JsonNode odd = json("{\"doc_id\":\"e\",\"received_at\":\"2023-11-14T22:13:20Z\",\"when\":\"not a time\"}");
        assertEquals("not a time", json(line(ExportKind.LOGHARBOUR, odd, Set.of("when"), TimestampFormat.UNIX)).get("when").asText());
    }

    @Test
    void anUnknownFieldIsRefusedWithTheValidOnesOfTheAskedKinds() {
        ApiException e = assertThrows(ApiException.class, () -> LineFormat.check(Set.of("ipaddr"), List.of(ExportKind.LOGHARBOUR)));
        assertEquals("invalid_field", e.code());
        assertEquals("fields", e.field());
        assertTrue(e.getMessage().contains("app,class,data"), e.getMessage());
        LineFormat.check(Set.of("ipaddr", "app"), List.of(ExportKind.LOGHARBOUR, ExportKind.OBSERVATIONS));
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
