package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003's parameter rules and every error code, end to end over HTTPS on a real node, by GET
 * and by POST. MAXREC is 2 here, so paging shows with four entries.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogHarbourRulesIT {
    private static final String REALM = "rules";
    private static final String P = "/api/v1/logharbour/";

    /**
     * A second realm for the filters: seven entries of one app over ten days, two modules, two
     * systems, two classes, three ops, addresses repeated and not. "Now" is 2026-03-02T00:00Z.
     */
    private static final String FILTERS = "rules-filters";

    QueryApiFixture api;
    String token;
    String filtersToken;

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        try (LogHarbourLoader loader = new LogHarbourLoader(es.httpUri().toString())) {
            loader.load(REALM, List.of(
                    Entries.of("r1", "shop", "A", "Info", "2026-03-01T10:00:01Z").put("who", "jim").object("Order", "1", "create")
                            .put("remote_ip", "10.1.2.3").json(),
                    Entries.of("r2", "shop", "A", "Err", "2026-03-01T10:00:02Z").put("remote_ip", "2001:db8::5").json(),
                    Entries.of("r3", "shop", "C", "Info", "2026-03-01T10:00:03Z").object("Order", "1", "update").changes("Order", "Update", "x").json(),
                    Entries.of("r4", "billing", "A", "Warn", "2026-03-01T10:00:04Z").put("remote_ip", "10.1.9.9").json()));
        }
        try (LogHarbourLoader loader = new LogHarbourLoader(es.httpUri().toString())) {
            loader.load(FILTERS, List.of(
                    Entries.of("f1", "shop", "A", "Info", "2026-02-27T10:00:00Z").put("who", "jim").object("Order", "1", "create")
                            .put("remote_ip", "198.51.100.1").json(),
                    Entries.of("f2", "shop", "A", "Info", "2026-02-28T10:00:00Z").put("who", "jim").object("Order", "2", "update")
                            .put("module", "pay").put("system", "vm2").put("remote_ip", "198.51.100.2").json(),
                    Entries.of("f3", "shop", "A", "Warn", "2026-03-01T09:00:00Z").put("who", "ann").object("Invoice", "7", "update")
                            .put("module", "pay").put("system", "vm2").put("remote_ip", "198.51.100.2").json(),
                    Entries.of("f4", "shop", "A", "Info", "2026-03-01T10:00:00Z").put("who", "ann").object("Order", "1", "delete")
                            .put("remote_ip", "198.51.100.3").json(),
                    Entries.of("f5", "shop", "C", "Info", "2026-02-20T10:00:00Z").put("who", "jim").object("Order", "1", "create")
                            .changes("Order", "Create", "status").json(),
                    Entries.of("f6", "shop", "C", "Info", "2026-02-27T12:00:00Z").put("who", "ann").object("Order", "1", "update")
                            .changes("Order", "Update", "qty").put("remote_ip", "198.51.100.2").json(),
                    Entries.of("f7", "shop", "C", "Info", "2026-03-01T11:00:00Z").put("who", "jim").object("Order", "1", "update")
                            .changes("Order", "Update", "status").put("remote_ip", "198.51.100.9").json()));
        }
        api = new QueryApiFixture(dir, es.httpUri().toString(), 2, Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC));
        token = api.everythingToken(REALM);
        filtersToken = api.everythingToken(FILTERS);
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private void refused(int status, String code, String field, QueryApiFixture.Answer a) {
        assertEquals(status, a.status(), a.toString());
        assertEquals(code, a.code(), a.toString());
        assertEquals(field, a.field(), a.toString());
    }

    private List<String> ids(String call, String... params) throws Exception {
        QueryApiFixture.Answer a = api.get(token, P + call, params);
        assertEquals(200, a.status(), a.toString());
        List<String> ids = new ArrayList<>();
        a.json().path("logs").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    @Test
    void timeWindowRules() throws Exception {
        refused(400, "invalid_days", "ndays", api.get(token, P + "getlogs", "ndays", "0"));
        refused(400, "invalid_days", "ndays", api.get(token, P + "getlogs", "ndays", "366"));
        refused(400, "invalid_days", "ndays", api.get(token, P + "getlogs", "ndays", "seven"));
        refused(400, "invalid_parameter", "tots", api.get(token, P + "getlogs", "fromts", "2026-03-01T10:00:02Z", "tots", "2026-03-01T10:00:02Z"));
        refused(400, "invalid_parameter", "fromts", api.get(token, P + "getlogs", "fromts", "yesterday"));
        // ndays is ignored (even an invalid one) when fromts or tots is given.
        assertEquals(List.of("r2", "r3"), ids("getlogs", "fromts", "2026-03-01T10:00:01.000000001Z", "ndays", "seven"));
        assertEquals(4, api.get(token, P + "getlogs", "ndays", "1").json().path("nrec").asLong());
        assertEquals(0, api.get(token, P + "getlogs", "tots", "2026-03-01T10:00:00.999999999Z").json().path("nrec").asLong());
    }

    @Test
    void filterRules() throws Exception {
        refused(400, "invalid_parameter", "instance", api.get(token, P + "getlogs", "instance", "1"));
        assertEquals(List.of("r3", "r1"), ids("getlogs", "class", "Order", "instance", "1"));
        refused(400, "invalid_priority", "pri", api.get(token, P + "getlogs", "pri", "urgent"));
        assertEquals(List.of("r4", "r2"), ids("getlogs", "pri", "WARN"));
        // pri leaves data changes out: Info and higher is everything but r3.
        assertEquals(3, api.get(token, P + "getlogs", "pri", "info").json().path("nrec").asLong());
        refused(400, "invalid_parameter", "pri", api.get(token, P + "getlogs", "pri", "info", "type", "C"));
        refused(400, "invalid_type", "type", api.get(token, P + "getlogs", "type", "X"));
        assertEquals(List.of("r3"), ids("getlogs", "type", "c"));
        refused(400, "invalid_ip", "remoteIP", api.get(token, P + "getlogs", "remoteIP", "not-an-ip"));
        refused(400, "invalid_ip", "remoteIP", api.get(token, P + "getlogs", "remoteIP", "10.1.2.3/16"));
        assertEquals(List.of("r4", "r1"), ids("getlogs", "remoteIP", "10.1.0.0/16"));
        assertEquals(List.of("r2"), ids("getlogs", "remoteIP", "2001:0db8:0:0:0:0:0:5"));
        refused(404, "app_not_found", "app", api.get(token, P + "getlogs", "app", "nosuchapp"));
        refused(404, "app_not_found", "app", api.get(token, P + "getset", "app", "nosuchapp", "setattr", "who"));
        // A known app with no match is an empty answer, not app_not_found.
        assertEquals(List.of(), ids("getlogs", "app", "billing", "who", "nobody"));
        refused(400, "unknown_parameter", "ap", api.get(token, P + "getlogs", "ap", "shop"));
    }

    @Test
    void pagingRulesAndMaxrec() throws Exception {
        refused(400, "pagination_error", "searchAfterDocID", api.get(token, P + "getlogs", "searchAfterTS", "2026-03-01T10:00:03Z"));
        refused(400, "pagination_error", "searchAfterTS", api.get(token, P + "getlogs", "searchAfterDocID", "r3"));
        refused(400, "pagination_error", "searchAfterTS", api.get(token, P + "getlogs", "searchAfterTS", "03/01/2026", "searchAfterDocID", "r3"));
        JsonNode first = api.get(token, P + "getlogs").json();
        assertEquals(4, first.path("nrec").asLong());
        assertEquals(2, first.path("logs").size());
        JsonNode next = first.path("next");
        JsonNode second = api.get(token, P + "getlogs", "searchAfterTS", next.path("searchAfterTS").asText(),
                "searchAfterDocID", next.path("searchAfterDocID").asText()).json();
        assertEquals(List.of("r2", "r1"), List.of(second.path("logs").path(0).path("id").asText(), second.path("logs").path(1).path("id").asText()));
        assertTrue(second.path("next").isNull(), second.toString());
        assertEquals("r2", second.path("logs").path(0).path("doc_id").asText());
    }

    @Test
    void getSetGetChangesAndGetUnusualIpRules() throws Exception {
        QueryApiFixture.Answer bad = api.get(token, P + "getset", "setattr", "msg");
        refused(400, "invalid_setattr", "setattr", bad);
        assertTrue(bad.json().path("error").path("message").asText().contains("remote_ip"), bad.toString());
        refused(400, "invalid_setattr", "setattr", api.get(token, P + "getset", "setattr", "when"));
        refused(400, "missing_parameter", "setattr", api.get(token, P + "getset"));
        refused(400, "missing_parameter", "instance", api.get(token, P + "getchanges", "app", "shop", "class", "Order"));
        refused(400, "missing_parameter", "app", api.get(token, P + "getchanges", "class", "Order", "instance", "1"));
        assertEquals(List.of("r3"), ids("getchanges", "app", "shop", "class", "Order", "instance", "1"));
        for (String p : List.of("0", "-1", "50.01", "abc", "NaN")) {
            refused(400, "invalid_percent", "unusualpercent", api.get(token, P + "getunusualip", "unusualpercent", p));
        }
        JsonNode ok = api.get(token, P + "getunusualip", "unusualpercent", "50", "op", "create").json();
        assertTrue(ok.path("notes").toString().contains("op is ignored without class"), ok.toString());
        // Without ndays only the MAXREC (2) most recent entries with an address count: r4 and r2.
        assertEquals(2, ok.path("total").asLong());
        assertEquals(3, api.get(token, P + "getunusualip", "unusualpercent", "50", "ndays", "2").json().path("total").asLong());
    }

    private JsonNode filtered(String call, String... params) throws Exception {
        QueryApiFixture.Answer a = api.get(filtersToken, P + call, params);
        assertEquals(200, a.status(), a.toString());
        return a.json();
    }

    private static List<String> idsOf(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("logs").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    @Test
    void getLogsOpKeepsOnlyThatOp() throws Exception {
        JsonNode updates = filtered("getlogs", "op", "update");
        assertEquals(4, updates.path("nrec").asLong(), updates.toString());
        assertEquals(List.of("f7", "f3"), idsOf(updates));
        assertEquals(List.of("f4"), idsOf(filtered("getlogs", "op", "delete")));
        JsonNode creates = filtered("getlogs", "op", "create", "fromts", "2026-02-01T00:00:00Z");
        assertEquals(List.of("f5", "f1"), idsOf(creates));
        assertEquals(2, creates.path("nrec").asLong());
        // op with other filters: updates of class Order only.
        assertEquals(3, filtered("getlogs", "op", "update", "class", "Order").path("nrec").asLong());
        assertEquals(0, filtered("getlogs", "op", "archive").path("nrec").asLong());
    }

    @Test
    void getUnusualIpWithWhoClassAndOpWithClass() throws Exception {
        // In 7 days (from 2026-02-23), entries with an address: f1 .1, f2 .2, f3 .2, f4 .3, f6 .2, f7 .9.
        // 20 %: threshold 1.2, so every address seen once; .2 (three times) is not unusual.
        JsonNode all = filtered("getunusualip", "unusualpercent", "20", "ndays", "7");
        assertEquals(6, all.path("total").asLong(), all.toString());
        assertEquals(List.of("198.51.100.1", "198.51.100.3", "198.51.100.9"), LogHarbourDefectsIT.unusualAddresses(all));
        // who=jim: f1 .1, f2 .2, f7 .9; threshold floored at 1, and .2 is seen once among jim's.
        JsonNode jim = filtered("getunusualip", "unusualpercent", "20", "ndays", "7", "who", "jim");
        assertEquals(3, jim.path("total").asLong(), jim.toString());
        assertEquals(List.of("198.51.100.1", "198.51.100.2", "198.51.100.9"), LogHarbourDefectsIT.unusualAddresses(jim));
        // class=Invoice: f3 alone.
        JsonNode invoice = filtered("getunusualip", "unusualpercent", "20", "ndays", "7", "class", "Invoice");
        assertEquals(1, invoice.path("total").asLong(), invoice.toString());
        assertEquals(List.of("198.51.100.2"), LogHarbourDefectsIT.unusualAddresses(invoice));
        // class=Order: f1 .1, f2 .2, f4 .3, f6 .2, f7 .9; .2 twice, above the threshold of 1.
        JsonNode order = filtered("getunusualip", "unusualpercent", "20", "ndays", "7", "class", "Order");
        assertEquals(5, order.path("total").asLong(), order.toString());
        assertEquals(List.of("198.51.100.1", "198.51.100.3", "198.51.100.9"), LogHarbourDefectsIT.unusualAddresses(order));
        // op counts with class: Order updates are f2 .2, f6 .2, f7 .9; no note says op was ignored.
        JsonNode orderUpdates = filtered("getunusualip", "unusualpercent", "20", "ndays", "7", "class", "Order", "op", "update");
        assertEquals(3, orderUpdates.path("total").asLong(), orderUpdates.toString());
        assertEquals(List.of("198.51.100.9"), LogHarbourDefectsIT.unusualAddresses(orderUpdates));
        assertTrue(orderUpdates.path("notes").isEmpty(), orderUpdates.toString());
    }

    @Test
    void getChangesWithWhoAndTimeWindows() throws Exception {
        String[] order1 = {"app", "shop", "class", "Order", "instance", "1"};
        // Order 1's changes, oldest first: f5 (jim, 02-20), f6 (ann, 02-27), f7 (jim, 03-01). MAXREC is 2.
        JsonNode everything = filtered("getchanges", order1);
        assertEquals(3, everything.path("nrec").asLong(), everything.toString());
        assertEquals(List.of("f5", "f6"), idsOf(everything));
        assertEquals(List.of("f5", "f7"), idsOf(filtered("getchanges", with(order1, "who", "jim"))));
        JsonNode ann = filtered("getchanges", with(order1, "who", "ann"));
        assertEquals(List.of("f6"), idsOf(ann));
        assertEquals(1, ann.path("nrec").asLong());
        assertEquals(List.of("f6", "f7"), idsOf(filtered("getchanges", with(order1, "fromts", "2026-02-25T00:00:00Z"))));
        JsonNode until = filtered("getchanges", with(order1, "tots", "2026-02-28T00:00:00Z"));
        assertEquals(List.of("f5", "f6"), idsOf(until));
        assertEquals(2, until.path("nrec").asLong());
        assertEquals(List.of("f6"), idsOf(filtered("getchanges", with(order1, "fromts", "2026-02-21T00:00:00Z", "tots", "2026-03-01T00:00:00Z"))));
        // ndays counts back from now: 3 days reach 02-27T00:00Z, 1 day 03-01T00:00Z.
        assertEquals(List.of("f6", "f7"), idsOf(filtered("getchanges", with(order1, "ndays", "3"))));
        assertEquals(List.of("f7"), idsOf(filtered("getchanges", with(order1, "ndays", "1"))));
        // ndays is ignored when fromts is given.
        assertEquals(3, filtered("getchanges", with(order1, "fromts", "2026-02-01T00:00:00Z", "ndays", "1")).path("nrec").asLong());
        refused(400, "invalid_days", "ndays", api.get(filtersToken, P + "getchanges", with(order1, "ndays", "0")));
        refused(400, "invalid_parameter", "tots", api.get(filtersToken, P + "getchanges",
                with(order1, "fromts", "2026-02-28T00:00:00Z", "tots", "2026-02-27T00:00:00Z")));
    }

    private static String[] with(String[] params, String... more) {
        String[] out = java.util.Arrays.copyOf(params, params.length + more.length);
        System.arraycopy(more, 0, out, params.length, more.length);
        return out;
    }

    @Test
    void getSetCountsClassInstanceOpModuleAndSystem() throws Exception {
        assertEquals(Map.of("Order", 6L, "Invoice", 1L), LogHarbourDefectsIT.values(filtered("getset", "setattr", "class")));
        assertEquals(Map.of("1", 5L, "2", 1L, "7", 1L), LogHarbourDefectsIT.values(filtered("getset", "setattr", "instance")));
        assertEquals(Map.of("1", 5L, "2", 1L), LogHarbourDefectsIT.values(filtered("getset", "setattr", "instance", "class", "Order")));
        assertEquals(Map.of("create", 2L, "update", 4L, "delete", 1L), LogHarbourDefectsIT.values(filtered("getset", "setattr", "op")));
        assertEquals(Map.of("orders", 5L, "pay", 2L), LogHarbourDefectsIT.values(filtered("getset", "setattr", "module")));
        assertEquals(Map.of("vm", 5L, "vm2", 2L), LogHarbourDefectsIT.values(filtered("getset", "setattr", "system")));
        // With a filter: the update entries' modules.
        assertEquals(Map.of("orders", 2L, "pay", 2L), LogHarbourDefectsIT.values(filtered("getset", "setattr", "module", "op", "update")));
    }

    @Test
    void postTakesAJsonObjectOfTheSameNames() throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("app", "shop");
        params.put("ndays", 1);
        params.put("pri", "info");
        QueryApiFixture.Answer post = api.post(token, P + "getlogs", params);
        QueryApiFixture.Answer get = api.get(token, P + "getlogs", "app", "shop", "ndays", "1", "pri", "info");
        assertEquals(200, post.status(), post.toString());
        assertEquals(get.json(), post.json());
        refused(400, "invalid_days", "ndays", api.post(token, P + "getlogs", Map.of("ndays", 1.5)));
        refused(400, "invalid_parameter", "app", api.post(token, P + "getlogs", Map.of("app", List.of("a", "b"))));
        QueryApiFixture.Answer malformed = api.send(api.http, HttpRequest.newBuilder(URI.create(api.api.uri() + P + "getlogs"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"app\":")).build());
        refused(400, "malformed_json", null, malformed);
        QueryApiFixture.Answer text = api.send(api.http, HttpRequest.newBuilder(URI.create(api.api.uri() + P + "getlogs"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("app=shop")).build());
        refused(415, "unsupported_media_type", null, text);
    }

    @Test
    void aRealmWithNoIndexAnswersEmpty() throws Exception {
        String empty = api.everythingToken("empty-realm");
        QueryApiFixture.Answer logs = api.get(empty, P + "getlogs");
        assertEquals(200, logs.status(), logs.toString());
        assertEquals(0, logs.json().path("nrec").asLong());
        assertEquals(0, logs.json().path("logs").size());
        assertEquals("[]", api.get(empty, P + "getapps").json().path("apps").toString());
        assertEquals("{}", api.get(empty, P + "getset", "setattr", "who").json().path("setvalues").toString());
        assertEquals("[]", api.get(empty, P + "getunusualip", "unusualpercent", "5").json().path("unusualIPs").toString());
    }
}
