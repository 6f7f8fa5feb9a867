package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.realms.Capability;
import io.harbour.realms.Cidr;
import io.harbour.realms.QueryScope;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LogHarbour UI's routes on a real node, read as the UI reads them: request {@code {"data":{...}}},
 * {@code status} "success", the per-call keys (LogEntery/Nrec, logs, the debuglog array,
 * unusualIPs), empty lists never null, every entry's data an object or string; the envelope of
 * every error; CORS; paging by timestamp alone across ties; scope.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogHarbourUiIT {
    private static final String REALM = "uirealm";
    private static final String UI = "http://localhost:4200";
    private static final int MAXREC = 5;

    QueryApiFixture api;
    String all;
    String debug;
    String shopOnly;
    /** Ids of the "ties" app, newest first by (when, id): what paging must return, each once. */
    final List<String> tieIds = new ArrayList<>();

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String t1 = now.minus(Duration.ofHours(1)).toString();
        List<String> entries = new ArrayList<>(List.of(
                Entries.of("u1", "shop", "A", "Info", t1).object("Order", "456", "update").put("who", "jim")
                        .put("remote_ip", "203.0.113.45").put("msg", "no data at all").json(),
                Entries.of("u2", "shop", "C", "Info", now.minus(Duration.ofHours(2)).toString()).object("Order", "456", "update")
                        .put("who", "jim").put("remote_ip", "203.0.113.45").changes("Order", "Update", "status", "qty").json(),
                Entries.of("u3", "shop", "A", "Err", now.minus(Duration.ofHours(3)).toString()).put("who", "ann")
                        .put("remote_ip", "198.51.100.1").put("data", "{}").json(),
                Entries.of("u4", "shop", "D", "Debug1", now.minus(Duration.ofHours(4)).toString()).put("module", "pay")
                        .put("trace_id", "trace-1").json(),
                Entries.of("u5", "shop", "D", "Debug0", now.minus(Duration.ofHours(5)).toString()).put("module", "pay")
                        .put("trace_id", "trace-2").json(),
                Entries.of("u6", "shop", "A", "Sec", now.minus(Duration.ofHours(6)).toString()).put("remote_ip", "203.0.113.45").json(),
                Entries.of("u7", "shop", "C", "Info", now.minus(Duration.ofHours(7)).toString()).object("Order", "9", "update")
                        .changes("Order", "Update", "price").json(),
                Entries.of("u8", "shop", "A", "Info", now.minus(Duration.ofDays(20)).toString()).put("who", "jim").json(),
                Entries.of("c1", "crm", "A", "Crit", now.minus(Duration.ofHours(1)).toString()).put("who", "jim").json()));
        // Ties: groups of entries sharing one `when` (nanoseconds), around page boundaries of 5.
        int[] groupSizes = {3, 12, 1, 8, 5, 2};
        Instant base = now.minus(Duration.ofMinutes(30)).plusNanos(123_456_789);
        int n = 0;
        List<String[]> ties = new ArrayList<>();
        for (int g = 0; g < groupSizes.length; g++) {
            String when = base.minusMillis(g).toString();
            for (int i = 0; i < groupSizes[g]; i++) {
                String id = String.format("t%03d", n++);
                ties.add(new String[] {when, id});
                entries.add(Entries.of(id, "ties", "A", "Info", when).json());
            }
        }
        ties.sort((a, b) -> a[0].equals(b[0]) ? b[1].compareTo(a[1]) : Instant.parse(b[0]).compareTo(Instant.parse(a[0])));
        ties.forEach(t -> tieIds.add(t[1]));
        try (LogHarbourLoader loader = new LogHarbourLoader(es.httpUri().toString())) {
            loader.load(REALM, entries);
        }
        api = new QueryApiFixture(dir, es.httpUri().toString(), MAXREC, Clock.systemUTC(), "", List.of(UI),
                QueryHttpSettings.defaults().withHostAndPort("127.0.0.1", 0));
        all = api.everythingToken(REALM);
        debug = api.token(REALM, new QueryScope(QueryScope.Allowed.ALL, QueryScope.Allowed.ALL, Set.of(Capability.DEBUG),
                List.of(Cidr.parse("127.0.0.0/8"))));
        shopOnly = api.token(REALM, new QueryScope(QueryScope.Allowed.only(List.of("shop")), QueryScope.Allowed.ALL, Set.of(), List.of()));
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** POST {"data":{...}} as the UI does. */
    private QueryApiFixture.Answer ui(String token, String call, Object... params) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            data.put((String) params[i], params[i + 1]);
        }
        return api.post(token, "/api/v1/" + call, Map.of("data", data));
    }

    private static JsonNode success(QueryApiFixture.Answer a) {
        assertEquals(200, a.status(), a.toString());
        assertEquals("success", a.json().path("status").asText(), a.toString());
        assertTrue(a.json().path("messages").isArray() && a.json().path("messages").isEmpty(), a.toString());
        return a.json().path("data");
    }

    private static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.path("id").asText()));
        return out;
    }

    private static void assertDataNeverNull(JsonNode list) {
        assertTrue(list.isArray(), String.valueOf(list));
        list.forEach(e -> assertTrue(e.path("data").isObject() || e.path("data").isTextual(), e.toString()));
        list.forEach(e -> assertTrue(e.path("when").isTextual(), e.toString()));
    }

    private static void assertError(QueryApiFixture.Answer a, int status, String errcode, String field) {
        assertEquals(status, a.status(), a.toString());
        assertEquals("error", a.json().path("status").asText(), a.toString());
        JsonNode m = a.json().path("messages").path(0);
        assertEquals(errcode, m.path("errcode").asText(), a.toString());
        assertTrue(m.path("msgid").isInt(), a.toString());
        if (field != null) {
            assertEquals(field, m.path("field").asText(), a.toString());
        }
    }

    @Test
    void getappsIsAnArrayOfTheAppsTheTokenMayRead() throws Exception {
        QueryApiFixture.Answer a = api.get(all, "/api/v1/getapps");
        assertEquals(List.of("crm", "shop", "ties"), LogHarbourDefectsIT.toList(success(a)));
        assertEquals(List.of("shop"), LogHarbourDefectsIT.toList(success(api.get(shopOnly, "/api/v1/getapps"))));
    }

    @Test
    void activitylogAnswersLogEnteryAndNrecWithActivityAndChangesMerged() throws Exception {
        JsonNode data = success(ui(all, "activitylog", "app", "shop", "days", 7));
        assertEquals(List.of("u1", "u2", "u3", "u6", "u7"), ids(data.path("LogEntery")));
        assertEquals(5, data.path("Nrec").asLong());
        assertDataNeverNull(data.path("LogEntery"));
        // u1 was sent without data: {} is what the UI gets.
        assertTrue(data.path("LogEntery").path(0).path("data").isObject());
        assertEquals("{}", data.path("LogEntery").path(2).path("data").asText());
        // instance and instance_id both name the entry's instance.
        JsonNode byId = success(ui(all, "activitylog", "app", "shop", "days", 7, "who", "jim", "class", "Order", "instance_id", "456"));
        JsonNode byName = success(ui(all, "activitylog", "app", "shop", "days", 7, "who", "jim", "class", "Order", "instance", "456"));
        assertEquals(List.of("u1", "u2"), ids(byId.path("LogEntery")));
        assertEquals(byId, byName);
        // days counts back: u8 (20 days old) only with 30.
        assertTrue(ids(success(ui(all, "activitylog", "app", "shop", "days", "30", "who", "jim")).path("LogEntery")).contains("u8"));
    }

    @Test
    void noResultIsAnEmptyListNeverNull() throws Exception {
        JsonNode activity = success(ui(all, "activitylog", "app", "shop", "days", 7, "who", "nobody"));
        assertTrue(activity.path("LogEntery").isArray() && activity.path("LogEntery").isEmpty(), activity.toString());
        assertEquals(0, activity.path("Nrec").asLong());
        JsonNode high = success(ui(all, "highprilog", "app", "ties", "pri", "Err", "days", 7));
        assertTrue(high.path("logs").isArray() && high.path("logs").isEmpty(), high.toString());
        JsonNode dbg = success(ui(debug, "debuglog", "app", "shop", "module", "nosuchmodule", "pri", "Debug2", "days", 7));
        assertTrue(dbg.isArray() && dbg.isEmpty(), dbg.toString());
        JsonNode changes = success(ui(all, "datachange", "app", "shop", "days", 7, "field", "nosuchfield"));
        assertTrue(changes.path("logs").isArray() && changes.path("logs").isEmpty(), changes.toString());
    }

    @Test
    void highprilogIsThisLevelOrHigherSecIncluded() throws Exception {
        JsonNode data = success(ui(all, "highprilog", "app", "shop", "pri", "warn", "days", 7));
        assertEquals(List.of("u3", "u6"), ids(data.path("logs")));
        assertDataNeverNull(data.path("logs"));
        assertError(ui(all, "highprilog", "app", "shop", "pri", "loud", "days", 7), 400, "invalid_priority", "pri");
    }

    /**
     * Defect 8 of the reference document ("Its defects"): {@code trace_id} was accepted by
     * {@code /debuglog} and then dropped, and answers came in shapes that differed from call to
     * call. Here trace_id narrows the answer to its trace, and the answer is the one shape the UI
     * reads for debuglog (the array itself, in the envelope {@link #success} checks for every call).
     */
    @Test
    void defect8DebuglogHonoursTraceIdAndAnswersTheArrayItself() throws Exception {
        JsonNode data = success(ui(debug, "debuglog", "app", "shop", "module", "pay", "pri", "Debug2", "days", 7));
        assertEquals(List.of("u4", "u5"), ids(data));
        assertDataNeverNull(data);
        assertEquals(List.of("u4"), ids(success(ui(debug, "debuglog", "app", "shop", "module", "pay", "pri", "Debug2", "days", 7,
                "trace_id", "trace-1"))));
        assertEquals(List.of("u5"), ids(success(ui(debug, "debuglog", "app", "shop", "module", "pay", "pri", "Debug2", "days", 7,
                "trace_id", "trace-2"))));
        JsonNode noSuchTrace = success(ui(debug, "debuglog", "app", "shop", "module", "pay", "pri", "Debug2", "days", 7,
                "trace_id", "no-such-trace"));
        assertTrue(noSuchTrace.isArray() && noSuchTrace.isEmpty(), noSuchTrace.toString());
        assertEquals(List.of("u5"), ids(success(ui(debug, "debuglog", "app", "shop", "module", "pay", "pri", "debug0", "days", 7))));
        assertError(ui(all, "debuglog", "app", "shop", "module", "pay", "pri", "Debug2", "days", 7), 403, "debug_not_allowed", null);
    }

    @Test
    void datachangeFindsAFieldThroughTheNestedChanges() throws Exception {
        JsonNode data = success(ui(all, "datachange", "app", "shop", "days", 7, "field", "qty"));
        assertEquals(List.of("u2"), ids(data.path("logs")));
        JsonNode change = data.path("logs").path(0).path("data").path("change_data").path("changes");
        assertEquals(2, change.size(), data.toString());
        assertEquals(List.of("u2", "u7"), ids(success(ui(all, "datachange", "app", "shop", "days", 7)).path("logs")));
        assertEquals(List.of("u7"), ids(success(ui(all, "datachange", "app", "shop", "days", 7, "class", "Order", "instance", "9")).path("logs")));
    }

    @Test
    void getsetIsAnArrayOfValues() throws Exception {
        JsonNode data = success(ui(all, "getset", "app", "shop", "setAttr", "who"));
        assertEquals(Set.of("ann", "jim"), new HashSet<>(LogHarbourDefectsIT.toList(data)));
        assertEquals(Set.of("status", "qty", "price"), new HashSet<>(LogHarbourDefectsIT.toList(success(ui(all, "getset", "app", "shop",
                "setAttr", "field")))));
        assertError(ui(all, "getset", "app", "shop", "setAttr", "msg"), 400, "invalid_setattr", null);
    }

    @Test
    void unusualipAndGetunusualipsAnswerTheUisFiveKeys() throws Exception {
        for (String call : List.of("unusualip", "getunusualips")) {
            JsonNode data = success(ui(all, call, "app", "shop", "days", 7, "unusualPercent", 40));
            JsonNode list = data.path("unusualIPs");
            // 4 entries with an address in 7 days: 203.0.113.45 x3, 198.51.100.1 x1; threshold 1.6.
            assertEquals(1, list.size(), data.toString());
            JsonNode item = list.path(0);
            assertEquals("198.51.100.1", item.path("ipaddr").asText());
            assertEquals(Set.of("ipaddr", "city", "country", "lat", "long"), fieldNames(item));
        }
        assertError(ui(all, "unusualip", "app", "shop", "days", 7, "unusualPercent", 51), 400, "invalid_percent", "unusualPercent");
        JsonNode none = success(ui(all, "unusualip", "app", "ties", "days", 7, "unusualPercent", 1));
        assertTrue(none.path("unusualIPs").isArray(), none.toString());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void errorsComeInTheEnvelopeWithTheirStatus() throws Exception {
        assertError(ui(null, "activitylog", "app", "shop", "days", 7), 401, "missing_credentials", null);
        assertError(ui("hq_nosuchtoken", "activitylog", "app", "shop", "days", 7), 401, "unknown_token", null);
        assertError(ui(all, "activitylog", "app", "shop", "days", "seven"), 400, "invalid_days", "days");
        assertError(ui(all, "activitylog", "app", "shop", "days", 0), 400, "invalid_days", "days");
        assertError(ui(all, "activitylog", "app", "shop"), 400, "invalid_days", "days");
        assertError(ui(all, "activitylog", "app", "nosuchapp", "days", 7), 404, "app_not_found", "app");
        assertError(ui(all, "activitylog", "app", "shop", "days", 7, "search_after_doc_id", "abc"), 400, "pagination_error",
                "search_after_timestamp");
        assertError(ui(all, "activitylog", "app", "shop", "days", 7, "search_after_timestamp", "yesterday"), 400, "pagination_error",
                "search_after_timestamp");
        assertError(ui(all, "activitylog", "app", "shop", "days", 7, "colour", "red"), 400, "unknown_parameter", "colour");
        assertError(ui(shopOnly, "activitylog", "app", "crm", "days", 7), 403, "app_not_allowed", "app");
        assertError(ui(all, "activitylog", "app", "shop", "days", 7, "instance", "1", "instance_id", "2"), 400, "invalid_parameter", "instance");
    }

    @Test
    void aTokenLimitedToOneAppSeesNoOtherThroughAnyRoute() throws Exception {
        assertError(ui(shopOnly, "activitylog", "app", "crm", "days", 7), 403, "app_not_allowed", "app");
        assertError(ui(shopOnly, "datachange", "app", "crm", "days", 7), 403, "app_not_allowed", "app");
        assertError(ui(shopOnly, "highprilog", "app", "crm", "pri", "Info", "days", 7), 403, "app_not_allowed", "app");
        assertError(ui(shopOnly, "debuglog", "app", "crm", "days", 7), 403, "app_not_allowed", "app");
        assertError(ui(shopOnly, "unusualip", "app", "crm", "days", 7, "unusualPercent", 50), 403, "app_not_allowed", null);
        assertError(ui(shopOnly, "getset", "app", "crm", "setAttr", "who"), 403, "app_not_allowed", null);
        // Without an app, getset counts only what the token may read: crm's jim entry is not counted.
        assertEquals(List.of("shop"), LogHarbourDefectsIT.toList(success(ui(shopOnly, "getset", "setAttr", "app"))));
    }

    @Test
    void pagingByTimestampAloneReturnsEveryEntryExactlyOnceAcrossTies() throws Exception {
        List<String> seen = new ArrayList<>();
        String after = null;
        long nrec = -1;
        for (int round = 0; round < 50; round++) {
            QueryApiFixture.Answer a = after == null ? ui(all, "activitylog", "app", "ties", "days", 7)
                    : ui(all, "activitylog", "app", "ties", "days", 7, "search_after_timestamp", after);
            JsonNode data = success(a);
            JsonNode page = data.path("LogEntery");
            nrec = data.path("Nrec").asLong();
            if (page.isEmpty()) {
                break;
            }
            // The next page starts strictly older: the page ended at the end of its last tie group.
            String last = page.path(page.size() - 1).path("when").asText();
            if (after != null) {
                assertNotEquals(after, page.path(0).path("when").asText());
            }
            seen.addAll(ids(page));
            after = last; // what the UI does: the `when` of the last entry shown
        }
        // Ties come in doc-id order, which is not the entry id's: compare as sets, and sizes for repeats.
        assertEquals(new HashSet<>(tieIds), new HashSet<>(seen));
        assertEquals(tieIds.size(), seen.size());
        assertEquals(tieIds.size(), nrec);
    }

    @Test
    void aPageEndingInsideATieGroupIsExtendedToTheGroupsEnd() throws Exception {
        // Newest first the groups are 3, 12, 1, 8, 5, 2 entries: page 1 is 3 + all 12 (not 5).
        JsonNode first = success(ui(all, "activitylog", "app", "ties", "days", 7)).path("LogEntery");
        assertEquals(15, first.size());
        assertEquals(new HashSet<>(tieIds.subList(0, 15)), new HashSet<>(ids(first)));
    }

    @Test
    void corsPreflightIsAnsweredForTheUisOrigin() throws Exception {
        for (String path : List.of("/api/v1/activitylog", "/api/v1/getapps", "/api/v1/unusualip", "/api/v1/ws/iplogs")) {
            String method = path.endsWith("getapps") ? "GET" : "POST";
            HttpResponse<String> preflight = api.http.send(HttpRequest.newBuilder(URI.create(api.api.uri() + path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", UI)
                    .header("Access-Control-Request-Method", method)
                    .header("Access-Control-Request-Headers", "authorization,content-type").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode(), path + " " + preflight.body());
            assertEquals(UI, preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("Authorization"));
        }
        HttpResponse<String> actual = api.http.send(HttpRequest.newBuilder(URI.create(api.api.uri() + "/api/v1/activitylog"))
                .header("Origin", UI).header("Authorization", "Bearer " + all).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"app\":\"shop\",\"days\":7}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, actual.statusCode(), actual.body());
        assertEquals(UI, actual.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertFalse(Json.mapper().readTree(actual.body()).path("data").path("LogEntery").isEmpty());
    }
}
