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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern RFC_3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?:[Zz]|([+-])(\\d{2}):(\\d{2}))");
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
        Matcher m = RFC_3339.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            String fraction = m.group(7) == null ? "" : m.group(7);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            LocalDateTime local = LocalDateTime.of(number(m, 1), number(m, 2), number(m, 3),
                    number(m, 4), number(m, 5), number(m, 6), nanos);
            ZoneOffset offset = m.group(8) == null ? ZoneOffset.UTC
                    : ZoneOffset.ofHoursMinutes(sign(m) * number(m, 9), sign(m) * number(m, 10));
            return Optional.of(new Timestamp(local.toInstant(offset), text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
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

    private static int number(Matcher m, int group) {
        return Integer.parseInt(m.group(group));
    }

    private static int sign(Matcher m) {
        return "-".equals(m.group(8)) ? -1 : 1;
    }
}
