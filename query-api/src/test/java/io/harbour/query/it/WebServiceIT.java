package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.realms.Capability;
import io.harbour.realms.Cidr;
import io.harbour.realms.QueryScope;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002's web-service calls under /api/v1/ws/ on a real node: each call's answer, each error
 * code, the exact cursor across ties, observation linking (both directions, the time window, the
 * off switch, the realm's observations only) and scope (apps, classes, debug and its ranges).
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebServiceIT {
    private static final String REALM = "wsrealm";
    private static final String WS = "/api/v1/ws/";
    private static final String VPN = "10.8.0.5";
    private static final String REAL = "203.0.113.7";
    private static final String OLD_PEER = "198.51.100.9";

    QueryApiFixture api;
    String all;
    String shopOnly;
    String ordersOnly;
    Instant now;

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> entries = new ArrayList<>(List.of(
                Entries.of("w1", "shop", "A", "Info", at(1)).object("Order", "456", "update").put("who", "jim").put("remote_ip", VPN).json(),
                Entries.of("w2", "shop", "C", "Info", at(2)).object("Order", "456", "update").put("who", "jim").put("remote_ip", REAL)
                        .changes("Order", "Update", "status").json(),
                Entries.of("w3", "shop", "A", "Err", at(3)).put("who", "ann").put("remote_ip", OLD_PEER).json(),
                Entries.of("w4", "shop", "D", "Debug1", at(4)).put("module", "pay").put("trace_id", "tr-1").put("remote_ip", VPN).json(),
                Entries.of("w5", "shop", "D", "Debug1", at(5)).put("module", "pay").put("trace_id", "tr-2").json(),
                Entries.of("w6", "shop", "C", "Info", at(6)).object("Order", "456", "update").changes("Order", "Update", "qty").json(),
                Entries.of("w7", "crm", "A", "Sec", at(1)).put("remote_ip", REAL).json(),
                Entries.of("w8", "shop", "A", "Info", at(7)).put("remote_ip", "LOCAL").json()));
        Instant tie = now.minus(Duration.ofMinutes(10)).plusNanos(5);
        for (int i = 0; i < 12; i++) {
            entries.add(Entries.of("x" + i, "ties", "A", "Info", (i < 7 ? tie : tie.minusNanos(1)).toString()).json());
        }
        try (LogHarbourLoader loader = new LogHarbourLoader(es.httpUri().toString());
             ObservationLoader observations = new ObservationLoader(es.httpUri().toString())) {
            loader.load(REALM, entries);
            observations.observe(REALM, "OpenVPN", VPN, REAL, now.minus(Duration.ofHours(3)));
            // Outside a 7-day window, inside a 60-day one.
            observations.observe(REALM, "OpenVPN", VPN, OLD_PEER, now.minus(Duration.ofDays(30)));
            // Another realm's observation never links this realm's addresses.
            observations.observe("otherrealm", "OpenVPN", VPN, "192.0.2.99", now.minus(Duration.ofHours(1)));
            loader.load(REALM, List.of(Entries.of("w9", "shop", "A", "Info", at(8)).put("remote_ip", "192.0.2.99").json()));
        }
        api = new QueryApiFixture(dir, es.httpUri().toString(), 5, Clock.systemUTC());
        all = api.everythingToken(REALM);
        shopOnly = api.token(REALM, new QueryScope(QueryScope.Allowed.only(List.of("shop")), QueryScope.Allowed.ALL, Set.of(), List.of()));
        ordersOnly = api.token(REALM, new QueryScope(QueryScope.Allowed.ALL, QueryScope.Allowed.only(List.of("Order")), Set.of(), List.of()));
    }

    private String at(int hoursAgo) {
        return now.minus(Duration.ofHours(hoursAgo)).toString();
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private QueryApiFixture.Answer ws(String token, String call, Object... params) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            body.put((String) params[i], params[i + 1]);
        }
        return api.post(token, WS + call, body);
    }

    private static JsonNode ok(QueryApiFixture.Answer a) {
        assertEquals(200, a.status(), a.toString());
        assertEquals("success", a.json().path("status").asText(), a.toString());
        return a.json();
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.path("id").asText()));
        return out;
    }

    private static void assertError(QueryApiFixture.Answer a, int status, String errcode, String field) {
        assertEquals(status, a.status(), a.toString());
        assertEquals("error", a.json().path("status").asText(), a.toString());
        assertEquals(errcode, a.json().path("messages").path(0).path("errcode").asText(), a.toString());
        assertTrue(a.json().path("messages").path(0).path("msgid").isInt(), a.toString());
        if (field != null) {
            assertEquals(field, a.json().path("messages").path(0).path("field").asText(), a.toString());
        }
    }

    @Test
    void activitylogMergesActivityAndChangesNewestFirst() throws Exception {
        JsonNode a = ok(ws(all, "activitylog", "app", "shop", "who", "jim", "class", "Order", "instance_id", "456", "days", 7));
        assertEquals(List.of("w1", "w2"), ids(a.path("logs")));
        assertEquals(2, a.path("nrec").asLong());
        assertTrue(a.path("next").isNull());
        a.path("logs").forEach(e -> assertTrue(e.path("data").isObject() || e.path("data").isTextual(), e.toString()));
        // The LogHarbour service's wrapping is accepted too.
        assertEquals(a, ok(api.post(all, WS + "activitylog", Map.of("data", Map.of("app", "shop", "who", "jim", "class", "Order",
                "instance_id", "456", "days", 7)))));
    }

    @Test
    void theExactCursorPagesTiesExactlyOnce() throws Exception {
        List<String> seen = new ArrayList<>();
        JsonNode page = ok(ws(all, "activitylog", "app", "ties", "days", 1));
        seen.addAll(ids(page.path("logs")));
        int rounds = 0;
        while (!page.path("next").isNull() && rounds++ < 10) {
            assertEquals(5, page.path("logs").size());
            page = ok(ws(all, "activitylog", "app", "ties", "days", 1, "search_after_timestamp",
                    page.path("next").path("search_after_timestamp").asText(), "search_after_doc_id",
                    page.path("next").path("search_after_doc_id").asText()));
            seen.addAll(ids(page.path("logs")));
        }
        assertEquals(12, seen.size());
        assertEquals(12, new HashSet<>(seen).size());
        assertEquals(12, page.path("nrec").asLong());
    }

    @Test
    void errorCodes() throws Exception {
        assertError(ws(null, "activitylog", "app", "shop", "days", 7), 401, "missing_credentials", null);
        assertError(ws("hq_wrong", "iplogs", "app", "shop", "ip", VPN, "days", 7), 401, "unknown_token", null);
        assertError(ws(all, "activitylog", "app", "nosuchapp", "days", 7), 404, "app_not_found", "app");
        assertError(ws(all, "activitylog", "app", "shop", "days", "x"), 400, "invalid_days", "days");
        assertError(ws(all, "highprilog", "app", "shop", "pri", "Warn", "days", 100000), 400, "invalid_days", "days");
        assertError(ws(all, "activitylog", "app", "shop", "days", 7, "search_after_timestamp", at(1)), 400, "pagination_error",
                "search_after_doc_id");
        assertError(ws(all, "activitylog", "app", "shop", "days", 7, "search_after_doc_id", "abc"), 400, "pagination_error",
                "search_after_timestamp");
        assertError(ws(all, "datachange", "app", "shop", "days", 7, "search_after_timestamp", "then", "search_after_doc_id", "a"), 400,
                "pagination_error", "search_after_timestamp");
        assertError(ws(all, "iplogs", "app", "shop", "ip", "10.8.0.300", "days", 7), 400, "invalid_ip", "ip");
        assertError(ws(all, "iplogs", "app", "shop", "ip", "LOCAL", "days", 7), 400, "invalid_ip", "ip");
        assertError(ws(all, "highprilog", "app", "shop", "pri", "urgent", "days", 7), 400, "invalid_priority", "pri");
        assertError(ws(all, "debuglog", "app", "shop", "module", "pay", "pri", "urgent"), 400, "invalid_priority", "pri");
        assertError(ws(all, "unusualips", "app", "shop", "days", 7, "unusualPercent", 0), 400, "invalid_percent", "unusualPercent");
        assertError(ws(all, "iplogs", "app", "shop", "ip", VPN, "days", 7, "observations", "maybe"), 400, "invalid_parameter", "observations");
    }

    @Test
    void highprilogSaysSuccessAndKeepsSec() throws Exception {
        JsonNode a = ok(ws(all, "highprilog", "app", "shop", "pri", "err", "days", 7));
        assertEquals(List.of("w3"), ids(a.path("logs")));
        assertEquals(List.of("w7"), ids(ok(ws(all, "highprilog", "app", "crm", "pri", "sec", "days", 7)).path("logs")));
    }

    @Test
    void datachangeIsAHistoryOldestFirstAndFindsAFieldThroughNestedChanges() throws Exception {
        assertEquals(List.of("w6", "w2"), ids(ok(ws(all, "datachange", "app", "shop", "class", "Order", "instance_id", "456", "days", 7))
                .path("logs")));
        assertEquals(List.of("w2"), ids(ok(ws(all, "datachange", "app", "shop", "class", "Order", "field", "status", "days", 7))
                .path("logs")));
    }

    @Test
    void debuglogNeedsDebugFromAnAllowedAddress() throws Exception {
        String debug = api.token(REALM, new QueryScope(QueryScope.Allowed.ALL, QueryScope.Allowed.ALL, Set.of(Capability.DEBUG),
                List.of(Cidr.parse("127.0.0.0/8"))));
        JsonNode a = ok(ws(debug, "debuglog", "app", "shop", "module", "pay", "pri", "Debug2"));
        assertEquals(List.of("w4", "w5"), ids(a.path("debugLogs")));
        assertEquals(List.of("w4"), ids(ok(ws(debug, "debuglog", "app", "shop", "module", "pay", "pri", "Debug2", "trace_id", "tr-1",
                "days", 1)).path("debugLogs")));
        assertError(ws(all, "debuglog", "app", "shop", "module", "pay", "pri", "Debug2"), 403, "debug_not_allowed", null);
        String elsewhere = api.token(REALM, new QueryScope(QueryScope.Allowed.ALL, QueryScope.Allowed.ALL, Set.of(Capability.DEBUG),
                List.of(Cidr.parse("10.99.0.0/16"))));
        assertError(ws(elsewhere, "debuglog", "app", "shop", "module", "pay", "pri", "Debug2"), 403, "debug_not_allowed", null);
        assertError(ws(debug, "debuglog", "app", "shop", "pri", "Debug2"), 400, "missing_parameter", "module");
        // Debug entries never leak into other calls for a token without debug: w4 carries the VPN address.
        assertFalse(ids(ok(ws(all, "iplogs", "app", "shop", "ip", VPN, "days", 7)).path("logs")).contains("w4"));
        assertTrue(ids(ok(ws(debug, "iplogs", "app", "shop", "ip", VPN, "days", 7)).path("logs")).contains("w4"));
    }

    private static Map<String, String> linkedBy(JsonNode logs) {
        Map<String, String> out = new TreeMap<>();
        logs.forEach(e -> out.put(e.path("id").asText(), e.has("linked_by")
                ? e.path("linked_by").path("ipaddr").asText() + ">" + e.path("linked_by").path("associated_ipaddr").asText() : "-"));
        return out;
    }

    @Test
    void iplogsIncludeAddressesLinkedByObservationsInBothDirections() throws Exception {
        JsonNode fromVpn = ok(ws(all, "iplogs", "app", "shop", "ip", VPN, "days", 7));
        assertEquals(Map.of("w1", "-", "w2", VPN + ">" + REAL), linkedBy(fromVpn.path("logs")));
        JsonNode mark = fromVpn.path("logs").path(1).path("linked_by");
        assertEquals("OpenVPN", mark.path("source").asText());
        assertEquals(now.minus(Duration.ofHours(3)).getEpochSecond(), mark.path("timestamp").asLong());
        assertEquals(REAL, fromVpn.path("linked").path(0).path("ipaddr").asText());
        // The other direction: asked for the real address, the VPN one comes linked.
        JsonNode fromReal = ok(ws(all, "iplogs", "app", "shop", "ip", REAL, "days", 7));
        assertEquals(Map.of("w1", VPN + ">" + REAL, "w2", "-"), linkedBy(fromReal.path("logs")));
        // The off switch.
        assertEquals(Map.of("w1", "-"), linkedBy(ok(ws(all, "iplogs", "app", "shop", "ip", VPN, "days", 7, "observations", false))
                .path("logs")));
    }

    @Test
    void linkingKeepsToTheTimeWindowAndTheRealm() throws Exception {
        // The 30-day-old observation links OLD_PEER only in a window that holds it; the other
        // realm's observation (VPN to 192.0.2.99) never does, so w9 never comes.
        Map<String, String> week = linkedBy(ok(ws(all, "iplogs", "app", "shop", "ip", VPN, "days", 7)).path("logs"));
        assertFalse(week.containsKey("w3"));
        Map<String, String> twoMonths = linkedBy(ok(ws(all, "iplogs", "app", "shop", "ip", VPN, "days", 60)).path("logs"));
        assertEquals(VPN + ">" + OLD_PEER, twoMonths.get("w3"));
        assertFalse(twoMonths.containsKey("w9"));
    }

    @Test
    void scopeHoldsThroughLinking() throws Exception {
        // crm's w7 carries the real address; a shop token asking about shop never sees it, and
        // naming crm is refused.
        assertFalse(ids(ok(ws(shopOnly, "iplogs", "app", "shop", "ip", REAL, "days", 7)).path("logs")).contains("w7"));
        assertError(ws(shopOnly, "iplogs", "app", "crm", "ip", REAL, "days", 7), 403, "app_not_allowed", "app");
        assertError(ws(shopOnly, "activitylog", "app", "crm", "days", 7), 403, "app_not_allowed", "app");
        assertError(ws(shopOnly, "unusualips", "app", "crm", "days", 7), 403, "app_not_allowed", "app");
        assertError(ws(shopOnly, "highprilog", "app", "crm", "pri", "Info", "days", 7), 403, "app_not_allowed", "app");
        assertError(ws(shopOnly, "datachange", "app", "crm", "days", 7), 403, "app_not_allowed", "app");
        // A class-limited token still links through observations (they carry no class), and
        // reads only entries of its classes: w1 (Order) and w2 (Order), not w3.
        assertEquals(Map.of("w1", "-", "w2", VPN + ">" + REAL), linkedBy(ok(ws(ordersOnly, "iplogs", "app", "shop", "ip", VPN,
                "days", 7)).path("logs")));
        assertError(ws(ordersOnly, "datachange", "app", "shop", "class", "Customer", "days", 7), 403, "class_not_allowed", "class");
    }

    @Test
    void unusualipsLocatesAndOptionallyAddsLinkedAddresses() throws Exception {
        // shop in 7 days, with an address: w1 VPN, w2 REAL, w3 OLD_PEER, w8 LOCAL, w9 192.0.2.99:
        // total 5, 50 % threshold 2.5: every real address is unusual; LOCAL never.
        JsonNode a = ok(ws(all, "unusualips", "app", "shop", "days", 7, "unusualPercent", 50));
        assertEquals(5, a.path("total").asLong());
        Set<String> listed = new HashSet<>();
        a.path("unusualIPs").forEach(i -> listed.add(i.path("ipaddr").asText()));
        assertEquals(Set.of(VPN, REAL, OLD_PEER, "192.0.2.99"), listed);
        assertFalse(a.path("geo").path("available").asBoolean());
        assertTrue(a.path("geo").path("reason").isTextual());
        a.path("unusualIPs").forEach(i -> assertTrue(i.has("city") && i.path("city").isNull(), i.toString()));
        // Default 1 %: threshold floored at 1, so the addresses seen once.
        assertEquals(1.0, ok(ws(all, "unusualips", "app", "shop", "days", 7)).path("threshold").asDouble());
        // Linking on: crm has only REAL (1 entry): unusual; its VPN address comes linked, count 0 in crm.
        JsonNode linked = ok(ws(all, "unusualips", "app", "crm", "days", 7, "observations", true));
        assertEquals(2, linked.path("unusualIPs").size(), linked.toString());
        JsonNode second = linked.path("unusualIPs").path(1);
        assertEquals(VPN, second.path("ipaddr").asText());
        assertEquals(0, second.path("count").asLong());
        assertEquals(REAL, second.path("linked_by").path("associated_ipaddr").asText());
        assertEquals(1, ok(ws(all, "unusualips", "app", "crm", "days", 7)).path("unusualIPs").size());
    }

    @Test
    void seed003GetlogsAndGetunusualipLinkOnlyWhenAsked() throws Exception {
        String p = "/api/v1/logharbour/";
        // Off by default there: getlogs answers as seed 003 says.
        assertEquals(Map.of("w1", "-"), linkedBy(api.get(all, p + "getlogs", "app", "shop", "remoteIP", VPN, "ndays", "7").json()
                .path("logs")));
        JsonNode on = api.get(all, p + "getlogs", "app", "shop", "remoteIP", VPN, "ndays", "7", "observations", "true").json();
        assertEquals(Map.of("w1", "-", "w2", VPN + ">" + REAL), linkedBy(on.path("logs")));
        assertEquals(2, on.path("nrec").asLong());
        assertEquals(Map.of("w1", VPN + ">" + REAL, "w2", "-"), linkedBy(api.get(all, p + "getlogs", "app", "shop", "remoteIP", REAL,
                "ndays", "7", "observations", "true").json().path("logs")));
        // A range is never linked.
        assertEquals(Map.of("w1", "-"), linkedBy(api.get(all, p + "getlogs", "app", "shop", "remoteIP", "10.8.0.0/24", "ndays", "7",
                "observations", "true").json().path("logs")));
        JsonNode unusual = api.get(all, p + "getunusualip", "app", "crm", "ndays", "7", "unusualpercent", "50", "observations", "true").json();
        assertEquals(2, unusual.path("unusualIPs").size(), unusual.toString());
        assertEquals(VPN, unusual.path("unusualIPs").path(1).path("ipaddr").asText());
        assertEquals(REAL, unusual.path("unusualIPs").path(1).path("linked_by").path("associated_ipaddr").asText());
        assertEquals(1, api.get(all, p + "getunusualip", "app", "crm", "ndays", "7", "unusualpercent", "50").json()
                .path("unusualIPs").size());
        assertEquals("invalid_parameter", api.get(all, p + "getlogs", "observations", "perhaps").code());
    }
}
