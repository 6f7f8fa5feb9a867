package io.harbour.query.logharbour;

import static io.harbour.query.logharbour.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnusualIpsTest {
    private static Map<String, Long> counts(Object... pairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return m;
    }

    @Test
    void atOrBelowTheThresholdIsUnusualRarestFirst() {
        // total 200, 5% = 10: 10 is unusual (at), 11 is not.
        UnusualIps r = UnusualIps.of(counts("a", 150L, "b", 10L, "c", 11L, "d", 29L), 5);
        assertEquals(200, r.total());
        assertEquals(10.0, r.threshold());
        assertEquals(List.of(new UnusualIps.Address("b", 10)), r.unusual());
    }

    @Test
    void theThresholdIsFlooredAtOne() {
        UnusualIps r = UnusualIps.of(counts("a", 50L, "z", 1L, "y", 1L), 1);
        assertEquals(1.0, r.threshold());
        assertEquals(List.of(new UnusualIps.Address("y", 1), new UnusualIps.Address("z", 1)), r.unusual());
    }

    @Test
    void localCountsInTheTotalButIsNeverUnusual() {
        UnusualIps r = UnusualIps.of(counts("LOCAL", 2L, "a", 96L, "b", 2L), 2);
        assertEquals(100, r.total());
        assertEquals(List.of(new UnusualIps.Address("b", 2)), r.unusual());
    }

    @Test
    void nothingCountedIsAnEmptyAnswer() {
        UnusualIps r = UnusualIps.of(Map.of(), 5);
        assertEquals(0, r.total());
        assertEquals(List.of(), r.unusual());
    }

    @Test
    void percentIsAboveZeroAndAtMostFifty() {
        assertEquals(50.0, GetUnusualIpHandler.percent("50"));
        assertEquals(0.5, GetUnusualIpHandler.percent(" 0.5 "));
        for (String bad : new String[] {"0", "-1", "50.0001", "NaN", "Infinity", "five", ""}) {
            refused(400, "invalid_percent", "unusualpercent", () -> GetUnusualIpHandler.percent(bad));
        }
    }
}
