package io.harbour.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IndexTimesTest {
    private final IndexTimes times = IndexTimes.standard();
    private final Instant received = Instant.parse("2024-05-07T00:00:30Z");

    @Test
    void anEventTimeNearTheReceiveTimePicksTheDaySoARetryAcrossMidnightMeetsTheFirstAttempt() {
        Instant when = Instant.parse("2024-05-06T23:59:59.123456789Z");
        assertEquals(when, times.indexTime(when, received));
        assertEquals(when, times.indexTime(when, Instant.parse("2024-05-06T23:59:59.5Z")));
    }

    @Test
    void anEventTimeFarFromTheReceiveTimeCannotPickTheDay() {
        assertEquals(received, times.indexTime(Instant.parse("2024-05-06T22:59:00Z"), received));
        assertEquals(received, times.indexTime(Instant.parse("9999-12-31T23:59:59Z"), received));
        assertEquals(received, times.indexTime(null, received));
    }

    @Test
    void toleranceIsConfigurable() {
        Instant when = received.minus(Duration.ofDays(2));
        assertEquals(when, new IndexTimes(Duration.ofDays(3)).indexTime(when, received));
        assertEquals(received, new IndexTimes(Duration.ZERO).indexTime(when, received));
    }
}
