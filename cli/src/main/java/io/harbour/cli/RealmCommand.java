package io.harbour.cli;

import io.harbour.realms.Cidr;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmException;
import io.harbour.realms.RealmFile;
import io.harbour.realms.Realms;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code harbour realm create | list}: the tenants in the realm file that the receiver and the
 * query API follow. Changes take effect in running services within a second.
 */
@Command(name = "realm", mixinStandardHelpOptions = true,
        description = "Create and list realms (tenants) in the realm file.",
        subcommands = {RealmCommand.Create.class, RealmCommand.ListRealms.class})
final class RealmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: create or list");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a realm.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RealmsFileOption realmsFile;

        @Parameters(index = "0", paramLabel = "NAME",
                description = "Lower-case letters, digits, '-' and '_' (it becomes part of index names).")
        String name;

        @Option(names = "--source-range", paramLabel = "CIDR",
                description = "Accept senders without credentials from this range into the realm (IPv4 or IPv6; repeatable).")
        List<String> sourceRanges = new ArrayList<>();

        @Option(names = "--client-subject", paramLabel = "SUBJECT",
                description = "Map client certificates with this RFC 2253 subject to the realm (repeatable).")
        List<String> clientSubjects = new ArrayList<>();

        @Option(names = "--require-source-range",
                description = "Accept the realm's write keys only from its source ranges (403 elsewhere).")
        boolean requireSourceRange;

        @Override
        public Integer call() {
            return Failure.reported(spec, () -> {
                RealmFile file = realmsFile.open();
                Realm realm = new Realm(name, Failure.cidrs("--source-range", sourceRanges), requireSourceRange,
                        clientSubjects, List.of(), List.of());
                file.createRealm(realm);
                spec.commandLine().getOut().println("realm \"" + name + "\" created in " + file.path());
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List realms (never keys or tokens).")
    static final class ListRealms implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RealmsFileOption realmsFile;

        @Override
        public Integer call() {
            return Failure.reported(spec, () -> {
                RealmFile file = realmsFile.open();
                Realms realms = file.load();
                PrintWriter out = spec.commandLine().getOut();
                if (realms.all().isEmpty()) {
                    out.println("no realms in " + file.path() + " (create one with: harbour realm create NAME)");
                    return;
                }
                Table table = new Table("NAME", "WRITE KEYS", "QUERY TOKENS", "SOURCE RANGES", "KEYS ONLY FROM RANGES", "CLIENT SUBJECTS");
                for (Realm realm : realms.all()) {
                    table.row(realm.name(), String.valueOf(realm.writeKeys().size()), String.valueOf(realm.queryTokens().size()),
                            joined(realm.sourceRanges()), realm.requireSourceRange() ? "yes" : "no",
                            realm.clientSubjects().isEmpty() ? "-" : String.join(" | ", realm.clientSubjects()));
                }
                table.print(out);
            });
        }

        private static String joined(List<Cidr> ranges) {
            return ranges.isEmpty() ? "-" : String.join(", ", ranges.stream().map(Cidr::toString).toList());
        }
    }

    /** {@code --realms-file}, shared by every realm and token command. */
    static final class RealmsFileOption {
        @Option(names = "--realms-file", paramLabel = "PATH",
                description = "The realm file (default: $HARBOUR_STATE_DIR/realms.yaml, or ./state/realms.yaml).")
        Path path;

        RealmFile open() {
            return new RealmFile(path != null ? path : StateDir.of(null).realmsFile());
        }
    }

    /**
     * What the realm commands do with an operator's mistake: one line on stderr, exit code 1,
     * no stack trace (picocli's default for an exception from {@code call}).
     */
    static final class Failure {
        private Failure() {
        }

        interface Action {
            void run();
        }

        static int reported(CommandSpec spec, Action action) {
            try {
                action.run();
                return 0;
            } catch (RealmException e) {
                e.problems().forEach(p -> spec.commandLine().getErr().println("error: " + p));
            } catch (UncheckedIOException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage() + ": " + e.getCause().getMessage());
            }
            spec.commandLine().getErr().flush();
            return 1;
        }

        /** Ranges from the command line, refused with the option's name when one is not a range. */
        static List<Cidr> cidrs(String option, List<String> texts) {
            List<Cidr> ranges = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (String text : texts) {
                try {
                    ranges.add(Cidr.parse(text));
                } catch (IllegalArgumentException e) {
                    problems.add(option + ": " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                throw new RealmException(problems);
            }
            return ranges;
        }
    }

    /** Left-aligned columns as wide as their widest cell, for the list commands. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... headings) {
            rows.add(headings);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintWriter out) {
            int[] widths = new int[rows.get(0).length];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
                }
                out.println(line.toString().stripTrailing());
            }
            out.flush();
        }
    }
}
