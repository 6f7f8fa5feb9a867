package io.harbour.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.IpAddresses;
import io.harbour.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code harbour import-observations}: seed 001's Python script as a command. Reads a CSV whose
 * first line names the columns, makes one observation per line ({@code ipaddr},
 * {@code associated_ipaddr}, {@code timestamp} in epoch seconds) and posts them in batches to
 * {@code /api/v1/observations/associatedipaddrs} with {@code Authorization: ExtraHop apikey=KEY},
 * with the seed's headers and body shape. Lines that cannot become an observation are refused
 * locally with their line number and reason; a batch the receiver refuses in part is sent again
 * without the lines it named, so the summary counts exactly what was accepted. Every refused line
 * is reported with its reason ({@link RefusalReport}: the first ones in the summary, all in a file).
 *
 * <p>Exit codes: 0 every line accepted, 3 some lines refused, 1 the import could not be completed
 * (file, column, connection or key problem), 2 wrong options.
 */
@Command(name = "import-observations", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Import IP-address observations from a CSV file (e.g. an OpenVPN log), as ExtraHop's observations script does.",
            "Columns are named by the CSV header. A timestamp spread over several columns: repeat --timestamp and join "
                    + "them with --timestamp-join, e.g. --timestamp Month --timestamp Day --timestamp Year --timestamp Time "
                    + "--timestamp-join '{1}/{2}/{3} {4}'."})
final class ImportObservationsCommand implements Callable<Integer> {
    static final String PATH = "/api/v1/observations/associatedipaddrs";
    private static final int MAX_ATTEMPTS = 8;
    private static final Pattern PROBLEM_INDEX = Pattern.compile("^observations\\[(\\d+)]");

    @Spec
    CommandSpec spec;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The CSV file; its first line names the columns.")
    Path csv;

    @Option(names = "--ipaddr", required = true, paramLabel = "COLUMN",
            description = "Column of the address on your network (the VPN client's inner address), e.g. 'VPN IP'.")
    String ipaddrColumn;

    @Option(names = "--associated-ipaddr", required = true, paramLabel = "COLUMN",
            description = "Column of the associated address (the user's real public address), e.g. 'Real IP'.")
    String associatedColumn;

    @Option(names = "--timestamp", required = true, paramLabel = "COLUMN",
            description = "Column of the time of the observation, e.g. 'Start Time'; repeat for a time spread over columns.")
    List<String> timestampColumns = new ArrayList<>();

    @Option(names = "--timestamp-join", paramLabel = "TEMPLATE",
            description = "How repeated --timestamp columns are joined before parsing: {1} is the first column's value, {2} the second... (default: the values separated by spaces).")
    String timestampJoin;

    @Option(names = "--time-pattern", paramLabel = "PATTERN",
            description = "strptime pattern (default: '${DEFAULT-VALUE}', the seed's), or java:PATTERN (a java.time pattern), or epoch.")
    String timePattern = TimestampPattern.DEFAULT;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone of the timestamps (default: this machine's, as the seed's mktime uses local time), e.g. UTC or Europe/Berlin.")
    String zone;

    @Option(names = "--source", paramLabel = "SOURCE", description = "The observations' source (default: ${DEFAULT-VALUE}, as in the seed).")
    String source = "OpenVPN";

    @Option(names = "--url", paramLabel = "URL", description = "The receiver (default: the running harbour up's).")
    URI url;

    @Option(names = "--key", paramLabel = "KEY", description = "A write key (default: the running harbour up's).")
    String key;

    @Option(names = "--key-file", paramLabel = "FILE", description = "Read the write key from this file instead (keeps it out of the process list).")
    Path keyFile;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM file of the CA to trust (default: the running harbour up's; else the JDK's trusted roots).")
    Path caFile;

    @Option(names = "--batch", paramLabel = "N", description = "Observations per request (default: ${DEFAULT-VALUE}).")
    int batchSize = 1000;

