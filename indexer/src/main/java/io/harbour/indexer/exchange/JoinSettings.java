package io.harbour.indexer.exchange;

import java.time.Duration;
import java.util.Objects;

/**
 * @param window how far apart (by receive time) a request and its response may be and still
 *               join; also how long a sent-again half is recognised as a duplicate
 * @param grace  how much receive times may run out of order within a partition (several
 *               receivers, producer retries): a half is declared orphan only when the partition's
 *               clock is past its receive time plus window plus grace
 */
public record JoinSettings(Duration window, Duration grace) {
    /** ExtraHop logs a response as soon as it has it; minutes cover sensors that batch their exports. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(1);

    public JoinSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(grace, "grace");
        if (window.isNegative() || window.isZero() || grace.isNegative()) {
            throw new IllegalArgumentException("the join window must be positive and the grace not negative: " + window + ", " + grace);
        }
    }

    public static JoinSettings defaults() {
        return new JoinSettings(DEFAULT_WINDOW, DEFAULT_GRACE);
    }

    long windowNanos() {
        return window.toNanos();
    }

    /** How far back a restarted joiner must see: {@link io.harbour.layout.exchange.ExchangeRestoreQuery#since}. */
    public Duration lookBack() {
        return window.plus(grace);
    }

    /** How long after its opening an exchange still waiting is declared orphan. */
    long orphanAfterNanos() {
        return window.plus(grace).toNanos();
    }
}
