package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.query.geo.GeoFixtures;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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
 * The unusual-IP answers end to end with a GeoIP database: the query API configured with
 * {@code geoip.database} = the test City database ({@code query-api/src/test/geo/make-city-fixture.pl}),
 * entries on a real node. Each answer (seed 002's {@code unusualips}, the LogHarbour UI's
 * {@code unusualip} and {@code getunusualips}, seed 003's {@code GetUnusualIP}) locates the
 * addresses the database holds and gives null for those it does not; the answers that carry a
 * {@code geo} status say the database is in use, so a null location means "not in the database".
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeoLocatedUnusualIpsIT {
    private static final String REALM = "geo";
    private static final String WHEN = "2026-04-01T12:00:%02dZ";
    private static final int COMMON = 20;
    /** 27 entries with an address (20 common, 6 single, LOCAL); 10 %: threshold 2.7, so the six singles. */
    private static final int PERCENT = 10;

    /** Each single address and what the database says of it: city, country, lat, long (null: unknown). */
    private static final Map<String, List<Object>> SINGLES = Map.of(
            "203.0.113.45", Arrays.asList("Mumbai", "India", 19.0728, 72.8826),
            "198.51.100.23", Arrays.asList("Berlin", "Germany", 52.5244, 13.4105),
            "2001:db8::1", Arrays.asList("Tokyo", "Japan", 35.6895, 139.6917),
            // A record with a country alone: the other fields stay null.
            "192.0.2.5", Arrays.asList(null, "Netherlands", null, null),
            // Not in the database.
            "37.120.210.77", Arrays.asList(null, null, null, null),
            // In the database, but a private address is never looked up.
            "192.168.1.20", Arrays.asList(null, null, null, null));

    QueryApiFixture api;
    String token;

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < COMMON; i++) {
            entries.add(Entries.of("common-" + i, "shop", "A", "Info", String.format(WHEN, i)).put("remote_ip", "10.0.0.1").json());
        }
        int n = COMMON;
        for (String ip : SINGLES.keySet()) {
            entries.add(Entries.of("single-" + n, "shop", "A", "Info", String.format(WHEN, n++)).put("remote_ip", ip).json());
        }
        entries.add(Entries.of("local", "shop", "A", "Info", String.format(WHEN, n)).put("remote_ip", "LOCAL").json());
        try (LogHarbourLoader loader = new LogHarbourLoader(es.httpUri().toString())) {
            loader.load(REALM, entries);
        }
        api = new QueryApiFixture(dir, es.httpUri().toString(), 100, Clock.fixed(Instant.parse("2026-04-02T00:00:00Z"), ZoneOffset.UTC),
                GeoFixtures.CITY.toString(), List.of(), QueryHttpSettings.defaults().withHostAndPort("127.0.0.1", 0));
        token = api.everythingToken(REALM);
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** Every listed address is one of the singles, each single is listed once, each with its location. */
    private static void assertLocated(JsonNode unusualIPs) {
        assertEquals(SINGLES.size(), unusualIPs.size(), unusualIPs.toString());
        Set<String> listed = new HashSet<>();
        for (JsonNode item : unusualIPs) {
            String ip = item.path("ipaddr").asText();
            assertTrue(listed.add(ip), "listed twice: " + ip);
            List<Object> expected = SINGLES.get(ip);
            assertTrue(expected != null, "not a single address: " + item);
            List<String> fields = List.of("city", "country", "lat", "long");
            for (int i = 0; i < fields.size(); i++) {
                JsonNode value = item.path(fields.get(i));
                Object want = expected.get(i);
                if (want == null) {
                    assertTrue(value.isNull(), ip + " " + fields.get(i) + " should be null: " + item);
                } else if (want instanceof Double d) {
                    assertEquals(d, value.asDouble(), 1e-9, ip + " " + fields.get(i));
                    assertTrue(value.isNumber(), item.toString());
                } else {
                    assertEquals(want, value.asText(), ip + " " + fields.get(i));
                }
            }
        }
    }

    private static void assertDatabaseInUse(JsonNode answer) {
        assertTrue(answer.path("geo").path("available").asBoolean(), answer.toString());
        assertTrue(answer.path("geo").path("reason").isNull(), answer.toString());
    }

    @Test
    void theWebServiceLocatesWhatTheDatabaseHoldsAndNullsTheRest() throws Exception {
        QueryApiFixture.Answer a = api.post(token, "/api/v1/ws/unusualips", Map.of("app", "shop", "days", 7, "unusualPercent", PERCENT));
        assertEquals(200, a.status(), a.toString());
        assertEquals(27, a.json().path("total").asLong(), a.toString());
        assertLocated(a.json().path("unusualIPs"));
        assertDatabaseInUse(a.json());
    }

    @Test
    void theUisRoutesLocateWithTheirFiveKeys() throws Exception {
        for (String call : List.of("unusualip", "getunusualips")) {
            QueryApiFixture.Answer a = api.post(token, "/api/v1/" + call,
                    Map.of("data", Map.of("app", "shop", "days", 7, "unusualPercent", PERCENT)));
            assertEquals(200, a.status(), a.toString());
            JsonNode list = a.json().path("data").path("unusualIPs");
            assertLocated(list);
            for (JsonNode item : list) {
                Set<String> names = new HashSet<>();
                item.fieldNames().forEachRemaining(names::add);
                assertEquals(Set.of("ipaddr", "city", "country", "lat", "long"), names, call);
            }
        }
    }

    @Test
    void getUnusualIpLocatesToo() throws Exception {
        QueryApiFixture.Answer a = api.get(token, "/api/v1/logharbour/getunusualip", "unusualpercent", String.valueOf(PERCENT), "ndays", "7");
        assertEquals(200, a.status(), a.toString());
        assertLocated(a.json().path("unusualIPs"));
        assertDatabaseInUse(a.json());
        // Counts beside the locations: each single once.
        Map<String, Long> counts = new HashMap<>();
        a.json().path("unusualIPs").forEach(i -> counts.put(i.path("ipaddr").asText(), i.path("count").asLong()));
        counts.values().forEach(c -> assertEquals(1L, c));
    }
}
