package io.harbour.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IndexNamesTest {

    @Test
    void dailyIndexIsNamedByKindRealmAndUtcDay() {
        assertEquals("harbour-logharbour-acme-2024.05.06",
                IndexNames.writeIndex(DocumentKind.LOGHARBOUR, "acme", Instant.parse("2024-05-06T23:59:59.999999999Z")));
        assertEquals("harbour-logharbour-acme-2024.05.07",
                IndexNames.writeIndex(DocumentKind.LOGHARBOUR, "acme", Instant.parse("2024-05-07T00:00:00Z")));
        assertEquals("harbour-exchanges-r-1-2026.01.31",
                IndexNames.writeIndex(DocumentKind.EXCHANGE, "r-1", LocalDate.of(2026, 1, 31)));
        assertEquals("harbour-observations-x_y-1999.12.31",
                IndexNames.writeIndex(DocumentKind.OBSERVATION, "x_y", LocalDate.of(1999, 12, 31)));
    }

    @Test
    void aliasPatternsAndTemplateNamesFollowTheKind() {
        assertEquals("harbour-logharbour-acme", IndexNames.alias(DocumentKind.LOGHARBOUR, "acme"));
        assertEquals("harbour-exchanges-acme-*", IndexNames.realmPattern(DocumentKind.EXCHANGE, "acme"));
        assertEquals("harbour-observations-*", IndexNames.kindPattern(DocumentKind.OBSERVATION));
        assertEquals("harbour-logharbour", IndexNames.templateName(DocumentKind.LOGHARBOUR));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Acme", "-acme", "_acme", "ac me", "acme.eu", "a*", "acme/x",
            "a23456789012345678901234567890123456789012345678901234567890123x"})
    void realmsThatWouldBreakAnIndexNameAreRefused(String realm) {
        assertFalse(IndexNames.isValidRealm(realm));
        assertThrows(IllegalArgumentException.class, () -> IndexNames.alias(DocumentKind.LOGHARBOUR, realm));
    }

    @Test
    void longestRealmIsAccepted() {
        String realm = "a" + "b".repeat(62);
        assertTrue(IndexNames.isValidRealm(realm));
        assertEquals(realm, IndexNames.parse(IndexNames.writeIndex(DocumentKind.OBSERVATION, realm, LocalDate.of(2024, 1, 1)))
                .orElseThrow().realm());
    }

    @Test
    void parseIsTheInverseOfWriteIndexEvenForRealmsWithDashes() {
        for (DocumentKind kind : DocumentKind.values()) {
            for (String realm : List.of("acme", "acme-eu", "acme-2024", "acme-2024-01-01", "0", "a_b-c")) {
                LocalDate day = LocalDate.of(2024, 2, 29);
                IndexName parsed = IndexNames.parse(IndexNames.writeIndex(kind, realm, day)).orElseThrow();
                assertEquals(new IndexName(kind, realm, day), parsed);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"harbour-logharbour-acme", "harbour-watermarks", "harbour-logharbour-2024.05.06",
            "harbour-logs-acme-2024.05.06", "other-logharbour-acme-2024.05.06", "harbour-logharbour-acme-2024.13.01",
            "harbour-logharbour-acme-2024.5.06", "harbour-logharbour-acme_2024.05.06", "harbour-logharbour-Acme-2024.05.06",
            ".harbour-logharbour-acme-2024.05.06", "harbour-logharbour-acme-2024.02.30", ""})
    void parseRefusesWhatIsNotADailyIndex(String name) {
        assertTrue(IndexNames.parse(name).isEmpty(), name);
    }

    @Test
    void retentionExpiresWholeDaysPastEachRealmsLimit() {
        LocalDate today = LocalDate.of(2024, 5, 10);
        List<String> indices = List.of(
                "harbour-logharbour-acme-2024.05.02", // 8 days back: past 7
                "harbour-logharbour-acme-2024.05.03", // exactly 7 days back: kept
                "harbour-exchanges-acme-2024.04.01",
                "harbour-logharbour-acme-eu-2024.05.02", // another realm with its own limit
                "harbour-logharbour-keep-2000.01.01", // keeps everything
                "harbour-watermarks", "harbour-logharbour-acme", ".kibana");
        Map<String, Integer> keep = Map.of("acme", 7, "acme-eu", 30, "keep", -1);
        List<String> expired = IndexNames.expired(indices, today, keep::get).stream().map(IndexName::name).toList();
        assertEquals(List.of("harbour-logharbour-acme-2024.05.02", "harbour-exchanges-acme-2024.04.01"), expired);
    }

    @Test
    void theDailySuffixIsTheDayAsUuuuMmDdForEveryYear() {
        java.time.format.DateTimeFormatter day = java.time.format.DateTimeFormatter.ofPattern("uuuu.MM.dd");
        for (LocalDate d = LocalDate.of(-3, 1, 1); d.getYear() <= 10_001; d = d.plusDays(d.getYear() > 2400 && d.getYear() < 9990 ? 97 : 1)) {
            assertEquals("harbour-logharbour-acme-" + day.format(d), IndexNames.writeIndex(DocumentKind.LOGHARBOUR, "acme", d), d::toString);
        }
    }
}
