package io.harbour.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harbour.model.logharbour.Timestamp;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void formatWritesWhatTheModelWritesForEveryYearRfc3339Has() {
        SplittableRandom random = new SplittableRandom(20261123L);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long end = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 50_000; i++) {
            long second = random.nextLong(first, end + 1);
            int nano = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(second, nano);
            assertEquals(Timestamp.of(t).text(), Times.format(t), t::toString);
            if (t.isAfter(Instant.ofEpochSecond(0, Long.MIN_VALUE)) && t.isBefore(Instant.ofEpochSecond(0, Long.MAX_VALUE))) {
                assertEquals(Timestamp.of(t).text(), Times.format(Times.nanos(t)), t::toString);
            }
            long nanos = random.nextLong();
            assertEquals(Timestamp.of(Times.instant(nanos)).text(), Times.format(nanos), () -> Long.toString(nanos));
        }
    }

    @Test
    void formatKeepsTheEdgesAndDropsOnlyTrailingZeros() {
        assertEquals("1970-01-01T00:00:00Z", Times.format(0L));
        assertEquals("1969-12-31T23:59:59.999999999Z", Times.format(-1L));
        assertEquals("2026-11-23T10:15:30.1Z", Times.format(Instant.parse("2026-11-23T10:15:30.100Z")));
        assertEquals("2026-11-23T10:15:30.000000001Z", Times.format(Instant.parse("2026-11-23T10:15:30.000000001Z")));
        assertEquals("0000-01-01T00:00:00Z", Times.format(Instant.parse("0000-01-01T00:00:00Z")));
        assertEquals("9999-12-31T23:59:59.999999999Z", Times.format(Instant.parse("9999-12-31T23:59:59.999999999Z")));
        assertEquals("2262-04-11T23:47:16.854775807Z", Times.format(Long.MAX_VALUE));
    }

    @Test
    void formatRefusesYearsRfc3339CannotWriteAsTheModelDoes() {
        Instant late = Instant.parse("+10000-01-01T00:00:00Z");
        Instant early = Instant.parse("-0001-12-31T23:59:59Z");
        assertEquals(assertThrows(IllegalArgumentException.class, () -> Timestamp.of(late)).getMessage(),
                assertThrows(IllegalArgumentException.class, () -> Times.format(late)).getMessage());
        assertEquals(assertThrows(IllegalArgumentException.class, () -> Timestamp.of(early)).getMessage(),
                assertThrows(IllegalArgumentException.class, () -> Times.format(early)).getMessage());
    }
}
