package io.harbour.query.export;

import io.harbour.layout.Times;
import io.harbour.query.http.ApiException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code start} and {@code end} as Logpull takes them: unix seconds, unix nanoseconds, or
 * RFC 3339 with its offset. An integer below 10^11 is seconds (until the year 5138), one of at
 * least 10^17 is nanoseconds (since 1973); between them are milliseconds and microseconds, which
 * Logpull does not take and which would silently mean another time if guessed, so they are refused.
 */
public final class ExportTime {
    static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_SECONDS = 100_000_000_000L;
    private static final long MIN_NANOS = 100_000_000_000_000_000L;

    private ExportTime() {
    }

    /** Epoch nanoseconds, or 400 {@code invalid_time} naming {@code parameter}. */
    public static long parse(String parameter, String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            long value;
            try {
                value = Long.parseLong(t);
            } catch (NumberFormatException e) {
                throw invalid(parameter, text);
            }
            if (value < MAX_SECONDS) {
                return value * NANOS_PER_SECOND;
            }
            if (value >= MIN_NANOS) {
                return value;
            }
            throw ApiException.badRequest("invalid_time", parameter, parameter + "=" + text
                    + " looks like milliseconds or microseconds; give unix seconds, unix nanoseconds or RFC 3339");
        }
        try {
            Instant instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(t.toUpperCase(Locale.ROOT), Instant::from);
            return Times.nanos(instant);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw invalid(parameter, text);
        }
    }

    private static ApiException invalid(String parameter, String text) {
        return ApiException.badRequest("invalid_time", parameter, parameter + "=" + text
                + " is not a time: give unix seconds (1700000000), unix nanoseconds (1700000000000000000)"
                + " or RFC 3339 with an offset (2023-11-14T22:13:20Z)");
    }
}
