package io.harbour.indexer;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of
 * min(max, initial × 2ⁿ). The doubling stops a struggling cluster from being hammered; the jitter
 * keeps many indexers (or many operations) from retrying in lock step; the floor of one half
 * keeps a retry from coming back at once by bad luck.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final DoubleSupplier random;

    /** @param random values in [0, 1) */
    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The wait before attempt {@code attempt} (1 for the first retry). */
    Duration delay(int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 62));
        long ceiling = initialNanos;
        for (int i = 0; i < doublings && ceiling < maxNanos; i++) {
            ceiling = ceiling * 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (ceiling - half)));
    }
}
