package io.harbour.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code harbour export}: seed 004's access pattern as a command. It walks consecutive windows
 * ({@code --window}, a minute by default) from {@code --since} to {@code --until} over
 * {@code GET /api/v1/logs/received}, and appends each window's lines to {@code --out}:
 * <ul>
 * <li>never past the watermark: a window the server calls open (409) ends the run, or with
 * {@code --follow} is asked again once a little time has passed;</li>
 * <li>each window whole or not at all: its body (gzip on the wire, resumed through cut lines)
 * goes to a temporary file, then is appended to --out, then the state file
 * ({@code <out>.export-state.json}) records the next window and --out's length. A run killed at
 * any point resumes at the first window not recorded, first cutting --out back to the recorded
 * length, so a window appended but not recorded is not there twice;</li>
 * <li>429 and 503 wait for Retry-After; a body that ends early (the server resets it) is asked again;
 * either from the cursor of the window's last cut line, not from the window's start.</li>
 * </ul>
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Export every log the token may read, by time received, window by window, to an NDJSON file (resumable).")
final class ExportCommand implements Callable<Integer> {
    static final String PATH = "/api/v1/logs/received";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--since", required = true, paramLabel = "TIME", description = "First receive time (RFC 3339 or unix seconds), inclusive.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Last receive time, exclusive (default: up to the watermark, then stop or --follow).")
    String until;

