package io.harbour.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theCeilingDoublesPerAttemptUpToTheMaximum() {
        Backoff top = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), () -> 1.0);
        assertEquals(100, top.delay(1).toMillis());
        assertEquals(200, top.delay(2).toMillis());
        assertEquals(400, top.delay(3).toMillis());
        assertEquals(1600, top.delay(5).toMillis());
        assertEquals(2000, top.delay(6).toMillis());
        assertEquals(2000, top.delay(1000).toMillis(), "no overflow, however long the outage");
    }

    @Test
    void jitterStaysBetweenHalfAndAllOfTheCeiling() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new Random(42)::nextDouble);
        for (int attempt = 1; attempt < 40; attempt++) {
            long ceiling = Math.min(10_000, 100L << Math.min(attempt - 1, 20));
            long d = b.delay(attempt).toMillis();
            assertTrue(d >= ceiling / 2 && d <= ceiling, "attempt " + attempt + ": " + d + " ms");
        }
    }

    @Test
    void twoRetriesOfTheSameAttemptRarelyWaitTheSame() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), new Random(7)::nextDouble);
        assertTrue(b.delay(5).toNanos() != b.delay(5).toNanos());
    }
}
