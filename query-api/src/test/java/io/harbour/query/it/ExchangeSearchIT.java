package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.realms.QueryScope;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
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
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange search and counts on a real node, over documents the layout's exchange writes
 * build: each filter, paging through exchanges that share one time, counts per value, and the
 * refusal of tokens limited to some apps or classes.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangeSearchIT {
    private static final String REALM = "xh";
    private static final String SEARCH = "/api/v1/extrahop/exchanges";
    private static final String COUNTS = "/api/v1/extrahop/exchanges/counts";
    private static final Instant DAY1 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant TIE = Instant.parse("2026-03-02T00:00:00.123456789Z");
    private static final int TIES = 40;
    /** Small pages, so the ties span several. */
    private static final int MAXREC = 7;

    QueryApiFixture api;
    String token;
    final Map<String, String> ids = new LinkedHashMap<>();
    final Set<String> tieIds = new HashSet<>();

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        try (ExchangeLoader x = new ExchangeLoader(es.httpUri().toString())) {
            ids.put("e1", x.complete(REALM, "cert:CN=s1", 1, "GET", "/api/v1/metrics?cycle=30sec", 200, DAY1, 20));
            ids.put("e2", x.complete(REALM, "cert:CN=s1", 2, "POST", "/api/v1/metrics", 201, DAY1.plusSeconds(60), 300));
            ids.put("e3", x.complete(REALM, "cert:CN=s2", 3, "GET", "/api/v2/users/7", 404, DAY1.plusSeconds(120), 5));
            ids.put("e4", x.complete(REALM, "cert:CN=s2", 4, "DELETE", "/api/v1/users/7", 503, DAY1.plusSeconds(180), 1200));
            ids.put("e5", x.complete(REALM, "cert:CN=s1", 5, "GET", "/healthz", 500, DAY1.plusSeconds(240), 2));
            ids.put("p1", x.pending(REALM, "cert:CN=s1", 6, "GET", "/api/v1/pending", DAY1.plusSeconds(300)));
            ids.put("o1", x.orphanResponse(REALM, "cert:CN=s2", 7, 502, DAY1.plusSeconds(360)));
            for (int i = 0; i < TIES; i++) {
                tieIds.add(x.complete(REALM, "cert:CN=tie", 1000 + i, "GET", "/tie/" + i, 200, TIE, 1));
            }
            x.complete("neighbour", "cert:CN=s1", 1, "GET", "/api/v1/metrics", 200, DAY1, 20);
            x.flush();
        }
        api = new QueryApiFixture(dir, es.httpUri().toString(), MAXREC, Clock.fixed(Instant.parse("2026-03-03T00:00:00Z"), ZoneOffset.UTC));
        token = api.everythingToken(REALM);
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** Every exchange id the filter matches, paging to the end; checks nrec on each page. */
    private List<String> all(String... params) throws Exception {
        List<String> out = new ArrayList<>();
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        long nrec = -1;
        for (int pages = 0; pages < 100; pages++) {
            QueryApiFixture.Answer a = api.get(token, SEARCH, p);
            assertEquals(200, a.status(), a.toString());
            if (nrec >= 0) {
                assertEquals(nrec, a.json().path("nrec").asLong(), "nrec is the same on every page");
            }
            nrec = a.json().path("nrec").asLong();
            assertTrue(a.json().path("exchanges").size() <= MAXREC);
            a.json().path("exchanges").forEach(e -> out.add(e.path("exchange_id").asText()));
            JsonNode next = a.json().path("next");
            if (next.isNull()) {
                assertEquals(nrec, out.size(), "nrec is the true total");
                return out;
            }
            p.put("searchAfterTS", next.path("searchAfterTS").asText());
            p.put("searchAfterDocID", next.path("searchAfterDocID").asText());
        }
        throw new AssertionError("more than 100 pages");
    }

    private Set<String> named(String... names) {
        Set<String> out = new TreeSet<>();
        for (String n : names) {
            out.add(ids.get(n));
        }
        return out;
    }

    private Set<String> day1(String... params) throws Exception {
        List<String> p = new ArrayList<>(List.of(params));
        p.addAll(List.of("fromts", "2026-03-01T00:00:00Z", "tots", "2026-03-01T23:59:59Z"));
        return new TreeSet<>(all(p.toArray(String[]::new)));
    }

    @Test
    void timeWindowsUseTheFirstReceiveTime() throws Exception {
        assertEquals(named("e1", "e2", "e3", "e4", "e5", "p1", "o1"), day1());
        assertEquals(named("e2", "e3"), new TreeSet<>(all("fromts", "2026-03-01T10:01:00Z", "tots", "2026-03-01T10:02:00Z")));
        assertEquals(tieIds, new HashSet<>(all("ndays", "1")));
        assertEquals(7 + TIES, all("ndays", "2").size());
        assertEquals(7 + TIES, all().size(), "no time limit, and the neighbour realm's exchange is not seen");
    }

    @Test
    void newestFirstUnlessOnlyFromtsIsGiven() throws Exception {
        List<String> newest = all("tots", "2026-03-01T23:59:59Z");
        assertEquals(List.of(ids.get("o1"), ids.get("p1"), ids.get("e5"), ids.get("e4"), ids.get("e3"), ids.get("e2"), ids.get("e1")), newest);
        List<String> oldest = all("fromts", "2026-03-01T00:00:00Z");
        assertEquals(ids.get("e1"), oldest.get(0));
        assertEquals(7 + TIES, oldest.size());
    }

    @Test
    void eachFilter() throws Exception {
        assertEquals(named("e1", "e2", "e5", "p1"), day1("sensor", "cert:CN=s1"));
        assertEquals(named("e1", "e3", "e5", "p1"), day1("method", "get"));
        assertEquals(named("e1", "e2", "e4", "p1"), day1("uri", "/api/v1/"));
        assertEquals(named("e1", "e2"), day1("uri", "/api/v1/metrics"));
        assertEquals(named("e3"), day1("status", "404"));
        assertEquals(named("e4", "e5", "o1"), day1("status", "5xx"));
        assertEquals(named("e2", "e4"), day1("latency_above_ms", "20"), "strictly above: e1's 20 ms is not");
        assertEquals(named("e4"), day1("latency_above_ms", "300.5"));
        assertEquals(named("p1"), day1("state", "pending"));
        assertEquals(named("o1"), day1("state", "orphan"));
        assertEquals(named("e1", "e2", "e3", "e4", "e5"), day1("state", "complete"));
        assertEquals(named("e4"), day1("sensor", "cert:CN=s2", "status", "5xx", "state", "complete", "method", "DELETE"));
    }

    @Test
    void exchangesSharingOneTimeEachComeExactlyOnceAcrossPages() throws Exception {
        List<String> seen = all("sensor", "cert:CN=tie");
        assertEquals(TIES, seen.size());
        assertEquals(tieIds, new HashSet<>(seen), "no exchange twice, none left out");
        JsonNode first = api.get(token, SEARCH, "sensor", "cert:CN=tie").json();
        assertEquals("2026-03-02T00:00:00.123456789Z", first.path("next").path("searchAfterTS").asText(), "the cursor keeps nanoseconds");
    }

    @Test
    void postTakesTheSameParameters() throws Exception {
        QueryApiFixture.Answer a = api.post(token, SEARCH, Map.of("status", 404, "fromts", "2026-03-01T00:00:00Z"));
        assertEquals(200, a.status(), a.toString());
        assertEquals(1, a.json().path("nrec").asLong());
        JsonNode e3 = a.json().path("exchanges").path(0);
        assertEquals(ids.get("e3"), e3.path("exchange_id").asText());
        assertEquals("/api/v2/users/7", e3.at("/request/uri").asText());
        assertEquals(404, e3.at("/response/status_code").asInt());
        assertEquals(5.0, e3.path("latency_ms").asDouble());
    }

    @Test
    void counts() throws Exception {
        assertEquals(Map.of("200", 1L + TIES, "201", 1L, "404", 1L, "503", 1L, "500", 1L, "502", 1L), counts("by", "status"));
        assertEquals(Map.of("complete", 5L + TIES, "pending", 1L, "orphan", 1L), counts("by", "state"));
        assertEquals(Map.of("cert:CN=s1", 4L, "cert:CN=s2", 3L, "cert:CN=tie", (long) TIES), counts("by", "sensor"));
        assertEquals(Map.of("GET", 3L, "POST", 1L, "DELETE", 1L), counts("by", "method", "tots", "2026-03-01T10:04:00Z"));
        Map<String, Long> uris = counts("by", "uri", "ndays", "2", "sensor", "cert:CN=s1");
        assertEquals(Map.of("/api/v1/metrics", 2L, "/healthz", 1L, "/api/v1/pending", 1L), uris, "the URI without its query string");
        Map<String, Long> ties = counts("by", "uri", "sensor", "cert:CN=tie");
        assertEquals(TIES, ties.size(), "every value, not a top ten");
        assertEquals(Map.of("5xx", 3L), counts("by", "status_class", "status", "5xx"));
    }

    private Map<String, Long> counts(String... params) throws Exception {
        QueryApiFixture.Answer a = api.get(token, COUNTS, params);
        assertEquals(200, a.status(), a.toString());
        Map<String, Long> out = new TreeMap<>();
        a.json().path("counts").properties().forEach(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    @Test
    void refusals() throws Exception {
        assertRefused(400, "pagination_error", "searchAfterDocID", api.get(token, SEARCH, "searchAfterTS", "2026-03-01T00:00:00Z"));
        assertRefused(400, "pagination_error", "searchAfterTS", api.get(token, SEARCH, "searchAfterTS", "soon", "searchAfterDocID", "x"));
        assertRefused(400, "invalid_parameter", "status", api.get(token, SEARCH, "status", "6xx"));
        assertRefused(400, "invalid_parameter", "state", api.get(token, SEARCH, "state", "lost"));
        assertRefused(400, "invalid_days", "ndays", api.get(token, SEARCH, "ndays", "0"));
        assertRefused(400, "unknown_parameter", "app", api.get(token, SEARCH, "app", "shop"));
        assertRefused(400, "missing_parameter", "by", api.get(token, COUNTS));
        assertRefused(400, "invalid_parameter", "by", api.get(token, COUNTS, "by", "body"));
        assertRefused(401, "missing_credentials", null, api.get(null, SEARCH));
    }

    @Test
    void tokensLimitedToSomeAppsOrClassesAreRefusedAndSeeNothing() throws Exception {
        String apps = api.token(REALM, new QueryScope(QueryScope.Allowed.only(List.of("shop")), QueryScope.Allowed.ALL, Set.of(), List.of()));
        String classes = api.token(REALM, new QueryScope(QueryScope.Allowed.ALL, QueryScope.Allowed.only(List.of("Order")), Set.of(), List.of()));
        for (String limited : List.of(apps, classes)) {
            assertRefused(403, "exchanges_not_allowed", null, api.get(limited, SEARCH));
            assertRefused(403, "exchanges_not_allowed", null, api.get(limited, COUNTS, "by", "status"));
        }
        String other = api.everythingToken("neighbour");
        QueryApiFixture.Answer a = api.get(other, SEARCH);
        assertEquals(1, a.json().path("nrec").asLong(), "another realm's token sees only its realm's exchange");
        String empty = api.everythingToken("quiet");
        QueryApiFixture.Answer none = api.get(empty, SEARCH);
        assertEquals(200, none.status(), "a realm without exchanges answers empty");
        assertEquals(0, none.json().path("nrec").asLong());
    }

    private static void assertRefused(int status, String code, String field, QueryApiFixture.Answer a) {
        assertEquals(status, a.status(), a.toString());
        assertEquals(code, a.code(), a.toString());
        assertEquals(field, a.field(), a.toString());
    }
}