    @Option(names = "--fields", paramLabel = "LIST", description = "Comma-separated fields (see /api/v1/logs/received/fields); default all.")
    String fields;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "NDJSON file the lines are appended to; its state file sits next to it.")
    Path out;

    @Option(names = "--url", paramLabel = "URL", description = "The query API (default: ${DEFAULT-VALUE}).")
    URI url = URI.create("https://localhost:8090");

    @Option(names = "--token-file", required = true, paramLabel = "FILE", description = "File holding a query token (kept out of the process list).")
    Path tokenFile;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM file of the CA to trust (default: the JDK's trusted roots).")
    Path caFile;

    @Option(names = "--window", paramLabel = "DURATION", description = "Window length, at most PT1H (default: ${DEFAULT-VALUE}).")
    Duration window = Duration.ofMinutes(1);

    @Option(names = "--follow", description = "At the watermark, wait for it to move on instead of stopping (needs no --until).")
    boolean follow;

    @Option(names = "--no-progress", description = "No progress bar (it goes to stderr).")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    /** How long to wait before asking an open window again with --follow, or after a failure with no Retry-After. */
    Duration pause = Duration.ofSeconds(5);

    @Override
    public Integer call() throws Exception {
        if (window.isZero() || window.isNegative() || window.compareTo(Duration.ofHours(1)) > 0) {
            say("--window must be above 0 and at most PT1H");
            return 2;
        }
        Instant from = time("--since", since);
        Instant to = until == null ? null : time("--until", until);
        if (to != null && !to.isAfter(from)) {
            say("--until must be after --since");
            return 2;
        }
        String token = Files.readString(tokenFile).trim();
        ExportState state = ExportState.resume(stateFile(out), out, from, to, fields);
        HttpClient http = client();
        long total = to == null ? -1 : windows(from, to);
        long done = windows(from, state.next());
        try (ProgressBar progress = progressBar(total, done)) {
            while (to == null || state.next().isBefore(to)) {
                Instant start = state.next();
                Instant end = start.plus(window);
                if (to != null && end.isAfter(to)) {
                    end = to;
                }
                Path temp = out.resolveSibling(out.getFileName() + ".window.tmp");
                WindowResult result = fetch(http, token, start, end, temp);
                if (result == WindowResult.OPEN) {
                    if (!follow) {
                        say("stopped at the watermark: the window from " + start + " is not closed yet; run again later"
                                + " (or with --follow) to go on from there");
                        return 0;
                    }
                    Thread.sleep(pause.toMillis());
                    continue;
                }
                state = state.appendWindow(temp, end);
                if (progress != null) {
                    progress.step();
                    progress.setExtraMessage(" up to " + end);
                }
            }
        }
        say("exported up to " + state.next() + " into " + out);
        return 0;
    }

    /** A message on the command's error stream (stderr, or what a caller of picocli set there), at once. */
    private void say(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(message);
        err.flush();
    }

    static Path stateFile(Path out) {
        return out.resolveSibling(out.getFileName() + ".export-state.json");
    }

    private long windows(Instant from, Instant to) {
        long nanos = Duration.between(from, to).toNanos();
        return (nanos + window.toNanos() - 1) / window.toNanos();
    }

    enum WindowResult { WRITTEN, OPEN }

    /**
     * The whole window into {@code temp} (following cut lines); OPEN when the server says it is not
     * closed. A refusal (429, 503), a failed connection or an answer that ends early is asked again
     * from the same cursor, the temporary file first cut back to where that answer began: what
     * earlier answers of the window brought is kept, so a rate limit that allows fewer calls at once
     * than a window has cuts still lets the window finish.
     */
    WindowResult fetch(HttpClient http, String token, Instant start, Instant end, Path temp) throws Exception {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            // Unbuffered: each whole line goes straight to the channel, so its position is where the next answer begins.
            OutputStream file = Channels.newOutputStream(channel);
            String cursor = null;
            while (true) {
                long answerStart = channel.position();
                StringBuilder q = new StringBuilder(PATH).append("?start=").append(nanos(start)).append("&end=").append(nanos(end));
                if (fields != null) {
                    q.append("&fields=").append(URLEncoder.encode(fields, StandardCharsets.UTF_8));
                }
                if (cursor != null) {
                    q.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                }
                HttpRequest request = HttpRequest.newBuilder(url.resolve(q.toString())).timeout(Duration.ofMinutes(10))
                        .header("Authorization", "Bearer " + token).header("Accept-Encoding", "gzip").GET().build();
                HttpResponse<InputStream> r;
                try {
                    r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                } catch (IOException e) {
                    say("asking " + start + ": " + e.getMessage() + "; trying again");
                    Thread.sleep(pause.toMillis());
                    continue;
                }
                if (r.statusCode() == 409) {
                    r.body().close();
                    return WindowResult.OPEN;
                }
                if (r.statusCode() == 429 || r.statusCode() == 503) {
                    r.body().close();
                    long seconds = Math.max(1, r.headers().firstValueAsLong("retry-after").orElse(pause.toSeconds()));
                    say("the query API answered " + r.statusCode() + " for " + start + "; asking again in "
                            + seconds + " s (Retry-After)");
                    Thread.sleep(Duration.ofSeconds(seconds).toMillis());
                    continue;
                }
                if (r.statusCode() != 200) {
                    String body;
                    try (InputStream in = r.body()) {
                        body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
                    }
                    throw new IOException("the query API answered " + r.statusCode() + " for " + start + ": " + body);
                }
                InputStream body = r.headers().firstValue("content-encoding").orElse("").equalsIgnoreCase("gzip")
                        ? new GZIPInputStream(r.body()) : r.body();
                String next;
                try (body) {
                    next = copyLines(body, file);
                } catch (IOException e) {
                    // The server resets an answer it cannot finish: never keep a part of one.
                    say("the answer for " + start + " ended early (" + e.getMessage() + "); asking again");
                    channel.truncate(answerStart);
                    channel.position(answerStart);
                    continue;
                }
                if (next == null) {
                    return WindowResult.WRITTEN;
                }
                say("the answer for " + start + " was cut at the server's size limit; asking for the rest from its cursor");
                cursor = next;
            }
        }
    }

    /**
     * Copies whole lines to {@code file}; a cut line is not copied, its cursor is returned (null
     * when the answer ended without one). A body that does not end with a newline is an IOException.
     */
    static String copyLines(InputStream in, OutputStream file) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        String cursor = null;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            for (int i = 0; i < n; i++) {
                line.write(buffer[i]);
                if (buffer[i] == '\n') {
                    byte[] bytes = line.toByteArray();
                    line.reset();
                    if (cursor != null) {
                        throw new IOException("a line after the cut line");
                    }
                    if (startsWith(bytes, "{\"cut\":")) {
                        cursor = JSON.readTree(bytes).path("cut").path("resume").path("cursor").asText(null);
                        if (cursor == null) {
                            throw new IOException("a cut line without a cursor");
                        }
                    } else {
                        file.write(bytes);
                    }
                }
            }
        }
        if (line.size() > 0) {
            throw new IOException("the answer ended inside a line");
        }
        return cursor;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (bytes[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant time(String option, String text) {
        String t = text.trim();
        if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
            return Instant.ofEpochSecond(Long.parseLong(t));
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(t, Instant::from);
        } catch (RuntimeException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new ExportCommand()),
                    option + " " + text + ": give RFC 3339 with an offset (2026-04-01T10:00:00Z) or unix seconds");
        }
    }

    private HttpClient client() throws Exception {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (caFile != null) {
            try (InputStream in = Files.newInputStream(caFile)) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trust.setCertificateEntry("ca-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                b.sslContext(context);
            }
        }
        return b.build();
    }

    private ProgressBar progressBar(long total, long done) {
        if (noProgress) {
            return null;
        }
        PrintStream stderr = System.err;
        return new ProgressBarBuilder().setTaskName("export").setInitialMax(total).startsFrom(done, Duration.ZERO)
                .setUnit(" windows", 1).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(stderr)).build();
    }

    /**
     * What a run has done: the next window's start and --out's length once the windows before it
     * were appended. Kept in a JSON file replaced atomically, with what the run was asked for, so a
     * resume with other options is refused rather than mixing two exports in one file.
     */
    record ExportState(Path file, Path out, Instant since, Instant until, String fields, Instant next, long outLength) {

        static ExportState resume(Path file, Path out, Instant since, Instant until, String fields) throws IOException {
            if (!Files.exists(file)) {
                if (Files.exists(out) && Files.size(out) > 0) {
                    throw new IOException(out + " exists without its state file " + file + ": choose another --out, or remove it");
                }
                ExportState fresh = new ExportState(file, out, since, until, fields, since, 0);
                fresh.save();
                return fresh;
            }
            JsonNode s = JSON.readTree(Files.readAllBytes(file));
            ExportState saved = new ExportState(file, out, Instant.parse(s.path("since").asText()),
                    s.hasNonNull("until") ? Instant.parse(s.get("until").asText()) : null,
                    s.hasNonNull("fields") ? s.get("fields").asText() : null, Instant.parse(s.path("next").asText()),
                    s.path("out_length").asLong());
            if (!saved.since.equals(since) || !java.util.Objects.equals(saved.until, until) || !java.util.Objects.equals(saved.fields, fields)) {
                throw new IOException(file + " is the state of another export (since " + saved.since + ", until " + saved.until
                        + ", fields " + saved.fields + "): give the same options, or another --out");
            }
            // A window appended after the last save is not recorded: cut it off, it is asked again.
            long length = Files.exists(out) ? Files.size(out) : 0;
            if (length < saved.outLength) {
                throw new IOException(out + " is shorter (" + length + " bytes) than its state file records (" + saved.outLength + ")");
            }
            if (length > saved.outLength) {
                try (FileChannel c = FileChannel.open(out, StandardOpenOption.WRITE)) {
                    c.truncate(saved.outLength);
                    c.force(true);
                }
            }
            return saved;
        }

        /** Appends the window's lines to --out, durably, then records the next window. */
        ExportState appendWindow(Path temp, Instant nextStart) throws IOException {
            long length;
            try (FileChannel target = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                 FileChannel source = FileChannel.open(temp, StandardOpenOption.READ)) {
                long size = source.size();
                for (long done = 0; done < size; ) {
                    done += source.transferTo(done, size - done, target);
                }
                target.force(true);
                length = target.size();
            }
            Files.delete(temp);
            ExportState next = new ExportState(file, out, since, until, fields, nextStart, length);
            next.save();
            return next;
        }

        void save() throws IOException {
            ObjectNode s = JSON.createObjectNode();
            s.put("since", since.toString());
            s.put("until", until == null ? null : until.toString());
            s.put("fields", fields);
            s.put("next", next.toString());
            s.put("out_length", outLength);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                c.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(s)));
                c.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
