package io.harbour.client.writer;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for retries that carry no {@code Retry-After}: the first wait is
 * {@code initial}, each next one doubles up to {@code max}, and each is drawn from its upper half,
 * so many writers that lost the receiver at the same moment do not come back in step.
 */
record Backoff(Duration initial, Duration max) {

    static Backoff defaults() {
        return new Backoff(Duration.ofMillis(250), Duration.ofSeconds(30));
    }

    /** The wait before retry number {@code attempt} (1 for the first retry); {@code random} in [0, 1). */
    Duration delay(int attempt, DoubleSupplier random) {
        long cap = max.toMillis();
        long base = initial.toMillis();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long full = base << shift;
        if (full <= 0 || full > cap) {
            full = cap;
        }
        long half = full / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (full - half + 1)));
    }
}
