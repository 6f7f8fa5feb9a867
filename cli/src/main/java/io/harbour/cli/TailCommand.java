package io.harbour.cli;

import io.harbour.client.query.LogHarbourClient;
import io.harbour.client.query.LogQuery;
import io.harbour.client.query.QueryException;
import io.harbour.client.query.RetrievedEntry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code harbour tail}: follows new entries as they are indexed. Every interval it asks getlogs
 * for the entries from the newest {@code when} seen so far (fromts alone: oldest first), walking
 * every page, and prints each entry it has not printed before (by document id) in that order.
 *
 * <p>Why the look-back: {@code when} is the sender's clock, and an entry reaches the index seconds
 * after it was written (Kafka, the indexer's batches, Elasticsearch's refresh), so an entry can
 * become visible after a newer one was already printed. Each poll therefore starts
 * {@code --lookback} before the newest {@code when} seen, never before the start, and the ids
 * printed in that span are remembered so nothing is printed twice; entries sharing the boundary's
 * time are the case of this with a look-back of zero. An entry that becomes visible later than
 * the look-back behind newer ones is not printed. Ctrl-C stops it.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Follow new LogHarbour entries as they are indexed (the filters of query logs). Ctrl-C stops.")
final class TailCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    QueryConnection connection;

    @Mixin
    QueryFilters filters;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Start with entries from this time: RFC 3339 or a span back from now (10m, 2h) (default: now).")
    String since;

    @Option(names = "--interval", paramLabel = "DURATION", description = "Time between polls, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration interval = Duration.ofSeconds(1);

    @Option(names = "--lookback", paramLabel = "DURATION",
            description = "How far behind the newest entry each poll looks again for entries indexed late, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration lookback = Duration.ofSeconds(10);

    @Option(names = "--json", description = "NDJSON of entries instead of table rows.")
    boolean json;

    @Option(names = "--wide", description = "Do not cut long values.")
    boolean wide;

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        if (interval.isNegative() || interval.isZero() || lookback.isNegative()) {
            spec.commandLine().getErr().println("harbour tail: --interval must be positive and --lookback not negative");
            return 2;
        }
        return QueryCommand.guarded(spec, () -> follow(connection.client()));
    }

    private void follow(LogHarbourClient client) {
        PrintWriter out = spec.commandLine().getOut();
        Instant start = since == null ? clock.instant() : QueryFilters.time("--since", since, clock);
        LogQuery base = filters.applyTo(LogQuery.builder()).build();
        Follower follower = new Follower(start, lookback);
        EntryTable table = EntryTable.logs(wide);
        int[] widths = table.fixedWidths();
        if (!json) {
            out.println(table.header(widths));
            out.flush();
        }
        while (!Thread.currentThread().isInterrupted()) {
            LogQuery q = LogQuery.builder().filters(base.filters()).fromts(follower.from()).build();
            try {
                Iterator<RetrievedEntry> it = client.iterateLogs(q);
                while (it.hasNext()) {
                    RetrievedEntry e = it.next();
                    if (follower.isNew(e)) {
                        if (json) {
                            QueryCommand.printJson(out, e.json());
                        } else {
                            out.println(table.row(e, widths));
                        }
                    }
                }
                out.flush();
                follower.forgetOld();
            } catch (QueryException.RetryLaterException e) {
                // Busy or Elasticsearch away: keep following, as tail -f does through a rotation.
                spec.commandLine().getErr().println("harbour tail: " + QueryCommand.describe(e));
                spec.commandLine().getErr().flush();
            } catch (QueryException.ConnectionException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                spec.commandLine().getErr().println("harbour tail: " + e.getMessage());
                spec.commandLine().getErr().flush();
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Which entries were printed: the ids of those not older than the look-back behind the newest
     * {@code when} seen, the only ones a poll can return again. Separate from the I/O for tests.
     */
    static final class Follower {
        private final Instant start;
        private final Duration lookback;
        private final Map<String, Instant> printed = new HashMap<>();
        private Instant newest;

        Follower(Instant start, Duration lookback) {
            this.start = start;
            this.lookback = lookback;
        }

        /** The next poll's fromts: the look-back behind the newest entry seen, never before the start. */
        Instant from() {
            if (newest == null) {
                return start;
            }
            Instant from = newest.minus(lookback);
            return from.isBefore(start) ? start : from;
        }

        /** True the first time an entry is seen (it is then remembered). */
        boolean isNew(RetrievedEntry e) {
            Instant when = e.entry().when().instant();
            if (printed.putIfAbsent(e.docId(), when) != null) {
                return false;
            }
            if (newest == null || when.isAfter(newest)) {
                newest = when;
            }
            return true;
        }

        /** Drops ids no poll can return again (older than the next fromts). */
        void forgetOld() {
            Instant from = from();
            printed.values().removeIf(when -> when.isBefore(from));
        }

        int remembered() {
            return printed.size();
        }
    }
}
