package io.harbour.model.logharbour;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimestampTest {

    @ParameterizedTest
    @CsvSource({
        "2024-01-15T10:00:00Z, 0",
        "2024-01-15T10:00:00.1Z, 100000000",
        "2024-01-15T10:00:00.12Z, 120000000",
        "2024-01-15T10:00:00.882Z, 882000000",
        "2024-01-15T10:00:00.8821Z, 882100000",
        "2024-01-15T10:00:00.88215Z, 882150000",
        "2024-01-15T10:00:00.427582Z, 427582000",
        "2024-01-15T10:00:00.4275823Z, 427582300",
        "2024-01-15T10:00:00.42782971Z, 427829710",
        "2024-01-15T10:00:00.427582317Z, 427582317",
        "2024-01-15T10:00:00.000000001Z, 1",
        "2024-01-15T10:00:00.100Z, 100000000"
    })
    void keepsNanosecondsForZeroToNineFractionalDigits(String text, int nanos) {
        Timestamp timestamp = Timestamp.parse(text).orElseThrow();
        assertEquals(Instant.parse("2024-01-15T10:00:00Z").plusNanos(nanos), timestamp.instant());
        assertEquals(text, timestamp.text());
        assertEquals(text, timestamp.toString());
    }

    @Test
    void offsetsDenoteTheSameInstantAndKeepTheirText() {
        Timestamp zulu = Timestamp.of("2024-05-06T15:21:48.882Z");
        Timestamp offset = Timestamp.of("2024-05-06T20:51:48.882+05:30");
        Timestamp lower = Timestamp.of("2024-05-06t15:21:48.882z");
        assertEquals(zulu.instant(), offset.instant());
        assertEquals(zulu.instant(), lower.instant());
        assertEquals(0, zulu.compareTo(offset));
        assertNotEquals(zulu, offset);
        assertEquals(Instant.parse("2024-05-06T17:21:48Z"), Timestamp.of("2024-05-06T15:21:48-02:00").instant());
    }

    @Test
    void fromAnInstantWritesLikeGoRfc3339Nano() {
        assertEquals("2026-11-23T05:56:38.42782971Z", Timestamp.of(Instant.parse("2026-11-23T05:56:38.427829710Z")).text());
        assertEquals("2024-01-15T10:00:00Z", Timestamp.of(Instant.parse("2024-01-15T10:00:00Z")).text());
        assertEquals("2024-05-06T15:21:48.882Z", Timestamp.of(Instant.parse("2024-05-06T15:21:48.882Z")).text());
        assertEquals("0001-01-01T00:00:00.000000001Z", Timestamp.of(Instant.parse("0001-01-01T00:00:00.000000001Z")).text());
    }

    @Test
    void writtenTextReadsBackToTheSameInstant() {
        Instant instant = Instant.parse("2026-11-23T05:56:38.427582317Z");
        assertEquals(instant, Timestamp.parse(Timestamp.of(instant).text()).orElseThrow().instant());
    }

    @Test
    void ordersByInstant() {
        assertTrue(Timestamp.of("2024-01-15T10:00:00.000000001Z").compareTo(Timestamp.of("2024-01-15T10:00:00Z")) > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "2024-01-15", "2024-01-15T10:00:00", "2024-01-15 10:00:00Z", "2024-01-15T10:00Z",
        "2024-01-15T10:00:00.Z", "2024-01-15T10:00:00.1234567890Z", "2024-13-01T00:00:00Z",
        "2024-02-30T00:00:00Z", "2024-01-15T24:00:00Z", "2024-01-15T10:60:00Z", "2024-01-15T10:00:60Z",
        "2024-01-15T10:00:00+24:00", "2024-01-15T10:00:00+0530", "24-01-15T10:00:00Z", "+2024-01-15T10:00:00Z",
        "2024-01-15T10:00:00,5Z", "2024-01-15T10:00:00.5UTC", "\u0662024-01-15T10:00:00Z"
    })
    void refusesWhatIsNotAnRfc3339DateTime(String text) {
        assertEquals(Optional.empty(), Timestamp.parse(text));
        assertThrows(IllegalArgumentException.class, () -> Timestamp.of(text));
    }
}
