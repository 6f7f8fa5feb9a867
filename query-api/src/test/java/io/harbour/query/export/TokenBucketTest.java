package io.harbour.query.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketGivesItsBurstThenOneCallPerRefill() {
        TokenBucket b = new TokenBucket(3, 60, 0);
        assertNull(b.take(0));
        assertNull(b.take(0));
        assertNull(b.take(0));
        assertEquals(Duration.ofSeconds(1), b.take(0));
        assertEquals(Duration.ofMillis(500), b.take(SECOND / 2));
        assertNull(b.take(SECOND));
        assertEquals(Duration.ofSeconds(1), b.take(SECOND));
    }

    @Test
    void refillStopsAtCapacity() {
        TokenBucket b = new TokenBucket(2, 60, 0);
        assertNull(b.take(3600 * SECOND));
        assertNull(b.take(3600 * SECOND));
        assertEquals(Duration.ofSeconds(1), b.take(3600 * SECOND));
    }

    @Test
    void aRefusedCallTakesNothing() {
        TokenBucket b = new TokenBucket(1, 6, 0);
        assertNull(b.take(0));
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ofSeconds(10), b.take(0));
        }
        assertNull(b.take(10 * SECOND));
    }
}
