package io.harbour.query.export;

import java.time.Duration;

/**
 * A token bucket: {@code capacity} calls at once, refilled at {@code perMinute}. Time comes from
 * the caller (nanoseconds from any fixed origin, e.g. {@link System#nanoTime()}), so tests step it
 * by hand instead of sleeping.
 */
final class TokenBucket {
    private static final double NANOS_PER_MINUTE = 60e9;

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(int capacity, double perMinute, long nowNanos) {
        if (capacity < 1 || !(perMinute > 0)) {
            throw new IllegalArgumentException("capacity >= 1 and perMinute > 0: " + capacity + ", " + perMinute);
        }
        this.capacity = capacity;
        this.perNano = perMinute / NANOS_PER_MINUTE;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    /** Takes one token: null when taken, else how long until one is there (nothing taken). */
    synchronized Duration take(long nowNanos) {
        if (nowNanos > lastNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
            lastNanos = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return null;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
    }
}
