package io.harbour.layout;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which time picks a document's daily index: the event's own time (a LogHarbour {@code when}, an
 * observation's {@code timestamp}) when it lies within {@link #tolerance()} of the receive time,
 * else the receive time.
 *
 * <p>Why not always one of them:
 * <ul>
 * <li>The event time makes a sender's retry land in the same index as the first attempt even
 * when the two receive times straddle midnight: the retry has the same {@code when} and the same
 * id, so it replaces nothing and doubles nothing. It also keeps entries in the day queries by
 * {@code when} expect.</li>
 * <li>Only within a tolerance, because the event time is the sender's to choose: a wrong clock,
 * an import of last year's logs or a hostile {@code when} in the year 9999 would otherwise create
 * an index per distinct day (cluster state grows without bound) or land in an index that
 * retention is about to delete. Past the tolerance the receive time decides, which is bounded
 * and is what export and retention reason in.</li>
 * </ul>
 * A replayed record has the same body and headers, so it always picks the same index.
 */
public record IndexTimes(Duration tolerance) {
    /** Covers a retry within the hour; keeps every index day within an hour of its receive day. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofHours(1);

    public IndexTimes {
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
        }
    }

    public static IndexTimes standard() {
        return new IndexTimes(DEFAULT_TOLERANCE);
    }

    public Instant indexTime(Instant eventTime, Instant receivedAt) {
        if (eventTime == null) {
            return receivedAt;
        }
        Duration gap = Duration.between(eventTime, receivedAt).abs();
        return gap.compareTo(tolerance) <= 0 ? eventTime : receivedAt;
    }
}
