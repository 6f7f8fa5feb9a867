package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimestampPatternTest {
    private static long utc(String iso) {
        return Instant.parse(iso).getEpochSecond();
    }

    @Test
    void theSeedsDefaultPatternInAZone() {
        TimestampPattern seed = TimestampPattern.of(TimestampPattern.DEFAULT, ZoneOffset.UTC);
        assertEquals(utc("2001-01-01T10:10:10Z"), seed.epochSeconds("01/01/01 10:10:10"), "the seed's tip example");
        assertEquals(utc("2026-01-02T03:04:05Z"), seed.epochSeconds("1/2/26 3:04:05"), "strptime takes one digit");
        assertEquals(utc("1969-12-31T23:59:59Z"), seed.epochSeconds("12/31/69 23:59:59"), "%y 69 is 1969 as in Python");
        assertEquals(utc("2068-06-01T00:00:00Z"), seed.epochSeconds("06/01/68 00:00:00"), "%y 68 is 2068");
        TimestampPattern berlin = TimestampPattern.of(TimestampPattern.DEFAULT, ZoneId.of("Europe/Berlin"));
        assertEquals(utc("2026-07-01T10:00:00Z"), berlin.epochSeconds("07/01/26 12:00:00"), "summer time, like mktime in that zone");
        assertEquals(utc("2026-01-01T11:00:00Z"), berlin.epochSeconds("01/01/26 12:00:00"));
    }

    @Test
    void otherStrptimeDirectivesJavaPatternsAndEpoch() {
        assertEquals(utc("2026-11-23T05:56:38Z"),
                TimestampPattern.of("%Y-%m-%dT%H:%M:%S%z", ZoneId.of("Asia/Tokyo")).epochSeconds("2026-11-23T06:56:38+0100"));
        assertEquals(utc("2026-11-23T17:56:38Z"),
                TimestampPattern.of("%d %b %Y %I:%M:%S %p", ZoneOffset.UTC).epochSeconds("23 NOV 2026 05:56:38 pm"));
        assertEquals(utc("2026-11-23T05:56:38Z"), TimestampPattern.of("%Y%m%d%H%M%S", ZoneOffset.UTC).epochSeconds("20261123055638"));
        assertEquals(utc("2026-11-23T05:56:38Z"), TimestampPattern.of("%F %T", ZoneOffset.UTC).epochSeconds("2026-11-23 05:56:38"));
        assertEquals(utc("2026-11-23T05:56:38Z"),
                TimestampPattern.of("java:dd.MM.uuuu HH:mm:ss", ZoneOffset.UTC).epochSeconds("23.11.2026 05:56:38"));
        assertEquals(1_700_000_000L, TimestampPattern.of("epoch", ZoneOffset.UTC).epochSeconds(" 1700000000 "));
    }

    @Test
    void valuesThatDoNotFitSayWhy() {
        TimestampPattern seed = TimestampPattern.of(TimestampPattern.DEFAULT, ZoneOffset.UTC);
        for (String bad : List.of("13/01/26 10:00:00", "02/30/26 10:00:00", "2026-01-01 10:00:00", "01/01/26 25:00:00", "", "01/01/26")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> seed.epochSeconds(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimestampPattern.of("%Q", ZoneOffset.UTC))
                .getMessage().contains("%Q is not supported"));
        assertThrows(IllegalArgumentException.class, () -> TimestampPattern.of("java:qqqqqq{", ZoneOffset.UTC));
        assertThrows(IllegalArgumentException.class, () -> TimestampPattern.of("epoch", ZoneOffset.UTC).epochSeconds("soon"));
    }

    @Test
    void severalColumnsAreJoinedByTheTemplate() {
        ImportObservationsCommand command = new ImportObservationsCommand();
        assertEquals("01 01 01 10:10:10", command.joinTimestamp(List.of("01", "01", "01", "10:10:10")));
        command.timestampJoin = "{1}/{2}/{3} {4}";
        assertEquals("01/01/01 10:10:10", command.joinTimestamp(List.of("01", "01", "01", "10:10:10")), "the seed's tip");
    }
}
