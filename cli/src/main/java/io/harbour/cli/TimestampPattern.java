package io.harbour.cli;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;

/**
 * How {@code harbour import-observations} turns a CSV timestamp into epoch seconds, as seed 001's
 * {@code int(time.mktime(time.strptime(t, pattern)))} does: a strptime pattern (default
 * {@code %m/%d/%y %H:%M:%S}) read in a time zone (default the system's, as {@code mktime} uses
 * local time), or a Java {@link DateTimeFormatter} pattern after {@code java:}, or {@code epoch}
 * for columns that already hold epoch seconds.
 *
 * <p>strptime directives: {@code %Y %y %m %d %H %I %M %S %p %b %h %B %a %A %j %f %z %Z %T %D %F %%}.
 * Like Python, numbers may have one or two digits ({@code 1/2/26 3:04:05}) unless another number
 * follows directly, {@code %y} 69-99 is 1969-1999 and 00-68 is 2000-2068, and month and day names
 * are English in any case. A parsed {@code %z} or {@code %Z} wins over the zone.
 */
final class TimestampPattern {
    static final String DEFAULT = "%m/%d/%y %H:%M:%S";

    private final String text;
    private final DateTimeFormatter formatter;
    private final ZoneId zone;

    private TimestampPattern(String text, DateTimeFormatter formatter, ZoneId zone) {
        this.text = text;
        this.formatter = formatter;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException naming the problem when the pattern is not understood */
    static TimestampPattern of(String pattern, ZoneId zone) {
        if (pattern.equals("epoch")) {
            return new TimestampPattern(pattern, null, zone);
        }
        if (pattern.startsWith("java:")) {
            try {
                return new TimestampPattern(pattern, new DateTimeFormatterBuilder().parseCaseInsensitive()
                        .appendPattern(pattern.substring(5)).toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.SMART), zone);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--time-pattern " + pattern + ": " + e.getMessage());
            }
        }
        return new TimestampPattern(pattern, strptime(pattern), zone);
    }

    /** Epoch seconds of {@code value}. @throws IllegalArgumentException saying why it does not fit. */
    long epochSeconds(String value) {
        String v = value.strip();
        if (formatter == null) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not epoch seconds: \"" + value + "\"");
            }
        }
        TemporalAccessor parsed;
        try {
            parsed = formatter.parse(v);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("\"" + value + "\" does not match " + text);
        }
        try {
            LocalDate date = parsed.query(TemporalQueries.localDate());
            if (date == null) {
                throw new IllegalArgumentException("\"" + value + "\" has no complete date for " + text);
            }
            LocalTime time = parsed.query(TemporalQueries.localTime());
            LocalDateTime local = LocalDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time);
            ZoneId at = parsed.query(TemporalQueries.zone());
            return ZonedDateTime.ofLocal(local, at != null ? at : zone, null).toEpochSecond();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("\"" + value + "\" is not a valid time: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return text;
    }

    private static DateTimeFormatter strptime(String pattern) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder().parseCaseInsensitive();
        StringBuilder literal = new StringBuilder();
        String expanded = pattern.replace("%T", "%H:%M:%S").replace("%D", "%m/%d/%y").replace("%F", "%Y-%m-%d");
        for (int i = 0; i < expanded.length(); i++) {
            char c = expanded.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 >= expanded.length()) {
                throw new IllegalArgumentException("--time-pattern " + pattern + ": ends with a lone %");
            }
            char d = expanded.charAt(++i);
            if (d == '%') {
                literal.append('%');
                continue;
            }
            if (literal.length() > 0) {
                b.appendLiteral(literal.toString());
                literal.setLength(0);
            }
            // A number directly followed by another number must have its full width, or the two cannot be told apart.
            boolean numberFollows = i + 2 < expanded.length() && expanded.charAt(i + 1) == '%'
                    && "YymdHIMSjf".indexOf(expanded.charAt(i + 2)) >= 0;
            int min = numberFollows ? 2 : 1;
            switch (d) {
                case 'Y' -> b.appendValue(ChronoField.YEAR, 4);
                case 'y' -> b.appendValueReduced(ChronoField.YEAR, 2, 2, 1969);
                case 'm' -> b.appendValue(ChronoField.MONTH_OF_YEAR, min, 2, SignStyle.NOT_NEGATIVE);
                case 'd' -> b.appendValue(ChronoField.DAY_OF_MONTH, min, 2, SignStyle.NOT_NEGATIVE);
                case 'H' -> b.appendValue(ChronoField.HOUR_OF_DAY, min, 2, SignStyle.NOT_NEGATIVE);
                case 'I' -> b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, min, 2, SignStyle.NOT_NEGATIVE);
                case 'M' -> b.appendValue(ChronoField.MINUTE_OF_HOUR, min, 2, SignStyle.NOT_NEGATIVE);
                case 'S' -> b.appendValue(ChronoField.SECOND_OF_MINUTE, min, 2, SignStyle.NOT_NEGATIVE);
                case 'j' -> b.appendValue(ChronoField.DAY_OF_YEAR, numberFollows ? 3 : 1, 3, SignStyle.NOT_NEGATIVE);
                case 'f' -> b.appendFraction(ChronoField.NANO_OF_SECOND, 1, 6, false);
                case 'p' -> b.appendText(ChronoField.AMPM_OF_DAY, TextStyle.SHORT);
                case 'b', 'h' -> b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT);
                case 'B' -> b.appendText(ChronoField.MONTH_OF_YEAR, TextStyle.FULL);
                case 'a' -> b.appendText(ChronoField.DAY_OF_WEEK, TextStyle.SHORT);
                case 'A' -> b.appendText(ChronoField.DAY_OF_WEEK, TextStyle.FULL);
                case 'z' -> b.optionalStart().appendLiteral('Z').optionalEnd().optionalStart()
                        .appendOffset("+HHMM", "+0000").optionalEnd();
                case 'Z' -> b.appendZoneText(TextStyle.SHORT);
                default -> throw new IllegalArgumentException("--time-pattern " + pattern + ": %" + d
                        + " is not supported (use %Y %y %m %d %H %I %M %S %p %b %B %a %A %j %f %z %Z %T %D %F %%, or java:PATTERN)");
            }
        }
        if (literal.length() > 0) {
            b.appendLiteral(literal.toString());
        }
        return b.toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    }

}
