package io.harbour.bench;

import io.harbour.stack.ReadinessProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The indexer in a process of its own, started as an operator would
 * ({@code java -cp cli/target/harbour.jar:cli/target/lib/* io.harbour.cli.HarbourCli indexer --config FILE}),
 * plus a GC log, so that its CPU time is its own and can be read from {@code /proc}. Ready once
 * its operational server's {@code /readyz} answers 200 (subscribed, Kafka and Elasticsearch answering).
 */
final class IndexerProcess {
    private static final int READY_SECONDS = 120;

    private final ChildProcesses.Child child;
    private final List<String> command;
    private final Path yaml;
    private final Path log;

    private IndexerProcess(ChildProcesses.Child child, List<String> command, Path yaml, Path log) {
        this.child = child;
        this.command = command;
        this.yaml = yaml;
        this.log = log;
    }

    /**
     * @param dir     where indexer.yaml, the log and the GC log go
     * @param group   the consumer group (the caller may set its offsets before the start)
     * @param jvmOpts extra JVM options (none by default: the JVM's default heap, as the launcher runs it)
     */
    static IndexerProcess start(ChildProcesses children, Path repo, Path dir, String bootstrapServers, URI elasticsearch,
                                String group, int httpPort, List<String> jvmOpts) throws IOException, InterruptedException {
        Path yaml = dir.resolve("indexer.yaml");
        Files.writeString(yaml, String.join("\n",
                "# written by the benchmark (io.harbour.bench.IndexerProcess); unnamed keys keep their defaults",
                "kafka:",
                "  bootstrap_servers: " + bootstrapServers,
                "  group_id: " + group,
                "elasticsearch:",
                "  urls: [" + elasticsearch + "]",
                "http:",
                "  enabled: true",
                "  host: 127.0.0.1",
                "  port: " + httpPort,
                ""));
        Path jar = repo.resolve("cli/target/harbour.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with `mvn -B -q install -DskipTests` first");
        }
        Path log = dir.resolve("indexer.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOpts);
        cmd.add("-Xlog:gc:file=" + dir.resolve("indexer-gc.log") + ":utctime");
        cmd.addAll(List.of("-cp", jar + ":" + repo.resolve("cli/target/lib") + "/*", "io.harbour.cli.HarbourCli",
                "indexer", "--config", yaml.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("HARBOUR_INDEXER_"));
        IndexerProcess indexer = new IndexerProcess(children.start("indexer", pb), cmd, yaml, log);
        indexer.awaitReady(URI.create("http://127.0.0.1:" + httpPort + "/readyz"));
        return indexer;
    }

    private void awaitReady(URI readyz) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            ReadinessProbe.await(http, readyz, Duration.ofSeconds(READY_SECONDS), this::checkAlive);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the indexer was " + e.getMessage() + "; see " + log + "\n" + tail());
        }
    }

    /** Throws, with the log's end, if the process has exited. */
    void checkAlive() throws IOException {
        if (!child.process().isAlive()) {
            throw new IllegalStateException("the indexer exited with code " + child.process().exitValue() + "; see " + log + "\n" + tail());
        }
    }

    String tail() throws IOException {
        return ChildProcesses.tail(log);
    }

    long pid() {
        return child.pid();
    }

    ChildProcesses.Child child() {
        return child;
    }

    List<String> command() {
        return command;
    }

    Path yaml() {
        return yaml;
    }
}
