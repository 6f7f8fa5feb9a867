package io.harbour.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harbour.layout.IndexName;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionTest {

    @Test
    void onlyDailyIndicesPastTheirRealmsLimitAreChosenOldestFirst() {
        Map<String, Integer> days = Map.of("acme", 90);
        Retention r = new Retention(null, realm -> days.getOrDefault(realm, 7), name -> { });
        Instant now = Instant.parse("2026-06-01T12:00:00Z");
        List<String> chosen = r.expired(List.of(
                "harbour-logharbour-beta-2026.05.01",
                "harbour-logharbour-beta-2026.05.30",
                "harbour-logharbour-beta-2026.05.25",
                "harbour-exchanges-beta-2026.05.24",
                "harbour-observations-beta-2026.05.26",
                "harbour-logharbour-acme-2026.05.01",
                "harbour-logharbour-acme-2026.02.01",
                "harbour-watermarks",
                "harbour-logharbour-beta",
                "other-index-2020.01.01",
                "harbour-logharbour-beta-2026.13.45"), now).stream().map(IndexName::name).toList();
        assertEquals(List.of("harbour-logharbour-acme-2026.02.01", "harbour-logharbour-beta-2026.05.01", "harbour-exchanges-beta-2026.05.24"), chosen,
                "a day is kept while it is within the limit: beta keeps 7 days before 2026-06-01, so 05-25 on");
    }
}
