package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.traffic.TrafficGenerator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few thousand entries of the traffic generator (long-tailed apps, users, classes; every
 * priority; IPv4, IPv6, LOCAL and rare addresses), loaded as the other tests load theirs, answer
 * GetSet (who, app, pri), GetApps and GetUnusualIP exactly as counts done here over the generated
 * entries; with a debug token (every entry) and without (debug entries left out).
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedTrafficIT {
    private static final String REALM = "traffic";
    private static final int ENTRIES = 3_000;

    final TrafficGenerator traffic = TrafficGenerator.builder().seed(20261123).entries(ENTRIES).days(3).build();
    QueryApiFixture api;
    String debugToken;
    String plainToken;
    List<LogEntry> entries;

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        try (LogHarbourLoader loader = new LogHarbourLoader(es.httpUri().toString())) {
            loader.load(REALM, traffic.lines().toList());
        }
        entries = traffic.entries().toList();
        // "Now" is the end of the generated range, so a 7-day window holds all of it.
        api = new QueryApiFixture(dir, es.httpUri().toString(), 1000, Clock.fixed(traffic.end(), ZoneOffset.UTC));
        debugToken = api.debugToken(REALM);
        plainToken = api.everythingToken(REALM);
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    /** The debug token sees every entry, the plain one all but debug entries. */
    private Map<String, Predicate<LogEntry>> tokens() {
        return Map.of(debugToken, e -> true, plainToken, e -> e.type() != EntryType.DEBUG);
    }

    private JsonNode ok(String token, String path, String... params) throws Exception {
        QueryApiFixture.Answer a = api.get(token, path, params);
        assertEquals(200, a.status(), a.toString());
        return a.json();
    }

    @Test
    void theTrafficHasWhatTheseCountsAreAbout() {
        assertEquals(ENTRIES, entries.size());
        assertTrue(entries.stream().anyMatch(e -> e.type() == EntryType.DEBUG));
        assertTrue(entries.stream().anyMatch(e -> LogEntry.LOCAL.equals(e.remoteIp())));
        assertTrue(HandCounts.of(entries, e -> true, LogEntry::who).size() > 100, "a long tail of users");
    }

    @Test
    void getSetOfWhoAppAndPriMatchesTheGeneratedEntries() throws Exception {
        Map<String, Function<LogEntry, String>> attributes = Map.of(
                "who", LogEntry::who, "app", LogEntry::app, "pri", e -> e.priority().wireName());
        for (var token : tokens().entrySet()) {
            for (var attribute : attributes.entrySet()) {
                assertEquals(HandCounts.of(entries, token.getValue(), attribute.getValue()),
                        LogHarbourDefectsIT.values(ok(token.getKey(), "/api/v1/logharbour/getset", "setattr", attribute.getKey())),
                        attribute.getKey());
            }
        }
    }

    @Test
    void getAppsListsTheGeneratedApps() throws Exception {
        for (var token : tokens().entrySet()) {
            List<String> expected = List.copyOf(HandCounts.of(entries, token.getValue(), LogEntry::app).keySet());
            assertEquals(expected, LogHarbourDefectsIT.toList(ok(token.getKey(), "/api/v1/logharbour/getapps").path("apps")));
        }
    }

    @Test
    void getUnusualIpMatchesTheGeneratedEntries() throws Exception {
        for (var token : tokens().entrySet()) {
            Map<String, Long> counts = HandCounts.of(entries, token.getValue(), LogEntry::remoteIp);
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            for (String percent : List.of("0.1", "1", "5")) {
                JsonNode answer = ok(token.getKey(), "/api/v1/logharbour/getunusualip", "unusualpercent", percent, "ndays", "7");
                assertEquals(total, answer.path("total").asLong(), percent);
                assertEquals(HandCounts.threshold(counts, Double.parseDouble(percent)), answer.path("threshold").asDouble(), 1e-9, percent);
                assertEquals(HandCounts.unusual(counts, Double.parseDouble(percent)), LogHarbourDefectsIT.unusualAddresses(answer), percent);
                for (JsonNode u : answer.path("unusualIPs")) {
                    assertEquals((long) counts.get(u.path("ipaddr").asText()), u.path("count").asLong());
                }
            }
        }
        // The generator's own known answer: each rare address is placed once, so it is unusual at any percent.
        List<String> listed = LogHarbourDefectsIT.unusualAddresses(
                ok(debugToken, "/api/v1/logharbour/getunusualip", "unusualpercent", "0.1", "ndays", "7"));
        assertTrue(listed.containsAll(traffic.rareAddresses()), listed.toString());
    }
}
