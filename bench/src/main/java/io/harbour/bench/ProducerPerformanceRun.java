package io.harbour.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own {@code org.apache.kafka.tools.ProducerPerformance} in a child JVM: the same number
 * of records, drawn from a payload file that holds the very entries the receiver gets, to the
 * same broker with the receiver's producer settings. Its closing line is parsed for records/s;
 * its CPU time is read from {@code /proc} while it runs.
 *
 * <p>It has no warm-up option (kafka-tools 4.1.2) and starts a fresh JVM, so its closing figure
 * includes its JIT's warm-up, which the receiver, warmed until its JIT is quiet, does not pay in
 * its measured run. Its first progress line (every 5 s) is therefore also taken out: records/s
 * over the rest of the run is its warm rate, the fair one to set beside a warm receiver.
 */
final class ProducerPerformanceRun {
    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency"
                    + "(?:, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th)?");

    record Result(long records, double recordsPerSecond, double megabytesPerSecond, double avgLatencyMs,
                  String p50Ms, String p99Ms, double cpuSeconds, List<String> command, String summaryLine,
                  double warmRecordsPerSecond) {
    }

    private ProducerPerformanceRun() {
    }

    /**
     * @param producerProps the receiver's producer settings, as {@code name=value} (acks=all among them)
     */
    static Result run(ChildProcesses children, Path dir, Path payloadFile, String topic, long records,
                      Map<String, String> producerProps, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = dir.resolve("producer-performance.log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic", topic, "--num-records", Long.toString(records), "--throughput", "-1",
                "--payload-file", payloadFile.toString(), "--producer-props"));
        producerProps.forEach((k, v) -> cmd.add(k + "=" + v));
        ChildProcesses.Child child = children.start("ProducerPerformance",
                new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()));
        double cpu = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (child.process().isAlive() && System.nanoTime() < deadline) {
            double now = ProcFs.cpuSeconds(child.pid());
            cpu = Math.max(cpu, now);
            child.process().waitFor(100, TimeUnit.MILLISECONDS);
        }
        boolean finished = !child.process().isAlive();
        children.stop(child, 5);
        String log = Files.readString(out, StandardCharsets.UTF_8);
        if (!finished) {
            throw new IllegalStateException("ProducerPerformance did not finish within " + timeoutSeconds + " s; see " + out);
        }
        long firstRecords = 0;
        double firstRate = 0;
        for (String line : log.split("\n")) {
            Matcher m = SUMMARY.matcher(line);
            if (!m.find()) {
                continue;
            }
            if (m.group(6) == null) {
                if (firstRecords == 0) {
                    firstRecords = Long.parseLong(m.group(1));
                    firstRate = Double.parseDouble(m.group(2));
                }
            } else {
                // The closing line is the only one with percentiles.
                long total = Long.parseLong(m.group(1));
                double rate = Double.parseDouble(m.group(2));
                double warm = firstRecords > 0 && firstRecords < total
                        ? (total - firstRecords) / (total / rate - firstRecords / firstRate) : Double.NaN;
                return new Result(total, rate, Double.parseDouble(m.group(3)),
                        Double.parseDouble(m.group(4)), m.group(6), m.group(8), cpu, cmd, line.trim(), warm);
            }
        }
        throw new IllegalStateException("no closing summary line from ProducerPerformance; see " + out + ":\n" + log);
    }
}
