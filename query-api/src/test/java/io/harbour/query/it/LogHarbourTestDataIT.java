package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
 * The 202 entries of ../shared/data/logharbour-testdata.json, indexed as the indexer would,
 * answer GetSet (who, app, pri) and GetUnusualIP exactly as a count done here in Java over the
 * same file. Counted twice: with a debug token (every entry) and without (debug entries left out).
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogHarbourTestDataIT {
    private static final String REALM = "testdata";
    private static final String SET = "/api/v1/logharbour/getset";
    private static final String UNUSUAL = "/api/v1/logharbour/getunusualip";

    QueryApiFixture api;
    String debugToken;
    String plainToken;
    List<LogEntry> entries;

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        try (LogHarbourLoader loader = new LogHarbourLoader(es.httpUri().toString())) {
            loader.loadBytes(REALM, LogHarbourLoader.testData());
        }
        entries = TestData.entries();
        assertEquals(202, entries.size());
        // The data lies in 2024: "now" is a day after its last entry, so ndays windows cover it.
        api = new QueryApiFixture(dir, es.httpUri().toString(), 1000, Clock.fixed(Instant.parse("2024-05-07T15:00:00Z"), ZoneOffset.UTC));
        debugToken = api.debugToken(REALM);
        plainToken = api.everythingToken(REALM);
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private Map<String, Long> byHand(Predicate<LogEntry> visible, Function<LogEntry, String> attribute) {
        return HandCounts.of(entries, visible, attribute);
    }

    private Map<String, Long> getSet(String token, String... params) throws Exception {
        QueryApiFixture.Answer a = api.get(token, SET, params);
        assertEquals(200, a.status(), a.toString());
        return LogHarbourDefectsIT.values(a.json());
    }

    @Test
    void getSetOfWhoAppAndPriMatchesACountByHand() throws Exception {
        Predicate<LogEntry> all = e -> true;
        Predicate<LogEntry> notDebug = e -> e.type() != EntryType.DEBUG;
        Map<String, Function<LogEntry, String>> attributes = Map.of(
                "who", LogEntry::who, "app", LogEntry::app, "pri", e -> e.priority().wireName());
        for (var attribute : attributes.entrySet()) {
            Map<String, Long> everything = byHand(all, attribute.getValue());
            assertEquals(everything, getSet(debugToken, "setattr", attribute.getKey()), attribute.getKey());
            assertEquals(202L, everything.values().stream().mapToLong(Long::longValue).sum() + entries.stream()
                    .filter(e -> attribute.getValue().apply(e) == null).count());
            assertEquals(byHand(notDebug, attribute.getValue()), getSet(plainToken, "setattr", attribute.getKey()), attribute.getKey());
        }
        // pri as a filter: Warn or higher, data changes left out.
        Predicate<LogEntry> warnOrHigher = e -> e.type() != EntryType.CHANGE && e.priority().ordinal() >= 4;
        assertEquals(byHand(warnOrHigher, LogEntry::who), getSet(debugToken, "setattr", "who", "pri", "warn"));
    }

    @Test
    void getUnusualIpMatchesACountByHand() throws Exception {
        for (String token : List.of(debugToken, plainToken)) {
            Predicate<LogEntry> visible = token.equals(debugToken) ? e -> true : e -> e.type() != EntryType.DEBUG;
            Map<String, Long> counts = byHand(visible, LogEntry::remoteIp);
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            for (String percent : List.of("0.5", "2", "5", "50")) {
                double threshold = HandCounts.threshold(counts, Double.parseDouble(percent));
                List<String> expected = HandCounts.unusual(counts, Double.parseDouble(percent));
                for (boolean withDays : List.of(true, false)) {
                    QueryApiFixture.Answer a = withDays ? api.get(token, UNUSUAL, "unusualpercent", percent, "ndays", "365")
                            : api.get(token, UNUSUAL, "unusualpercent", percent);
                    assertEquals(200, a.status(), a.toString());
                    JsonNode answer = a.json();
                    assertEquals(total, answer.path("total").asLong(), percent);
                    assertEquals(threshold, answer.path("threshold").asDouble(), 1e-9, percent);
                    assertEquals(expected, LogHarbourDefectsIT.unusualAddresses(answer), percent);
                    for (JsonNode u : answer.path("unusualIPs")) {
                        assertEquals((long) counts.get(u.path("ipaddr").asText()), u.path("count").asLong());
                    }
                }
            }
            // Some address is seen more than once, so the low percentages have something to leave out.
            assertTrue(counts.values().stream().anyMatch(n -> n > 1), counts.toString());
        }
    }
}
