package io.harbour.query.logharbour;

import static io.harbour.query.logharbour.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.query.http.RequestParameters;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeWindowTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    private static TimeWindow parse(Map<String, String> p) {
        return TimeWindow.parse(RequestParameters.of(p), NOW, 30);
    }

    @Test
    void fromtsAndTotsKeepNanosecondsAndTotMustBeAfterFromts() {
        TimeWindow w = parse(Map.of("fromts", "2026-11-23T05:56:38.427582317Z", "tots", "2026-11-23T05:56:38.427582318Z"));
        assertEquals(Instant.parse("2026-11-23T05:56:38.427582317Z"), w.from());
        assertEquals(Instant.parse("2026-11-23T05:56:38.427582318Z"), w.to());
        assertFalse(w.oldestFirst());
        refused(400, "invalid_parameter", "tots", () -> parse(Map.of("fromts", "2026-11-23T05:00:00Z", "tots", "2026-11-23T05:00:00Z")));
        refused(400, "invalid_parameter", "tots", () -> parse(Map.of("fromts", "2026-11-23T05:00:00Z", "tots", "2026-11-22T05:00:00Z")));
    }

    @Test
    void onlyFromtsMeansOldestFirstAndOffsetsAreAccepted() {
        TimeWindow w = parse(Map.of("fromts", "2026-11-23T10:30:00+05:30"));
        assertEquals(Instant.parse("2026-11-23T05:00:00Z"), w.from());
        assertNull(w.to());
        assertTrue(w.oldestFirst());
        assertFalse(parse(Map.of("tots", "2026-11-23T10:30:00Z")).oldestFirst());
        assertFalse(parse(Map.of("ndays", "3")).oldestFirst());
        assertFalse(parse(Map.of()).oldestFirst());
    }

    @Test
    void unparseableTimesAreRefusedNamingTheParameter() {
        refused(400, "invalid_parameter", "fromts", () -> parse(Map.of("fromts", "2026-11-23")));
        refused(400, "invalid_parameter", "tots", () -> parse(Map.of("tots", "1700000000")));
    }

    @Test
    void ndaysCountsBackFromNowAndIsIgnoredWhenEitherTimeIsGiven() {
        assertEquals(Instant.parse("2026-11-16T12:00:00Z"), parse(Map.of("ndays", "7")).from());
        assertNull(parse(Map.of("ndays", "7")).to());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), parse(Map.of("ndays", "nonsense", "fromts", "2026-11-01T00:00:00Z")).from());
        assertEquals(Instant.parse("2026-11-01T00:00:00Z"), parse(Map.of("ndays", "0", "tots", "2026-11-01T00:00:00Z")).to());
        assertTrue(parse(Map.of()).unbounded());
    }

    @Test
    void ndaysMustBeAPositiveWholeNumberUpToTheLimit() {
        for (String bad : new String[] {"0", "-1", "31", "1.5", "seven", "99999999999"}) {
            refused(400, "invalid_days", "ndays", () -> parse(Map.of("ndays", bad)));
        }
        assertEquals(Instant.parse("2026-10-24T12:00:00Z"), parse(Map.of("ndays", "30")).from());
    }
}
