package io.harbour.cli;

import io.harbour.client.query.Filters;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * Seed 003's filters as options, shared by {@code query logs}, {@code query set} and {@code tail}.
 * The values are checked here only as far as they must be to build the request; the query API
 * judges the rest and its refusal is printed with the parameter it names.
 */
final class QueryFilters {
    @Option(names = "--app", paramLabel = "APP", description = "Only this app.")
    String app;

    @Option(names = "--type", paramLabel = "TYPE", description = "A (activity), C (data change) or D (debug); also activity, change, debug.")
    String type;

    @Option(names = "--who", paramLabel = "USER", description = "Only entries of this user.")
    String who;

    @Option(names = "--class", paramLabel = "CLASS", description = "Only entries about objects of this class.")
    String className;

    @Option(names = "--instance", paramLabel = "ID", description = "Only this object instance (needs --class).")
    String instance;

    @Option(names = "--op", paramLabel = "OP", description = "Only entries with this op.")
    String op;

    @Option(names = "--remote-ip", paramLabel = "IP", description = "An address, a CIDR range, or LOCAL.")
    String remoteIp;

    @Option(names = "--pri", paramLabel = "PRI", description = "This priority or higher (debug2 .. info, warn, err, crit, sec); leaves change entries out.")
    String pri;

    EntryType entryType() {
        if (type == null) {
            return null;
        }
        return switch (type.strip().toLowerCase(Locale.ROOT)) {
            case "a", "activity" -> EntryType.ACTIVITY;
            case "c", "change", "data-change" -> EntryType.CHANGE;
            case "d", "debug" -> EntryType.DEBUG;
            default -> throw new QueryConnection.Problem("--type " + type + ": give A, C or D (activity, change, debug)");
        };
    }

    Priority priority() {
        if (pri == null) {
            return null;
        }
        return Priority.parse(pri.strip()).orElseThrow(() -> new QueryConnection.Problem(
                "--pri " + pri + ": give one of debug2, debug1, debug0, info, warn, err, crit, sec"));
    }

    /** These filters on a query builder. */
    <B extends Filters.Builder<B>> B applyTo(B b) {
        return b.app(app).type(entryType()).who(who).className(className).instance(instance).op(op).remoteIP(remoteIp).pri(priority());
    }

    private static final Pattern AGO = Pattern.compile("(\\d+)\\s*(s|m|h|d)");

    /**
     * A time option: RFC 3339 ({@code 2026-11-23T07:00:00Z}), or a span back from now
     * ({@code 90s}, {@code 15m}, {@code 2h}, {@code 7d}), which is what one types at a terminal.
     */
    static Instant time(String option, String text, Clock clock) {
        if (text == null) {
            return null;
        }
        Matcher m = AGO.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return clock.instant().minus(d);
        }
        return io.harbour.model.logharbour.Timestamp.parse(text.strip()).map(io.harbour.model.logharbour.Timestamp::instant)
                .orElseThrow(() -> new QueryConnection.Problem(option + " " + text
                        + ": give an RFC 3339 time (2026-11-23T07:00:00Z) or a span back from now (90s, 15m, 2h, 7d)"));
    }

    /** --from, --to and --days: seed 003's fromts, tots and ndays. */
    static final class Window {
        @Option(names = "--from", paramLabel = "TIME", description = "fromts: RFC 3339, or a span back from now (15m, 2h, 7d). Alone: oldest first.")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "tots: RFC 3339, or a span back from now.")
        String to;

        @Option(names = "--days", paramLabel = "N", description = "ndays: this many days back (ignored with --from or --to).")
        Integer days;

        Instant fromts() {
            return time("--from", from, Clock.systemUTC());
        }

        Instant tots() {
            return time("--to", to, Clock.systemUTC());
        }
    }
}
