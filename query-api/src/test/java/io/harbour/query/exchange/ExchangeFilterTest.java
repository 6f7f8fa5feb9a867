package io.harbour.query.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.layout.exchange.ExchangeState;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import io.harbour.query.logharbour.Cursor;
import io.harbour.realms.QueryAuthentication;
import io.harbour.realms.QueryScope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ExchangeFilterTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static ExchangeFilter parse(String... nameValue) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.put(nameValue[i], nameValue[i + 1]);
        }
        return ExchangeFilter.parse(RequestParameters.of(map), CLOCK, 30);
    }

    private static void refused(String code, String field, Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(400, e.status().code(), e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
    }

    private static List<JsonNode> clauses(ExchangeFilter f) {
        List<JsonNode> out = new java.util.ArrayList<>();
        f.query().path("bool").path("filter").forEach(out::add);
        return out;
    }

    @Test
    void noParametersMeansEveryExchangeNewestFirst() {
        ExchangeFilter f = parse();
        assertTrue(clauses(f).isEmpty());
        assertFalse(f.oldestFirst());
        assertEquals("desc", f.sort().path(0).path("first_received_at").path("order").asText());
        assertEquals("doc_id", f.sort().path(1).fieldNames().next(), "doc_id breaks ties");
    }

    @Test
    void fromtsAloneIsOldestFirstAndBothMustBeOrdered() {
        assertTrue(parse("fromts", "2026-11-01T00:00:00Z").oldestFirst());
        assertFalse(parse("fromts", "2026-11-01T00:00:00Z", "tots", "2026-11-02T00:00:00Z").oldestFirst());
        assertFalse(parse("tots", "2026-11-02T00:00:00Z").oldestFirst());
        refused("invalid_parameter", "tots", () -> parse("fromts", "2026-11-02T00:00:00Z", "tots", "2026-11-02T00:00:00Z"));
        refused("invalid_parameter", "fromts", () -> parse("fromts", "yesterday"));
        JsonNode range = clauses(parse("fromts", "2026-11-01T00:00:00.123456789Z")).get(0).path("range").path("first_received_at");
        assertEquals("2026-11-01T00:00:00.123456789Z", range.path("gte").asText(), "nanoseconds kept");
    }

    @Test
    void ndaysCountsBackFromNowAndIsIgnoredWhenATimeIsGiven() {
        JsonNode range = clauses(parse("ndays", "7")).get(0).path("range").path("first_received_at");
        assertEquals("2026-11-16T12:00:00Z", range.path("gte").asText());
        assertFalse(range.has("lte"));
        JsonNode withFrom = clauses(parse("ndays", "7", "fromts", "2026-01-01T00:00:00Z")).get(0).path("range").path("first_received_at");
        assertEquals("2026-01-01T00:00:00Z", withFrom.path("gte").asText());
        refused("invalid_days", "ndays", () -> parse("ndays", "0"));
        refused("invalid_days", "ndays", () -> parse("ndays", "31"));
        refused("invalid_days", "ndays", () -> parse("ndays", "seven"));
    }

    @Test
    void statusIsACodeOrAClass() {
        ExchangeFilter code = parse("status", "404");
        assertEquals(404, code.statusCode());
        assertEquals(404, clauses(code).get(0).path("term").path("response.status_code").asInt());
        ExchangeFilter cls = parse("status", "5XX");
        assertNull(cls.statusCode());
        assertEquals("5xx", clauses(cls).get(0).path("term").path("response.status_class").asText());
        for (String bad : List.of("600", "99", "6xx", "5x", "40", "abc", "4xx4")) {
            refused("invalid_parameter", "status", () -> parse("status", bad));
        }
    }

    @Test
    void latencyIsStrictlyAboveADecimalBound() {
        JsonNode range = clauses(parse("latency_above_ms", "250.5")).get(0).path("range").path("latency_ms");
        assertEquals(250.5, range.path("gt").asDouble());
        assertFalse(range.has("gte"));
        refused("invalid_parameter", "latency_above_ms", () -> parse("latency_above_ms", "fast"));
        refused("invalid_parameter", "latency_above_ms", () -> parse("latency_above_ms", "1e99999999999"));
    }

    @Test
    void stateIsOneOfTheThree() {
        for (ExchangeState s : ExchangeState.values()) {
            assertEquals(s.value(), clauses(parse("state", s.value().toUpperCase())).get(0).path("term").path("state").asText());
        }
        refused("invalid_parameter", "state", () -> parse("state", "done"));
    }

    @Test
    void uriIsAPrefixOnTheKeywordAndMethodIgnoresCase() {
        List<JsonNode> c = clauses(parse("uri", "/api/v1/", "method", "post", "sensor", "cert:CN=s1"));
        assertEquals("cert:CN=s1", c.get(0).path("term").path("sensor").asText());
        assertEquals("post", c.get(1).path("term").path("request.method").path("value").asText());
        assertTrue(c.get(1).path("term").path("request.method").path("case_insensitive").asBoolean());
        assertEquals("/api/v1/", c.get(2).path("prefix").path("request.uri").path("value").asText());
        refused("invalid_parameter", "uri", () -> parse("uri", "/" + "a".repeat(9000)));
    }

    @Test
    void aPageAsksOneMoreThanItsSizeAndResumesAfterBothSortKeys() {
        JsonNode body = ExchangeSearchHandler.body(parse(), Optional.of(new Cursor("2026-11-01T00:00:00Z", "abc")), 100);
        assertEquals(101, body.path("size").asInt());
        assertTrue(body.path("track_total_hits").asBoolean(), "nrec is the true total");
        assertEquals("2026-11-01T00:00:00Z", body.path("search_after").path(0).asText());
        assertEquals("abc", body.path("search_after").path(1).asText());
    }

    @Test
    void halfACursorIsAPaginationError() {
        refused("pagination_error", "searchAfterDocID", () -> Cursor.parse(RequestParameters.of(Map.of("searchAfterTS", "2026-11-01T00:00:00Z"))));
        refused("pagination_error", "searchAfterTS", () -> Cursor.parse(RequestParameters.of(Map.of("searchAfterDocID", "x"))));
    }

    @Test
    void countsNameTheirFieldAndRefuseOthers() {
        assertEquals("request.path", ExchangeCountsHandler.field("uri"));
        assertEquals("response.status_code", ExchangeCountsHandler.field("status"));
        assertEquals("state", ExchangeCountsHandler.field("state"));
        refused("invalid_parameter", "by", () -> ExchangeCountsHandler.field("latency_ms"));
        assertTrue(ExchangeCountsHandler.PARAMETERS.containsAll(ExchangeSearchHandler.FILTERS), "counts take the same filters");
        assertFalse(ExchangeCountsHandler.PARAMETERS.contains("searchAfterTS"));
    }

    @Test
    void onlyATokenForEveryAppAndClassReadsExchanges() {
        assertEquals("harbour-exchanges-acme", ExchangeScope.index(caller(QueryScope.Allowed.ALL, QueryScope.Allowed.ALL)));
        for (QueryAuthentication.Accepted limited : List.of(caller(QueryScope.Allowed.only(List.of("shop")), QueryScope.Allowed.ALL),
                caller(QueryScope.Allowed.ALL, QueryScope.Allowed.only(List.of("Order"))))) {
            ApiException e = assertThrows(ApiException.class, () -> ExchangeScope.index(limited));
            assertEquals(403, e.status().code());
            assertEquals("exchanges_not_allowed", e.code());
        }
    }

    private static QueryAuthentication.Accepted caller(QueryScope.Allowed apps, QueryScope.Allowed classes) {
        return new QueryAuthentication.Accepted("acme", "t1", new QueryScope(apps, classes, Set.of(), List.of()), false);
    }
}
