package io.harbour.cli;

import io.harbour.client.query.LogHarbourClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How {@code harbour query} and {@code harbour tail} reach the query API: options, each falling
 * back to the running {@code harbour up}'s {@code harbour-up.json} (query_api, query_token_file or
 * query_token, ca_file), so after {@code ./harbour up} no option is needed.
 */
final class QueryConnection {
    @Option(names = "--url", paramLabel = "URL", description = "The query API (default: the running harbour up's).")
    URI url;

    @Option(names = "--token", paramLabel = "TOKEN", description = "A query token (default: the running harbour up's).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the query token from this file (keeps it out of the process list).")
    Path tokenFile;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM file of the CA to trust (default: the running harbour up's; else the JDK's trusted roots).")
    Path caFile;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Longest wait for one answer, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofSeconds(60);

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where to find harbour up's state for the defaults (default: $HARBOUR_STATE_DIR or ./state).")
    Path stateDir;

    /** A usage problem the user can fix: printed as one line, exit status 2. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    LogHarbourClient client() {
        UpState up = null;
        Path upFile = StateDir.of(stateDir).upFile();
        if ((url == null || (token == null && tokenFile == null) || caFile == null) && Files.exists(upFile)) {
            try {
                up = UpState.read(upFile);
            } catch (UncheckedIOException e) {
                // A half-removed or foreign file: the options must say it all, and the messages below tell which.
                up = null;
            }
        }
        URI base = url;
        if (base == null) {
            String fromUp = up == null || up.services() == null ? null : up.services().get("query_api");
            if (fromUp == null) {
                throw new Problem("give --url (no running harbour up with a query API found at " + upFile + ")");
            }
            base = URI.create(fromUp);
        }
        String key = token;
        Path file = tokenFile != null ? tokenFile : key == null && up != null && up.queryTokenFile() != null ? Path.of(up.queryTokenFile()) : null;
        if (key == null && file != null) {
            try {
                key = Files.readString(file).strip();
            } catch (IOException e) {
                throw new Problem("cannot read the query token from " + file + ": " + e.getMessage());
            }
        }
        if (key == null && up != null) {
            key = up.queryToken();
        }
        if (key == null || key.isBlank()) {
            throw new Problem("give --token or --token-file (a query token: harbour token create --realm R --kind query)");
        }
        Path ca = caFile != null ? caFile : up != null && up.caFile() != null ? Path.of(up.caFile()) : null;
        try {
            return LogHarbourClient.builder(base, key).caFile(ca).requestTimeout(timeout).build();
        } catch (UncheckedIOException e) {
            throw new Problem("--ca " + ca + ": " + e.getCause().getMessage());
        }
    }
}
