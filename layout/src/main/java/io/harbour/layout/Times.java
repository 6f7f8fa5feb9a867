package io.harbour.layout;

import io.harbour.model.logharbour.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times as documents store them: date_nanos text, and epoch nanoseconds as the record headers carry them. */
public final class Times {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years RFC 3339 can write, the fast path of {@link #format(Instant)}. */
    private static final long FIRST_SECOND = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long END_SECOND = LocalDateTime.of(10_000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

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
        return format(instant.getEpochSecond(), instant.getNano(), instant);
    }

    public static String format(long epochNanos) {
        return format(Math.floorDiv(epochNanos, NANOS_PER_SECOND), (int) Math.floorMod(epochNanos, NANOS_PER_SECOND), null);
    }

    /**
     * The same text as the model's {@link Timestamp#of(Instant)} (Go's RFC3339Nano), written by
     * hand: {@code String.format} there took a fifth of the indexer's CPU per document, because
     * every document carries {@code received_at}. Years outside 0000 to 9999 go to the model,
     * which refuses them in its own words.
     */
    private static String format(long second, int nano, Instant instant) {
        if (second < FIRST_SECOND || second >= END_SECOND) {
            return Timestamp.of(instant != null ? instant : Instant.ofEpochSecond(second, nano)).text();
        }
        LocalDateTime utc = LocalDateTime.ofEpochSecond(second, nano, ZoneOffset.UTC);
        char[] out = new char[30];
        digits(out, 0, utc.getYear(), 4);
        out[4] = '-';
        digits(out, 5, utc.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, utc.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, utc.getHour(), 2);
        out[13] = ':';
        digits(out, 14, utc.getMinute(), 2);
        out[16] = ':';
        digits(out, 17, utc.getSecond(), 2);
        int end = 19;
        if (nano != 0) {
            out[19] = '.';
            digits(out, 20, nano, 9);
            end = 29;
            while (out[end - 1] == '0') {
                end--;
            }
        }
        out[end++] = 'Z';
        return new String(out, 0, end);
    }

    /** {@code value} (not negative) as exactly {@code width} decimal digits, zero-padded, at {@code at}. */
    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
