package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * Each defect of the LogHarbour reference implementation that concerns the client-library
 * functions (../shared/reference/logharbour-wire-format.md, "Its defects"), one test named for
 * it, on a real node with documents built by the layout module: Harbour does not have it.
 * Defect 7 goes through the receiver's publisher, Kafka and the real indexer instead; defect 8
 * concerns the UI's routes and is tested beside their fixture, in {@link LogHarbourUiIT}.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogHarbourDefectsIT {
    private static final String REALM = "defects";
    private static final String TIES = "ties";
    private static final String OTHER = "elsewhere";
    private static final int TIED = 10_050;
    private static final String TIED_WHEN = "2026-02-01T00:00:00.123456789Z";
    private static final String LOGS = "/api/v1/logharbour/getlogs";
    private static final String SET = "/api/v1/logharbour/getset";
    private static final String CHANGES = "/api/v1/logharbour/getchanges";
    private static final String UNUSUAL = "/api/v1/logharbour/getunusualip";
    /** Nanoseconds apart, one second from the next, so order is unambiguous. */
    private static final String T = "2026-01-10T10:00:0%d.00000000%dZ";

    QueryApiFixture api;
    String token;
    String debugToken;
    String elasticsearchUrl;

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        elasticsearchUrl = es.httpUri().toString();
        try (LogHarbourLoader loader = new LogHarbourLoader(es.httpUri().toString())) {
            loader.load(REALM, List.of(
                    Entries.of("d1", "shop", "A", "Info", t(1)).put("who", "jim").object("Order", "1", "create").put("remote_ip", "203.0.113.1").json(),
                    Entries.of("d2", "shop", "C", "Info", t(2)).put("who", "jim").object("Order", "1", "create").put("remote_ip", "LOCAL")
                            .changes("Order", "Create", "status", "qty").json(),
                    Entries.of("d3", "shop", "C", "Info", t(3)).put("who", "ann").object("Order", "1", "update").changes("Order", "Update", "qty").json(),
                    Entries.of("d4", "shop", "C", "Info", t(4)).put("who", "ann").object("Order", "1", "delete").changes("Order", "Delete").json(),
                    Entries.of("d5", "shop", "A", "Sec", t(5)).put("who", "eve").put("remote_ip", "198.51.100.7").status(1).json(),
                    Entries.of("d6", "shop", "D", "Debug1", t(6)).put("remote_ip", "203.0.113.1").json(),
                    Entries.of("d7", "shop", "A", "Warn", t(7)).put("remote_ip", "LOCAL").status(1).json(),
                    Entries.of("d8", "crm", "A", "Err", t(8)).put("remote_ip", "2001:db8::1").json(),
                    Entries.of("d9", "shop", "C", "Info", t(9)).object("Order", "2", "update").changes("Order", "Update", "qty").json()));
            List<String> tied = new ArrayList<>();
            for (int i = 0; i < TIED; i++) {
                tied.add(Entries.of(String.format("tie-%05d", i), "bulk", "A", "Info", TIED_WHEN).json());
            }
            loader.load(TIES, tied);
            loader.load(OTHER, List.of(Entries.of("o1", "secret", "A", "Info", t(1)).put("remote_ip", "192.0.2.99").json()));
        }
        api = new QueryApiFixture(dir, es.httpUri().toString(), 1000,
                Clock.fixed(Instant.parse("2026-01-11T00:00:00Z"), ZoneOffset.UTC));
        token = api.everythingToken(REALM);
        debugToken = api.debugToken(REALM);
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private static String t(int second) {
        return String.format(T, second, second);
    }

    private static List<String> ids(JsonNode answer) {
        List<String> ids = new ArrayList<>();
        answer.path("logs").forEach(e -> ids.add(e.path("id").asText()));
        return ids;
    }

    static Map<String, Long> values(JsonNode answer) {
        Map<String, Long> out = new LinkedHashMap<>();
        answer.path("setvalues").properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    /** Defect 1: "Sec" was rejected when read back, so any answer holding a Sec entry failed. */
    @Test
    void defect1SecEntriesAreReadBack() throws Exception {
        for (String pri : List.of("sec", "Sec", "SEC")) {
            QueryApiFixture.Answer a = api.get(token, LOGS, "pri", pri);
            assertEquals(200, a.status(), a.toString());
            assertEquals(List.of("d5"), ids(a.json()));
            assertEquals("Sec", a.json().path("logs").path(0).path("pri").asText());
        }
        assertEquals(1L, values(api.get(token, SET, "setattr", "pri").json()).get("Sec"));
    }

    /** Defect 2: paging on when alone skipped or repeated entries sharing a time; 10,050 entries sharing one when each come exactly once. */
    @Test
    void defect2PagingTieBreakerReturnsTenThousandTiedEntriesExactlyOnce() throws Exception {
        String tiesToken = api.everythingToken(TIES);
        for (boolean oldestFirst : List.of(false, true)) {
            Set<String> seen = new HashSet<>();
            int pages = 0;
            Map<String, String> params = new LinkedHashMap<>();
            if (oldestFirst) {
                params.put("fromts", "2026-02-01T00:00:00Z");
            }
            while (true) {
                QueryApiFixture.Answer a = api.get(tiesToken, LOGS, params);
                assertEquals(200, a.status(), a.toString());
                assertEquals(TIED, a.json().path("nrec").asLong());
                for (JsonNode e : a.json().path("logs")) {
                    assertTrue(seen.add(e.path("doc_id").asText()), "repeated " + e.path("doc_id"));
                    assertEquals(TIED_WHEN, e.path("when").asText());
                }
                pages++;
                JsonNode next = a.json().path("next");
                if (next.isNull()) {
                    break;
                }
                params.put("searchAfterTS", next.path("searchAfterTS").asText());
                params.put("searchAfterDocID", next.path("searchAfterDocID").asText());
            }
            assertEquals(TIED, seen.size());
            assertEquals((TIED + 999) / 1000, pages);
        }
    }

    /** Defect 3: order was always newest first; the seed asks oldest first when only fromts is given, and for GetChanges. */
    @Test
    void defect3OldestFirstWhenOnlyFromtsIsGivenAndForGetChanges() throws Exception {
        assertEquals(List.of("d1", "d2", "d3", "d4", "d5", "d7", "d8", "d9"), ids(api.get(token, LOGS, "fromts", t(1)).json()));
        assertEquals(List.of("d9", "d8", "d7", "d5", "d4", "d3", "d2", "d1"), ids(api.get(token, LOGS, "tots", t(9)).json()));
        assertEquals(List.of("d8", "d7", "d5", "d4", "d3"), ids(api.get(token, LOGS, "fromts", t(3), "tots", t(8)).json()));
        assertEquals(List.of("d9", "d8", "d7", "d5", "d4", "d3", "d2", "d1"), ids(api.get(token, LOGS).json()));
        // The creating entry first, the deleting entry last.
        assertEquals(List.of("d2", "d3", "d4"), ids(api.get(token, CHANGES, "app", "shop", "class", "Order", "instance", "1").json()));
    }

    /** Defect 4: changes are nested, and plain term queries on their field matched nothing. */
    @Test
    void defect4GetChangesFieldIsANestedQuery() throws Exception {
        assertEquals(List.of("d2", "d3"), ids(api.get(token, CHANGES, "app", "shop", "class", "Order", "instance", "1", "field", "qty").json()));
        assertEquals(List.of("d2"), ids(api.get(token, CHANGES, "app", "shop", "class", "Order", "instance", "1", "field", "status").json()));
        assertEquals(List.of(), ids(api.get(token, CHANGES, "app", "shop", "class", "Order", "instance", "1", "field", "price").json()));
    }

    /** Defect 4: GetSet("field") counts the entries that changed each field, through a nested aggregation. */
    @Test
    void defect4GetSetFieldIsANestedAggregationCountingEntries() throws Exception {
        assertEquals(Map.of("qty", 3L, "status", 1L), values(api.get(token, SET, "setattr", "field").json()));
        assertEquals(Map.of("qty", 2L, "status", 1L),
                values(api.get(token, SET, "setattr", "field", "class", "Order", "instance", "1").json()));
    }

    /** Defect 5: a pri filter on GetSet ANDed type=A with type=D and matched nothing; and filters leaked between calls. */
    @Test
    void defect5PriFilterOnGetSetLeavesOutOnlyDataChanges() throws Exception {
        assertEquals(Map.of("A", 4L, "D", 1L), values(api.get(debugToken, SET, "setattr", "type", "pri", "debug2").json()));
        assertEquals(Map.of("A", 4L), values(api.get(debugToken, SET, "setattr", "type", "pri", "info").json()));
        // A filtered call, then an unfiltered one: nothing of the first is left over.
        assertEquals(Map.of("crm", 1L), values(api.get(token, SET, "setattr", "app", "app", "crm").json()));
        assertEquals(Map.of("crm", 1L, "shop", 7L), values(api.get(token, SET, "setattr", "app").json()));
    }

    /** Defect 6: status (an integer) broke GetSet; absent status means 0 and is counted. */
    @Test
    void defect6StatusIsCountedInGetSet() throws Exception {
        assertEquals(Map.of("0", 6L, "1", 2L), values(api.get(token, SET, "setattr", "status").json()));
    }

    /** Defect 6: hits.total was capped at 10,000. */
    @Test
    void defect6TotalAboveTenThousandIsExact() throws Exception {
        JsonNode a = api.get(api.everythingToken(TIES), LOGS).json();
        assertEquals(TIED, a.path("nrec").asLong());
        assertEquals(Map.of("bulk", (long) TIED), values(api.get(api.everythingToken(TIES), SET, "setattr", "app").json()));
    }

    /** Defect 6: remote_ip "LOCAL" was refused by the ip mapping and those entries lost. */
    @Test
    void defect6LocalEntriesAreKeptFoundAndCounted() throws Exception {
        JsonNode a = api.get(token, LOGS, "remoteIP", "LOCAL").json();
        assertEquals(List.of("d7", "d2"), ids(a));
        assertEquals("LOCAL", a.path("logs").path(0).path("remote_ip").asText());
        assertEquals(2L, values(api.get(token, SET, "setattr", "remote_ip").json()).get("LOCAL"));
    }

    /**
     * Defect 7: the writer's default index ({@code logs}) differed from the reader's
     * ({@code logharbour}), so what was written was never read. Here the entries go the way
     * production takes them (receiver's publisher, Kafka, the indexer with its default layout)
     * and come back through the query API's HTTP routes, every one of them.
     */
    @Test
    void defect7WhatTheIndexerWritesTheQueryApiReads(KafkaBroker kafka) throws Exception {
        String realm = "defects-indexed";
        try (IndexerPipeline pipeline = new IndexerPipeline("defect7", kafka.bootstrapServers(), elasticsearchUrl)) {
            pipeline.index(realm, List.of(
                    Entries.of("i1", "shop", "A", "Info", t(1)).put("who", "jim").object("Order", "1", "create").put("remote_ip", "203.0.113.1").json(),
                    Entries.of("i2", "shop", "C", "Info", t(2)).put("who", "jim").object("Order", "1", "update")
                            .changes("Order", "Update", "qty").json(),
                    Entries.of("i3", "crm", "A", "Sec", t(3)).put("remote_ip", "LOCAL").json()));
        }
        String reader = api.everythingToken(realm);
        JsonNode logs = api.get(reader, LOGS).json();
        assertEquals(List.of("i3", "i2", "i1"), ids(logs));
        assertEquals(3, logs.path("nrec").asLong());
        assertEquals(List.of("crm", "shop"), toList(api.get(reader, "/api/v1/logharbour/getapps").json().path("apps")));
        assertEquals(List.of("i2"), ids(api.get(reader, CHANGES, "app", "shop", "class", "Order", "instance", "1", "field", "qty").json()));
        // The LogHarbour UI's route reads the same documents.
        JsonNode ui = api.post(reader, "/api/v1/activitylog", Map.of("data", Map.of("app", "shop", "days", 7))).json();
        assertEquals(2, ui.path("data").path("Nrec").asLong(), ui.toString());
    }

    /** Defect 10: unusual IPs excluded the server's own address instead of LOCAL, and did not floor the threshold at 1. */
    @Test
    void defect10UnusualIpsExcludeLocalAndFloorTheThresholdAtOne() throws Exception {
        // Visible entries with an address: d1 203.0.113.1, d2 LOCAL, d5 198.51.100.7, d7 LOCAL, d8 2001:db8::1 (d6 is debug).
        JsonNode floor = api.get(token, UNUSUAL, "unusualpercent", "1").json();
        assertEquals(5, floor.path("total").asLong());
        assertEquals(1.0, floor.path("threshold").asDouble());
        assertEquals(List.of("198.51.100.7", "2001:db8::1", "203.0.113.1"), unusualAddresses(floor));
        // 50%: threshold 2.5, which LOCAL's 2 is under, yet LOCAL is never an unusual address.
        JsonNode half = api.get(token, UNUSUAL, "unusualpercent", "50", "ndays", "2").json();
        assertEquals(5, half.path("total").asLong());
        assertEquals(2.5, half.path("threshold").asDouble());
        assertEquals(List.of("198.51.100.7", "2001:db8::1", "203.0.113.1"), unusualAddresses(half));
        assertEquals(false, half.path("geo").path("available").asBoolean());
        assertTrue(half.path("geo").path("reason").asText().contains("geoip.database"), half.toString());
        assertTrue(half.path("unusualIPs").path(0).path("city").isNull());
    }

    static List<String> unusualAddresses(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("unusualIPs").forEach(u -> out.add(u.path("ipaddr").asText()));
        out.sort(null);
        return out;
    }

    /** Defect 9: the query token was accepted and never checked; realms existed only on paper. */
    @Test
    void defect9TokensAreCheckedAndConfineToTheirRealm() throws Exception {
        assertEquals("missing_credentials", api.get(null, LOGS).code());
        assertEquals(401, api.get(null, LOGS).status());
        assertEquals("unknown_token", api.get("hq_nosuchtoken_0000000000000000000000000000000000000", LOGS).code());
        assertEquals("unknown_token", api.get(api.realms.issueWriteKey(REALM, "it").key(), LOGS).code());
        String other = api.everythingToken(OTHER);
        assertEquals(List.of("o1"), ids(api.get(other, LOGS).json()));
        assertEquals(List.of("secret"), toList(api.get(other, "/api/v1/logharbour/getapps").json().path("apps")));
        assertEquals(List.of("crm", "shop"), toList(api.get(token, "/api/v1/logharbour/getapps").json().path("apps")));
    }

    static List<String> toList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
