package io.harbour.model.logharbour;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.harbour.model.Json;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 3339 date-time as sent: the instant it denotes (nanoseconds kept) and its original text,
 * which is what gets written back, so {@code .42782971Z} stays eight digits and is never rounded
 * to milliseconds.
 *
 * <p>The library sends UTC ({@code Z}); a numeric offset is also a valid RFC 3339 time and is
 * accepted rather than losing the entry. The leap second {@code :60} is refused: an
 * {@link Instant} cannot hold it.
 */
public final class Timestamp implements Comparable<Timestamp> {
    private static final int LAST_YEAR = 9999;

    private final Instant instant;
    private final String text;

    private Timestamp(Instant instant, String text) {
        this.instant = instant;
        this.text = text;
    }

    /** The timestamp {@code text} denotes, or empty when it is not an RFC 3339 date-time. */
    public static Optional<Timestamp> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int n = text.length();
        // yyyy-MM-ddTHH:mm:ss, then an optional fraction of 1 to 9 digits, then Z or +hh:mm.
        if (n < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return Optional.empty();
        }
        char t = text.charAt(10);
        if (t != 'T' && t != 't') {
            return Optional.empty();
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return Optional.empty();
        }
        int pos = 19;
        int nanos = 0;
        if (text.charAt(pos) == '.') {
            int start = ++pos;
            while (pos < n && pos - start < 10 && isDigit(text.charAt(pos))) {
                nanos = nanos * 10 + (text.charAt(pos) - '0');
                pos++;
            }
            int count = pos - start;
            if (count < 1 || count > 9) {
                return Optional.empty();
            }
            for (int i = count; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (pos >= n) {
            return Optional.empty();
        }
        char zone = text.charAt(pos);
        int sign = 0;
        int offsetHours = 0;
        int offsetMinutes = 0;
        if (zone == 'Z' || zone == 'z') {
            if (pos + 1 != n) {
                return Optional.empty();
            }
        } else if (zone == '+' || zone == '-') {
            if (pos + 6 != n || text.charAt(pos + 3) != ':') {
                return Optional.empty();
            }
            offsetHours = digits(text, pos + 1, 2);
            offsetMinutes = digits(text, pos + 4, 2);
            if ((offsetHours | offsetMinutes) < 0) {
                return Optional.empty();
            }
            sign = zone == '-' ? -1 : 1;
        } else {
            return Optional.empty();
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            ZoneOffset offset = sign == 0 ? ZoneOffset.UTC
                    : ZoneOffset.ofHoursMinutes(sign * offsetHours, sign * offsetMinutes);
            return Optional.of(new Timestamp(local.toInstant(offset), text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Reads {@code text} or fails; for Jackson and for callers holding trusted text. */
    @JsonCreator
    public static Timestamp of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(
                "not an RFC 3339 date-time: " + Json.quote(String.valueOf(text))));
    }

    /**
     * The instant in UTC, written the way Go's {@code time.RFC3339Nano} writes it: trailing zeros
     * of the fraction dropped, no fraction at all for whole seconds.
     */
    public static Timestamp of(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        if (utc.getYear() < 0 || utc.getYear() > LAST_YEAR) {
            throw new IllegalArgumentException("RFC 3339 has no year " + utc.getYear());
        }
        StringBuilder out = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d",
                utc.getYear(), utc.getMonthValue(), utc.getDayOfMonth(),
                utc.getHour(), utc.getMinute(), utc.getSecond()));
        if (utc.getNano() != 0) {
            String fraction = String.format("%09d", utc.getNano()).replaceFirst("0+$", "");
            out.append('.').append(fraction);
        }
        return new Timestamp(instant, out.append('Z').toString());
    }

    public Instant instant() {
        return instant;
    }

    /** The original text, which {@link #toString()} also returns. */
    @JsonValue
    public String text() {
        return text;
    }

    /** Orders by instant; two texts for one instant (an offset and {@code Z}) compare equal. */
    @Override
    public int compareTo(Timestamp other) {
        return instant.compareTo(other.instant);
    }

    /** Equal when both the instant and the text are equal, as writing back depends on both. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Timestamp t && instant.equals(t.instant) && text.equals(t.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(instant, text);
    }

    @Override
    public String toString() {
        return text;
    }
}

