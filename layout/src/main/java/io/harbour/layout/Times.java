package io.harbour.layout;

import io.harbour.model.logharbour.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times as documents store them: date_nanos text, and epoch nanoseconds as the record headers carry them. */
public final class Times {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Times() {
    }

    public static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
    }

    public static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    /**
     * An instant as stored: RFC 3339 in UTC with as many fraction digits as needed, up to nine,
     * which date_nanos reads without loss and a person reads without a converter.
     */
    public static String format(Instant instant) {
        return Timestamp.of(instant).text();
    }

    public static String format(long epochNanos) {
        return format(instant(epochNanos));
    }

    /** A stored time (RFC 3339 with an offset or {@code Z}) as epoch nanoseconds. */
    public static long parseNanos(String text) {
        try {
            return nanos(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a stored time: " + text, e);
        }
    }
}
