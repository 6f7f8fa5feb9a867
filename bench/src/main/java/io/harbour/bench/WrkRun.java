package io.harbour.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (b)'s load: {@code wrk} over HTTPS keep-alive connections, one single-entry NDJSON
 * POST at a time per connection (a Lua script sets the method, body and headers), with
 * {@code --latency} for the percentiles. The same script serves the receiver and nginx.
 */
final class WrkRun {
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([\\d.]+)(us|ms|s)\\b");
    private static final Pattern P50 = Pattern.compile("\\s50%\\s+([\\d.]+)(us|ms|s)\\b");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([\\d.]+)(ms|s|m)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");

    record Result(String target, double requestsPerSecond, double p50Ms, double p99Ms, long requests, long non2xx,
                  String socketErrors, List<String> command, String output) {
    }

    private WrkRun() {
    }

    /** Writes the Lua script: POST, the entry plus its newline as the body, NDJSON, the write key. */
    static Path script(Path dir, String entry, String writeKey) throws IOException {
        if (entry.contains("]==]")) {
            throw new IllegalArgumentException("the entry cannot be quoted as a Lua long string");
        }
        Path lua = dir.resolve("post-entry.lua");
        Files.writeString(lua, String.join("\n",
                "-- written by the benchmark (io.harbour.bench.WrkRun): one LogHarbour entry per request",
                "wrk.method = \"POST\"",
                "wrk.body = [==[" + entry + "\n]==]",
                "wrk.headers[\"Content-Type\"] = \"application/x-ndjson\"",
                "wrk.headers[\"Authorization\"] = \"Bearer " + writeKey + "\"",
                ""));
        return lua;
    }

    static Result run(ChildProcesses children, Path dir, String target, String url, Path lua, int threads, int connections,
                      int seconds) throws IOException, InterruptedException {
        Path out = dir.resolve("wrk-" + target + "-" + seconds + "s.txt");
        List<String> cmd = List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "5s",
                "--latency", "-s", lua.toString(), url);
        ChildProcesses.Child wrk = children.start("wrk " + target,
                new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()));
        boolean finished = wrk.process().waitFor(seconds + 30L, TimeUnit.SECONDS);
        children.stop(wrk, 5);
        String output = Files.readString(out, StandardCharsets.UTF_8);
        if (!finished) {
            throw new IllegalStateException("wrk did not finish within " + (seconds + 30) + " s:\n" + output);
        }
        Matcher rps = REQUESTS_PER_SECOND.matcher(output);
        Matcher p99 = P99.matcher(output);
        Matcher p50 = P50.matcher(output);
        Matcher total = TOTAL.matcher(output);
        if (!rps.find() || !p99.find() || !p50.find() || !total.find()) {
            throw new IllegalStateException("cannot read wrk's output (" + out + "):\n" + output);
        }
        Matcher non2xx = NON_2XX.matcher(output);
        Matcher socketErrors = SOCKET_ERRORS.matcher(output);
        return new Result(target, Double.parseDouble(rps.group(1)), millis(p50), millis(p99), Long.parseLong(total.group(1)),
                non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors.find() ? socketErrors.group(1).trim() : "none",
                cmd, output);
    }

    private static double millis(Matcher m) {
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
