package io.harbour.query.logharbour;

import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import io.harbour.model.logharbour.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code when} range of a call, from seed 003's fromts, tots and ndays:
 * <ul>
 * <li>fromts and tots are RFC 3339 (nanoseconds kept); both given, tots must be after fromts;</li>
 * <li>ndays is ignored when either is given; otherwise it is a positive whole number of days up to
 * {@code limits.max_ndays}, counted back from now;</li>
 * <li>none of them: no time limit.</li>
 * </ul>
 *
 * @param from inclusive lower bound, or null
 * @param to   inclusive upper bound, or null
 */
record TimeWindow(Instant from, Instant to, boolean fromGivenAlone) {
    static final TimeWindow ALL = new TimeWindow(null, null, false);

    /** Seed 003: only fromts given means oldest first; everything else newest first. */
    boolean oldestFirst() {
        return fromGivenAlone;
    }

    static TimeWindow parse(RequestParameters p, Clock clock, int maxNdays) {
        Optional<Instant> from = p.get(Param.FROMTS).map(text -> time(Param.FROMTS, text));
        Optional<Instant> to = p.get(Param.TOTS).map(text -> time(Param.TOTS, text));
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw ApiException.badRequest("invalid_parameter", Param.TOTS, "tots must be after fromts");
        }
        if (from.isPresent() || to.isPresent()) {
            return new TimeWindow(from.orElse(null), to.orElse(null), to.isEmpty());
        }
        return ndaysOnly(p, clock, maxNdays);
    }

    /** For calls that take ndays alone (GetUnusualIP). */
    static TimeWindow ndaysOnly(RequestParameters p, Clock clock, int maxNdays) {
        Optional<String> ndays = p.get(Param.NDAYS);
        if (ndays.isEmpty()) {
            return ALL;
        }
        int days = days(ndays.get(), maxNdays);
        return new TimeWindow(clock.instant().minus(Duration.ofDays(days)), null, false);
    }

    static int days(String text, int maxNdays) {
        int days;
        try {
            days = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw invalidDays(text, maxNdays);
        }
        if (days < 1 || days > maxNdays) {
            throw invalidDays(text, maxNdays);
        }
        return days;
    }

    private static ApiException invalidDays(String text, int maxNdays) {
        return ApiException.badRequest("invalid_days", Param.NDAYS,
                "ndays must be a whole number of days from 1 to " + maxNdays + ", not \"" + text + "\"");
    }

    static Instant time(String name, String text) {
        return Timestamp.parse(text.strip()).map(Timestamp::instant).orElseThrow(() -> ApiException.badRequest("invalid_parameter", name,
                name + " must be an RFC 3339 time such as 2026-11-23T05:56:38.427582317Z, not \"" + text + "\""));
    }

    boolean unbounded() {
        return from == null && to == null;
    }
}
