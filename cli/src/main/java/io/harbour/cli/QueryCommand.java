package io.harbour.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.client.query.ChangeQuery;
import io.harbour.client.query.Cursor;
import io.harbour.client.query.LogHarbourClient;
import io.harbour.client.query.LogPage;
import io.harbour.client.query.LogQuery;
import io.harbour.client.query.QueryException;
import io.harbour.client.query.RetrievedEntry;
import io.harbour.client.query.SetQuery;
import io.harbour.client.query.SetValues;
import io.harbour.client.query.UnusualIpQuery;
import io.harbour.client.query.UnusualIps;
import io.harbour.model.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code harbour query logs | set | apps | unusual-ips | changes}: seed 003's functions from a
 * terminal, through the Java client. A readable table by default; {@code --json} for scripts
 * (NDJSON of entries for logs and changes, the answer's JSON for the others). Exit 0 on success,
 * 1 when the query API refused the call or could not be reached (the message names the server's
 * error code and the parameter at fault), 2 for a usage problem.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Query LogHarbour entries through the query API (seed 003's client functions).",
        subcommands = {QueryCommand.Logs.class, QueryCommand.Set.class, QueryCommand.Apps.class, QueryCommand.UnusualIpsCmd.class,
                QueryCommand.Changes.class})
final class QueryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand does around its call: the connection, the exit codes and the messages. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        QueryConnection connection;

        @Option(names = "--json", description = "JSON for scripts instead of a table.")
        boolean json;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        abstract void run(LogHarbourClient client);

        @Override
        public Integer call() {
            return guarded(spec, () -> run(connection.client()));
        }
    }

    /** Runs {@code body}, turning what can go wrong into one line on stderr and an exit status. */
    static int guarded(CommandSpec spec, Runnable body) {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName(" ");
        try {
            body.run();
            return 0;
        } catch (QueryException e) {
            err.println(name + ": " + describe(e));
            err.flush();
            return 1;
        } catch (QueryConnection.Problem | IllegalArgumentException e) {
            err.println(name + ": " + e.getMessage());
            err.flush();
            return 2;
        } finally {
            spec.commandLine().getOut().flush();
        }
    }

    static String describe(QueryException e) {
        if (e instanceof QueryException.ConnectionException) {
            return e.getMessage();
        }
        return "the query API answered " + e.status() + " " + e.code() + (e.field() == null ? "" : " (" + e.field() + ")") + ": "
                + e.getMessage() + e.retryAfter().map(d -> " (retry after " + d.toSeconds() + " s)").orElse("");
    }

    static void printJson(PrintWriter out, Object node) {
        try {
            out.println(Json.mapper().writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always writes", e);
        }
    }

    /** Pages of logs or changes: one page (with the way to the next), or with --all every page. */
    abstract static class Paged extends Base {
        @Option(names = "--all", description = "Every page, through the search-after cursor (default: the first page, up to the server's MAXREC).")
        boolean all;

        @Option(names = "--after-ts", paramLabel = "TS", description = "searchAfterTS: start after this entry (from the previous page's next).")
        String afterTs;

        @Option(names = "--after-id", paramLabel = "DOC_ID", description = "searchAfterDocID: with --after-ts.")
        String afterId;

        @Option(names = "--wide", description = "Do not cut long values in the table.")
        boolean wide;

        Cursor cursor() {
            if (afterTs == null && afterId == null) {
                return null;
            }
            if (afterTs == null || afterId == null) {
                throw new QueryConnection.Problem("--after-ts and --after-id go together (the previous page's next)");
            }
            return new Cursor(afterTs, afterId);
        }

        void print(LogPage first, Iterator<RetrievedEntry> rest, EntryTable table) {
            PrintWriter out = out();
            if (json) {
                // NDJSON streams: with --all, each page is printed as it arrives.
                Iterator<RetrievedEntry> it = all ? rest : first.logs().iterator();
                while (it.hasNext()) {
                    printJson(out, it.next().json());
                }
                if (!all) {
                    first.next().ifPresent(n -> hint(n, first));
                }
                return;
            }
            List<RetrievedEntry> entries = new ArrayList<>();
            (all ? rest : first.logs().iterator()).forEachRemaining(entries::add);
            table.print(out, entries);
            out.println(entries.size() + " of " + first.nrec() + (first.nrec() == 1 ? " entry" : " entries"));
            if (!all) {
                first.next().ifPresent(n -> hint(n, first));
            }
        }

        /** On stderr, so that stdout stays data: how to get the next page. */
        private void hint(Cursor next, LogPage first) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("more: add --all, or --after-ts " + next.searchAfterTS() + " --after-id " + next.searchAfterDocID());
            err.flush();
        }
    }

    @Command(name = "logs", mixinStandardHelpOptions = true, description = "GetLogs: entries matching the filters, newest first (oldest first with --from alone).")
    static final class Logs extends Paged {
        @Mixin
        QueryFilters filters;

        @Mixin
        QueryFilters.Window window;

        @Override
        void run(LogHarbourClient client) {
            LogQuery.Builder b = filters.applyTo(LogQuery.builder()).fromts(window.fromts()).tots(window.tots()).after(cursor());
            if (window.days != null) {
                b.ndays(window.days);
            }
            LogQuery q = b.build();
            LogPage first = client.getLogs(q);
            print(first, all ? concat(first, client::iterateLogs, q) : first.logs().iterator(), EntryTable.logs(wide));
        }
    }

    @Command(name = "changes", mixinStandardHelpOptions = true, description = "GetChanges: one object's data-change entries, oldest first.")
    static final class Changes extends Paged {
        @Option(names = "--app", required = true, paramLabel = "APP")
        String app;

        @Option(names = "--class", required = true, paramLabel = "CLASS")
        String className;

        @Option(names = "--instance", required = true, paramLabel = "ID")
        String instance;

        @Option(names = "--field", paramLabel = "FIELD", description = "Only the entries that changed this field.")
        String field;

        @Option(names = "--who", paramLabel = "USER")
        String who;

        @Mixin
        QueryFilters.Window window;

        @Override
        void run(LogHarbourClient client) {
            ChangeQuery.Builder b = ChangeQuery.builder(app, className, instance).field(field).who(who)
                    .fromts(window.fromts()).tots(window.tots()).after(cursor());
            if (window.days != null) {
                b.ndays(window.days);
            }
            ChangeQuery q = b.build();
            LogPage first = client.getChanges(q);
            print(first, all ? concatChanges(first, client, q) : first.logs().iterator(), EntryTable.changes(wide));
        }

        private static Iterator<RetrievedEntry> concatChanges(LogPage first, LogHarbourClient client, ChangeQuery q) {
            List<RetrievedEntry> head = first.logs();
            Iterator<RetrievedEntry> tail = first.next().map(n -> client.iterateChanges(q.after(n))).orElse(java.util.Collections.emptyIterator());
            return chain(head.iterator(), tail);
        }
    }

    /** The first page (already fetched, for nrec) followed by the pages after it. */
    private static Iterator<RetrievedEntry> concat(LogPage first, java.util.function.Function<LogQuery, Iterator<RetrievedEntry>> rest, LogQuery q) {
        Iterator<RetrievedEntry> tail = first.next().map(n -> rest.apply(q.after(n))).orElse(java.util.Collections.emptyIterator());
        return chain(first.logs().iterator(), tail);
    }

    private static Iterator<RetrievedEntry> chain(Iterator<RetrievedEntry> a, Iterator<RetrievedEntry> b) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return a.hasNext() || b.hasNext();
            }

            @Override
            public RetrievedEntry next() {
                return a.hasNext() ? a.next() : b.next();
            }
        };
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "GetSet: how many matching entries hold each value of one attribute, most frequent first.")
    static final class Set extends Base {
        @Parameters(index = "0", paramLabel = "ATTRIBUTE",
                description = "app, type, who, class, instance, op, module, pri, status, remote_ip, system, or field.")
        String setattr;

        @Mixin
        QueryFilters filters;

        @Mixin
        QueryFilters.Window window;

        @Override
        void run(LogHarbourClient client) {
            SetQuery.Builder b = filters.applyTo(SetQuery.builder(setattr)).fromts(window.fromts()).tots(window.tots());
            if (window.days != null) {
                b.ndays(window.days);
            }
            SetValues values = client.getSet(b.build());
            if (json) {
                ObjectNode answer = Json.mapper().createObjectNode();
                answer.put("setattr", values.setattr());
                ObjectNode v = answer.putObject("setvalues");
                values.values().forEach(v::put);
                printJson(out(), answer);
                return;
            }
            List<Map.Entry<String, Long>> rows = new ArrayList<>(values.values().entrySet());
            rows.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {values.setattr() == null ? setattr.toUpperCase(java.util.Locale.ROOT) : values.setattr().toUpperCase(java.util.Locale.ROOT), "COUNT"});
            rows.forEach(r -> table.add(new String[] {r.getKey(), Long.toString(r.getValue())}));
            printTable(out(), table, 1);
            out().println(rows.size() + (rows.size() == 1 ? " value" : " values"));
        }
    }

    @Command(name = "apps", mixinStandardHelpOptions = true, description = "GetApps: the realm's apps this token can read.")
    static final class Apps extends Base {
        @Override
        void run(LogHarbourClient client) {
            List<String> apps = client.getApps();
            if (json) {
                ObjectNode answer = Json.mapper().createObjectNode();
                ArrayNode list = answer.putArray("apps");
                apps.forEach(list::add);
                printJson(out(), answer);
                return;
            }
            apps.forEach(out()::println);
        }
    }

    @Command(name = "unusual-ips", mixinStandardHelpOptions = true,
            description = "GetUnusualIP: remote addresses rare enough among the matching entries to be suspicious, with locations.")
    static final class UnusualIpsCmd extends Base {
        @Option(names = "--percent", required = true, paramLabel = "P", description = "unusualpercent: an address is unusual at or below P% of the entries (0 < P <= 50).")
        double percent;

        @Option(names = "--app", paramLabel = "APP")
        String app;

        @Option(names = "--who", paramLabel = "USER")
        String who;

        @Option(names = "--class", paramLabel = "CLASS")
        String className;

        @Option(names = "--op", paramLabel = "OP", description = "Only with --class (the server ignores it otherwise, and says so).")
        String op;

        @Option(names = "--days", paramLabel = "N", description = "ndays (default: the most recent MAXREC entries with an address).")
        Integer days;

        @Override
        void run(LogHarbourClient client) {
            UnusualIpQuery.Builder b = UnusualIpQuery.builder(percent).app(app).who(who).className(className).op(op);
            if (days != null) {
                b.ndays(days);
            }
            UnusualIps answer = client.getUnusualIP(b.build());
            if (json) {
                printJson(out(), toJson(answer));
                return;
            }
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"IPADDR", "COUNT", "CITY", "COUNTRY", "LAT", "LONG"});
            answer.unusualIPs().stream().sorted(Comparator.comparingLong(UnusualIps.UnusualIp::count).thenComparing(UnusualIps.UnusualIp::ipaddr))
                    .forEach(ip -> table.add(new String[] {ip.ipaddr(), Long.toString(ip.count()),
                            ip.location().map(UnusualIps.Location::city).orElse(null), ip.location().map(UnusualIps.Location::country).orElse(null),
                            ip.location().map(UnusualIps.Location::lat).map(String::valueOf).orElse(null),
                            ip.location().map(UnusualIps.Location::lon).map(String::valueOf).orElse(null)}));
            printTable(out(), table, 1);
            out().println(answer.unusualIPs().size() + " unusual of " + answer.total() + " entries with an address (threshold "
                    + answer.threshold() + " entries)");
            if (!answer.geoAvailable() && answer.geoReason() != null) {
                out().println("no locations: " + answer.geoReason());
            }
            answer.notes().forEach(n -> out().println("note: " + n));
        }

        private static ObjectNode toJson(UnusualIps a) {
            ObjectNode out = Json.mapper().createObjectNode();
            ArrayNode list = out.putArray("unusualIPs");
            for (UnusualIps.UnusualIp ip : a.unusualIPs()) {
                ObjectNode item = list.addObject();
                item.put("ipaddr", ip.ipaddr());
                item.put("count", ip.count());
                item.put("city", ip.location().map(UnusualIps.Location::city).orElse(null));
                item.put("country", ip.location().map(UnusualIps.Location::country).orElse(null));
                item.put("lat", ip.location().map(UnusualIps.Location::lat).orElse(null));
                item.put("long", ip.location().map(UnusualIps.Location::lon).orElse(null));
            }
            out.put("total", a.total());
            out.put("threshold", a.threshold());
            ObjectNode geo = out.putObject("geo");
            geo.put("available", a.geoAvailable());
            geo.put("reason", a.geoReason());
            ArrayNode notes = out.putArray("notes");
            a.notes().forEach(notes::add);
            return out;
        }
    }

    /** Rows of cells, columns aligned; the first row is the header; column {@code numberColumn} (the counts) is right-aligned. */
    static void printTable(PrintWriter out, List<String[]> rows, int numberColumn) {
        int n = rows.get(0).length;
        int[] widths = new int[n];
        for (String[] row : rows) {
            for (int i = 0; i < n; i++) {
                widths[i] = Math.max(widths[i], row[i] == null ? 0 : row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                String v = row[i] == null ? "" : row[i];
                if (i > 0) {
                    b.append("  ");
                }
                String pad = " ".repeat(widths[i] - v.length());
                b.append(i == numberColumn ? pad + v : v + (i < n - 1 ? pad : ""));
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }
}
