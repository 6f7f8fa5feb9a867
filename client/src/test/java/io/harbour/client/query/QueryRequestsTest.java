package io.harbour.client.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** The requests the client sends: URI, headers, and seed 003's parameter names in the JSON body. */
class QueryRequestsTest {
    private final LogHarbourClient client = LogHarbourClient.builder(URI.create("https://harbour.example:8090/"), "hq_abc").build();

    @Test
    void getLogsSendsEveryFilterUnderSeedNames() throws Exception {
        LogQuery q = LogQuery.builder().app("crm").type(EntryType.ACTIVITY).who("jim").className("Order").instance("42").op("update")
                .fromts(Instant.parse("2026-01-10T10:00:00.123456789Z")).tots(Instant.parse("2026-01-11T00:00:00Z")).ndays(3)
                .remoteIP("10.0.0.0/8").pri(Priority.WARN).after(new Cursor("2026-01-10T10:00:05.5Z", "doc-9")).build();
        HttpRequest r = client.request("getlogs", q.parameters());
        assertEquals(URI.create("https://harbour.example:8090/api/v1/logharbour/getlogs"), r.uri());
        assertEquals("POST", r.method());
        assertEquals("Bearer hq_abc", r.headers().firstValue("Authorization").orElseThrow());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(Map.ofEntries(Map.entry("app", "crm"), Map.entry("type", "A"), Map.entry("who", "jim"), Map.entry("class", "Order"),
                Map.entry("instance", "42"), Map.entry("op", "update"), Map.entry("fromts", "2026-01-10T10:00:00.123456789Z"),
                Map.entry("tots", "2026-01-11T00:00:00Z"), Map.entry("ndays", "3"), Map.entry("remoteIP", "10.0.0.0/8"),
                Map.entry("pri", "Warn"), Map.entry("searchAfterTS", "2026-01-10T10:00:05.5Z"), Map.entry("searchAfterDocID", "doc-9")),
                body(r));
    }

    @Test
    void absentFiltersAreNotSent() throws Exception {
        assertEquals(Map.of(), body(client.request("getlogs", LogQuery.builder().build().parameters())));
        assertEquals(Map.of("setattr", "who", "app", "crm"),
                body(client.request("getset", SetQuery.builder("who").app("crm").build().parameters())));
    }

    @Test
    void changesAndUnusualIpParameters() throws Exception {
        ChangeQuery c = ChangeQuery.builder("shop", "Order", "1").field("qty").who("ann").ndays(7).build();
        assertEquals(Map.of("app", "shop", "class", "Order", "instance", "1", "field", "qty", "who", "ann", "ndays", "7"),
                body(client.request("getchanges", c.parameters())));
        UnusualIpQuery u = UnusualIpQuery.builder(2.5).app("shop").className("Order").op("update").ndays(30).build();
        assertEquals(Map.of("unusualpercent", "2.5", "app", "shop", "class", "Order", "op", "update", "ndays", "30"),
                body(client.request("getunusualip", u.parameters())));
    }

    @Test
    void cheapSeedRulesAreCheckedBeforeSending() {
        assertThrows(IllegalArgumentException.class, () -> LogQuery.builder().instance("42").build());
        assertThrows(IllegalArgumentException.class, () -> SetQuery.builder("app").instance("42").build());
        Instant t = Instant.parse("2026-01-10T10:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> LogQuery.builder().fromts(t).tots(t).build());
        assertThrows(IllegalArgumentException.class, () -> LogQuery.builder().ndays(0).build());
        assertThrows(IllegalArgumentException.class, () -> UnusualIpQuery.builder(50.5).build());
        assertThrows(IllegalArgumentException.class, () -> UnusualIpQuery.builder(0).build());
        assertThrows(IllegalArgumentException.class, () -> UnusualIpQuery.builder(Double.NaN).build());
        assertThrows(NullPointerException.class, () -> ChangeQuery.builder("shop", "Order", null).build());
        assertThrows(IllegalArgumentException.class, () -> SetQuery.builder(" ").build());
    }

    @Test
    void resumingKeepsTheFiltersAndReplacesTheCursor() {
        LogQuery q = LogQuery.builder().app("crm").build();
        LogQuery next = q.after(new Cursor("2026-01-10T10:00:00Z", "d1"));
        assertEquals(q.filters(), next.filters());
        assertEquals("d1", next.parameters().get("searchAfterDocID"));
    }

    /** The body publisher's bytes, read back as a map. */
    private static Map<String, String> body(HttpRequest r) throws Exception {
        List<ByteBuffer> parts = new ArrayList<>();
        r.bodyPublisher().orElseThrow().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                parts.add(item);
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }

            @Override
            public void onComplete() {
            }
        });
        StringBuilder text = new StringBuilder();
        parts.forEach(b -> text.append(StandardCharsets.UTF_8.decode(b)));
        JsonNode tree = Json.mapper().readTree(text.toString());
        Map<String, String> out = new java.util.LinkedHashMap<>();
        tree.properties().forEach(e -> {
            assertEquals(true, e.getValue().isTextual(), e.getKey() + " is sent as text");
            out.put(e.getKey(), e.getValue().textValue());
        });
        return out;
    }
}
