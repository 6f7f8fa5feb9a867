package io.harbour.cli;

import io.harbour.realms.Capability;
import io.harbour.realms.Cidr;
import io.harbour.realms.CredentialKind;
import io.harbour.realms.IssuedCredential;
import io.harbour.realms.QueryScope;
import io.harbour.realms.QueryToken;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmException;
import io.harbour.realms.RealmFile;
import io.harbour.realms.Realms;
import io.harbour.realms.WriteKey;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code harbour token create | list | revoke}: write keys for senders and query tokens for
 * readers. Only their hashes are stored; a new one is printed once, alone on stdout, so that
 * {@code KEY=$(harbour token create ...)} captures exactly it.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Create, list and revoke write keys and query tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: create, list or revoke");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a write key or a query token and print it once (the last line of stdout).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RealmCommand.RealmsFileOption realmsFile;

        @Option(names = "--realm", required = true, paramLabel = "REALM", description = "The realm it belongs to.")
        String realm;

        @Option(names = "--kind", required = true, paramLabel = "write|query", converter = KindConverter.class,
                description = "write: sends logs; query: reads them within its scope.")
        CredentialKind kind;

        @Option(names = "--apps", split = ",", paramLabel = "APP", description = "Query tokens: the apps it may read (default: all).")
        List<String> apps = new ArrayList<>();

        @Option(names = "--classes", split = ",", paramLabel = "CLASS",
                description = "Query tokens: the object classes it may read (default: all).")
        List<String> classes = new ArrayList<>();

        @Option(names = "--debug", description = "Query tokens: may read debug entries, from the --cidr ranges only.")
        boolean debug;

        @Option(names = "--cidr", split = ",", paramLabel = "CIDR",
                description = "Query tokens: address ranges from which --debug may be used (repeatable).")
        List<String> cidrs = new ArrayList<>();

        @Option(names = "--description", paramLabel = "TEXT", description = "A note for operators, shown by token list.")
        String description;

        @Override
        public Integer call() {
            return RealmCommand.Failure.reported(spec, () -> {
                RealmFile file = realmsFile.open();
                IssuedCredential issued;
                if (kind == CredentialKind.WRITE) {
                    if (!apps.isEmpty() || !classes.isEmpty() || debug || !cidrs.isEmpty()) {
                        throw new RealmException("--apps, --classes, --debug and --cidr apply to query tokens only");
                    }
                    issued = file.issueWriteKey(realm, description);
                } else {
                    issued = file.issueQueryToken(realm, scope(), description);
                }
                // The notice goes to stderr so that stdout holds the key and nothing else.
                spec.commandLine().getErr().println(kind.label() + " " + issued.id() + " created in realm \"" + realm
                        + "\"; it is shown only this once:");
                spec.commandLine().getErr().flush();
                spec.commandLine().getOut().println(issued.key());
                spec.commandLine().getOut().flush();
            });
        }

        private QueryScope scope() {
            List<Cidr> ranges = RealmCommand.Failure.cidrs("--cidr", cidrs);
            if (debug && ranges.isEmpty()) {
                throw new RealmException("--debug needs at least one --cidr (0.0.0.0/0 and ::/0 allow every address)");
            }
            if (!debug && !ranges.isEmpty()) {
                throw new RealmException("--cidr says where --debug may be used from; it needs --debug");
            }
            return new QueryScope(allowed("--apps", apps), allowed("--classes", classes),
                    debug ? Set.of(Capability.DEBUG) : Set.of(), ranges);
        }

        private static QueryScope.Allowed allowed(String option, List<String> names) {
            List<String> given = names.stream().map(String::strip).filter(n -> !n.isEmpty()).toList();
            if (given.isEmpty() || given.equals(List.of("all"))) {
                return QueryScope.Allowed.ALL;
            }
            if (given.contains("all")) {
                throw new RealmException(option + ": all cannot be combined with names");
            }
            return QueryScope.Allowed.only(given);
        }
    }

    /** {@code write} or {@code query}, in any case. */
    static final class KindConverter implements CommandLine.ITypeConverter<CredentialKind> {
        @Override
        public CredentialKind convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "write" -> CredentialKind.WRITE;
                case "query" -> CredentialKind.QUERY;
                default -> throw new CommandLine.TypeConversionException("must be write or query, not '" + value + "'");
            };
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List write keys and query tokens: ids, kinds, scopes, creation times; never secrets.")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RealmCommand.RealmsFileOption realmsFile;

        @Option(names = "--realm", paramLabel = "REALM", description = "Only this realm's.")
        String realm;

        @Override
        public Integer call() {
            return RealmCommand.Failure.reported(spec, () -> {
                Realms realms = realmsFile.open().load();
                List<Realm> shown = realm == null ? realms.all()
                        : List.of(realms.realm(realm).orElseThrow(() -> new RealmException("realm \"" + realm + "\" does not exist")));
                RealmCommand.Table table = new RealmCommand.Table("ID", "KIND", "REALM", "CREATED", "SCOPE", "DESCRIPTION");
                int count = 0;
                for (Realm r : shown) {
                    for (WriteKey key : r.writeKeys()) {
                        table.row(key.id(), "write", r.name(), key.createdAt().toString(), "-", orDash(key.description()));
                        count++;
                    }
                    for (QueryToken token : r.queryTokens()) {
                        table.row(token.id(), "query", r.name(), token.createdAt().toString(), token.scope().summary(),
                                orDash(token.description()));
                        count++;
                    }
                }
                PrintWriter out = spec.commandLine().getOut();
                if (count == 0) {
                    out.println("no keys or tokens" + (realm == null ? "" : " in realm \"" + realm + "\""));
                    out.flush();
                } else {
                    table.print(out);
                }
            });
        }

        private static String orDash(String text) {
            return text == null || text.isBlank() ? "-" : text;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a write key or query token; running services refuse it within a second.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RealmCommand.RealmsFileOption realmsFile;

        @Parameters(index = "0", paramLabel = "ID", description = "The id shown by token list (the whole key works too).")
        String id;

        @Override
        public Integer call() {
            return RealmCommand.Failure.reported(spec, () -> {
                RealmFile.Revoked revoked = realmsFile.open().revoke(id);
                spec.commandLine().getOut().println(revoked.kind().label() + " " + revoked.id() + " of realm \""
                        + revoked.realm() + "\" revoked");
                spec.commandLine().getOut().flush();
            });
        }
    }
}