    @Option(names = "--refusals", paramLabel = "FILE",
            description = "Write every refused line's number and reason to this CSV file (default: next to the CSV, "
                    + "FILE.refusals.csv; written only when a line is refused). The summary shows the first "
                    + RefusalReport.SHOWN + ".")
    Path refusalsFile;

    @Option(names = "--no-progress", description = "No progress bar (it goes to stderr).")
    boolean noProgress;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Where to find harbour up's state for the defaults (default: $HARBOUR_STATE_DIR or ./state).")
    Path stateDir;

    /** One line's observation, or why it is not one. */
    record Row(long line, ObjectNode observation) {
    }

    /** Counts and refusals of one import. */
    static final class Summary {
        long read;
        long sent;
        long accepted;
        long requests;
        final Map<Long, String> refused = new TreeMap<>();
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (batchSize < 1) {
                throw new Failure("--batch must be at least 1");
            }
            ZoneId zoneId;
            try {
                zoneId = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                throw new Failure("--zone " + zone + ": " + e.getMessage());
            }
            TimestampPattern pattern;
            try {
                pattern = TimestampPattern.of(timePattern, zoneId);
            } catch (IllegalArgumentException e) {
                throw new Failure(e.getMessage());
            }
            Target target = target();
            long started = System.nanoTime();
            Summary summary = run(pattern, target, err);
            double seconds = (System.nanoTime() - started) / 1e9;
            printSummary(out, summary, seconds);
            RefusalReport.report(summary.refused, refusalsFile != null ? refusalsFile : RefusalReport.defaultFile(csv), out, err);
            return summary.refused.isEmpty() ? 0 : 3;
        } catch (Failure e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** A reason to stop the whole import, said in one line. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private record Target(URI endpoint, String key, HttpClient http) {
    }

    private Target target() throws Failure {
        UpState up = null;
        Path upFile = StateDir.of(stateDir).upFile();
        if ((url == null || (key == null && keyFile == null) || caFile == null) && Files.exists(upFile)) {
            try {
                up = UpState.read(upFile);
            } catch (RuntimeException e) {
                up = null;
            }
        }
        URI base = url;
        if (base == null) {
            if (up == null || up.services() == null || up.services().get("receiver") == null) {
                throw new Failure("give --url (no running harbour up found at " + upFile + ")");
            }
            base = URI.create(up.services().get("receiver"));
        }
        String writeKey = key;
        if (writeKey == null && keyFile != null) {
            try {
                writeKey = Files.readString(keyFile).strip();
            } catch (IOException e) {
                throw new Failure("--key-file " + keyFile + ": " + e.getMessage());
            }
        }
        if (writeKey == null) {
            if (up == null || up.writeKey() == null) {
                throw new Failure("give --key or --key-file (a write key: harbour token create --realm R --kind write)");
            }
            writeKey = up.writeKey();
        }
        Path ca = caFile != null ? caFile : up != null && up.caFile() != null ? Path.of(up.caFile()) : null;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (ca != null) {
            http.sslContext(trusting(ca));
        }
        URI endpoint = URI.create(base.toString().replaceAll("/+$", "") + PATH);
        return new Target(endpoint, writeKey, http.build());
    }

    private static SSLContext trusting(Path pem) throws Failure {
        try (var in = Files.newInputStream(pem)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new Failure("--ca " + pem + ": no certificate in it");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new Failure("--ca " + pem + ": " + e.getMessage());
        }
    }

    private Summary run(TimestampPattern pattern, Target target, PrintWriter err) throws Failure {
        Summary summary = new Summary();
        long lines = countLines();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
        try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get();
             ProgressBar progress = progressBar(Math.max(0, lines - 1))) {
            List<String> header = parser.getHeaderNames();
            checkColumns(header);
            List<Row> batch = new ArrayList<>(batchSize);
            for (CSVRecord record : parser) {
                summary.read++;
                // Line numbers count the header as line 1 (a quoted field spanning lines is not expected in these logs).
                long line = record.getRecordNumber() + 1;
                Row row = row(record, line, pattern, summary);
                if (row != null) {
                    batch.add(row);
                }
                if (batch.size() == batchSize) {
                    send(batch, target, summary);
                    batch.clear();
                }
                if (progress != null) {
                    progress.stepTo(summary.read);
                }
            }
            if (!batch.isEmpty()) {
                send(batch, target, summary);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new Failure(csv + ": " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // Commons CSV reports a malformed file (an unclosed quote, a duplicate header) this way.
            throw new Failure(csv + ": " + e.getMessage());
        }
        return summary;
    }

    private long countLines() throws Failure {
        if (!Files.isRegularFile(csv)) {
            throw new Failure("--csv " + csv + ": no such file");
        }
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            long n = 0;
            while (in.readLine() != null) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new Failure(csv + ": " + e.getMessage());
        }
    }

    private ProgressBar progressBar(long max) {
        if (noProgress) {
            return null;
        }
        PrintStream stderr = System.err;
        return new ProgressBarBuilder().setTaskName("import").setInitialMax(max).setUnit(" lines", 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(stderr)).build();
    }

    private void checkColumns(List<String> header) throws Failure {
        List<String> wanted = new ArrayList<>(List.of(ipaddrColumn, associatedColumn));
        wanted.addAll(timestampColumns);
        List<String> missing = wanted.stream().filter(c -> !header.contains(c)).distinct().toList();
        if (!missing.isEmpty()) {
            throw new Failure("column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing.stream().map(c -> "\"" + c + "\"").toList()) + " not in " + csv
                    + "; its header has: " + String.join(", ", header.stream().map(c -> "\"" + c + "\"").toList()));
        }
    }

    /** The observation of one line, or null after recording why it is refused. */
    private Row row(CSVRecord record, long line, TimestampPattern pattern, Summary summary) {
        List<String> missing = new ArrayList<>();
        String ipaddr = value(record, ipaddrColumn, missing);
        String associated = value(record, associatedColumn, missing);
        List<String> parts = new ArrayList<>();
        for (String column : timestampColumns) {
            parts.add(value(record, column, missing));
        }
        if (!missing.isEmpty()) {
            summary.refused.put(line, "missing column " + String.join(", ", missing.stream().map(c -> "\"" + c + "\"").toList()));
            return null;
        }
        List<String> problems = new ArrayList<>();
        if (!IpAddresses.isLiteral(ipaddr)) {
            problems.add("bad IP in \"" + ipaddrColumn + "\": \"" + ipaddr + "\"");
        }
        if (!IpAddresses.isLiteral(associated)) {
            problems.add("bad IP in \"" + associatedColumn + "\": \"" + associated + "\"");
        }
        long timestamp = -1;
        try {
            timestamp = pattern.epochSeconds(joinTimestamp(parts));
            if (timestamp < 0) {
                problems.add("bad timestamp: before 1970");
            }
        } catch (IllegalArgumentException e) {
            problems.add("bad timestamp: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            summary.refused.put(line, String.join("; ", problems));
            return null;
        }
        // The seed's key order: associated_ipaddr, ipaddr, timestamp.
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("associated_ipaddr", associated);
        o.put("ipaddr", ipaddr);
        o.put("timestamp", timestamp);
        return new Row(line, o);
    }

    private static String value(CSVRecord record, String column, List<String> missing) {
        if (!record.isSet(column)) {
            missing.add(column);
            return null;
        }
        return record.get(column).strip();
    }

    /** The timestamp text: one column as it is, several joined by {@code --timestamp-join} (or spaces). */
    String joinTimestamp(List<String> parts) {
        if (parts.size() == 1 && timestampJoin == null) {
            return parts.get(0);
        }
        if (timestampJoin == null) {
            return String.join(" ", parts);
        }
        String joined = timestampJoin;
        for (int i = parts.size(); i >= 1; i--) {
            joined = joined.replace("{" + i + "}", parts.get(i - 1));
        }
        return joined;
    }

    /**
     * Posts one batch; a 400 that names observations takes those out (refused with the receiver's
     * reason) and sends the rest again; 429 and 503 wait for Retry-After; connection failures back off.
     */
    private void send(List<Row> rows, Target target, Summary summary) throws Failure {
        List<Row> pending = new ArrayList<>(rows);
        int attempt = 0;
        while (!pending.isEmpty()) {
            attempt++;
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode list = body.putArray("observations");
            pending.forEach(r -> list.add(r.observation()));
            body.put("source", source);
            HttpRequest request = HttpRequest.newBuilder(target.endpoint())
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("Authorization", "ExtraHop apikey=" + target.key())
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build();
            HttpResponse<String> response;
            try {
                summary.requests++;
                response = target.http().send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new Failure("no answer from " + target.endpoint() + " after " + attempt + " attempts: " + e.getMessage()
                            + " (" + summary.accepted + " observations were accepted before)");
                }
                sleep(Duration.ofMillis(250L << Math.min(attempt, 6)));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure("interrupted");
            }
            int status = response.statusCode();
            if (status == 202 || status == 200) {
                summary.sent += pending.size();
                summary.accepted += pending.size();
                return;
            }
            String reason = errorMessage(response.body());
            if (status == 400) {
                Set<Integer> named = new HashSet<>();
                for (JsonNode p : errorNode(response.body()).path("problems")) {
                    Matcher m = PROBLEM_INDEX.matcher(p.path("field").asText(""));
                    if (m.find()) {
                        int index = Integer.parseInt(m.group(1));
                        if (index < pending.size()) {
                            named.add(index);
                            String field = p.path("field").asText().substring(m.end()).replaceFirst("^\\.", "");
                            summary.refused.merge(pending.get(index).line(), "receiver refused " + field + ": " + p.path("reason").asText(),
                                    (a, b) -> a + "; " + b);
                        }
                    }
                }
                if (named.isEmpty()) {
                    // Nothing to take out: the whole batch is refused with the receiver's words.
                    for (Row r : pending) {
                        summary.refused.put(r.line(), "receiver refused the batch (400): " + reason);
                    }
                    summary.sent += pending.size();
                    return;
                }
                summary.sent += named.size();
                List<Row> rest = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    if (!named.contains(i)) {
                        rest.add(pending.get(i));
                    }
                }
                pending = rest;
                attempt = 0;
                continue;
            }
            if ((status == 429 || status == 503 || status >= 500) && attempt < MAX_ATTEMPTS) {
                long seconds = response.headers().firstValue("Retry-After").map(v -> {
                    try {
                        return Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        return 1L;
                    }
                }).orElse(1L);
                sleep(Duration.ofSeconds(Math.min(Math.max(seconds, 1), 60)));
                continue;
            }
            // 401, 403, 404, 413...: every later batch would get the same answer.
            throw new Failure("the receiver answered " + status + " to " + target.endpoint() + ": " + reason
                    + " (" + summary.accepted + " observations were accepted before)");
        }
    }

    private static JsonNode errorNode(String body) {
        try {
            return Json.mapper().readTree(body).path("error");
        } catch (IOException | RuntimeException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    private static String errorMessage(String body) {
        String message = errorNode(body).path("message").asText("");
        if (!message.isEmpty()) {
            return message;
        }
        String b = body == null ? "" : body.strip();
        return b.isEmpty() ? "no body" : b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }

    private static void sleep(Duration d) throws Failure {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    private static void printSummary(PrintWriter out, Summary s, double seconds) {
        out.printf("read      %d lines in %.1f s (%.0f lines/s)%n", s.read, seconds, s.read / Math.max(seconds, 1e-9));
        out.printf("sent      %d observations in %d requests%n", s.sent, s.requests);
        out.printf("accepted  %d%n", s.accepted);
        out.printf("refused   %d%n", s.refused.size());
        out.flush();
    }
}
