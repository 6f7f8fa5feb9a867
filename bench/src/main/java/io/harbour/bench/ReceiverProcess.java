package io.harbour.bench;

import io.harbour.config.ConfigLoader;
import io.harbour.receiver.ReceiverConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The receiver in a process of its own, started exactly as an operator would
 * ({@code java -cp cli/target/harbour.jar:cli/target/lib/* io.harbour.cli.HarbourCli receiver --config FILE}),
 * plus a GC log, so that its CPU and memory are its own and can be read from {@code /proc}.
 */
final class ReceiverProcess {
    private static final int READY_SECONDS = 60;

    private final ChildProcesses.Child child;
    private final ReceiverConfig config;
    private final List<String> command;
    private final Path gcLog;
    private final Path log;

    private ReceiverProcess(ChildProcesses.Child child, ReceiverConfig config, List<String> command, Path gcLog, Path log) {
        this.child = child;
        this.config = config;
        this.command = command;
        this.gcLog = gcLog;
        this.log = log;
    }

    /**
     * @param repo    the work tree (cli/target/harbour.jar must be built)
     * @param dir     where receiver.yaml, the log and the GC log go
     * @param jvmOpts extra JVM options (none by default: the receiver runs as the launcher runs it)
     */
    static ReceiverProcess start(ChildProcesses children, Path repo, Path dir, int port, String bootstrapServers,
                                 BenchCertificates certs, BenchRealm realm, List<String> jvmOpts) throws IOException, InterruptedException {
        return start(children, repo, dir, port, bootstrapServers, certs, realm, jvmOpts, READY_SECONDS);
    }

    /** As above, waiting up to {@code readySeconds} for "receiver ready" (a start while Kafka is away waits for it). */
    static ReceiverProcess start(ChildProcesses children, Path repo, Path dir, int port, String bootstrapServers,
                                 BenchCertificates certs, BenchRealm realm, List<String> jvmOpts, int readySeconds)
            throws IOException, InterruptedException {
        Path yaml = dir.resolve("receiver.yaml");
        Files.writeString(yaml, yaml(port, bootstrapServers, certs, realm));
        // Parsed here as the receiver will parse it, so the report states the bounds in force.
        ReceiverConfig config = ConfigLoader.load(yaml, ReceiverConfig.defaults(), "HARBOUR_RECEIVER_", Map.of());
        Path jar = repo.resolve("cli/target/harbour.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build with `mvn -B -q install -DskipTests` first");
        }
        Path gcLog = dir.resolve("receiver-gc.log");
        Path log = dir.resolve("receiver.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOpts);
        cmd.add("-Xlog:gc:file=" + gcLog + ":utctime");
        cmd.addAll(List.of("-cp", jar + ":" + repo.resolve("cli/target/lib") + "/*", "io.harbour.cli.HarbourCli",
                "receiver", "--config", yaml.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        ChildProcesses.Child child = children.start("receiver", pb);
        ReceiverProcess receiver = new ReceiverProcess(child, config, cmd, gcLog, log);
        receiver.awaitReady(readySeconds);
        return receiver;
    }

    private static String yaml(int port, String bootstrapServers, BenchCertificates certs, BenchRealm realm) {
        return String.join("\n",
                "# written by the benchmark (io.harbour.bench.ReceiverProcess); unnamed keys keep their defaults",
                "http:",
                "  host: 127.0.0.1",
                "  port: " + port,
                "tls:",
                "  certificate_chain: " + certs.serverChain(),
                "  private_key: " + certs.serverKey(),
                "  client_auth: optional",
                "  client_ca: " + certs.caFile(),
                "realms_file: " + realm.file(),
                "kafka:",
                "  bootstrap_servers: " + bootstrapServers,
                "") ;
    }

    private void awaitReady(int readySeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + readySeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!child.process().isAlive()) {
                throw new IllegalStateException("the receiver exited with code " + child.process().exitValue() + "; see " + log
                        + "\n" + tail());
            }
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains("receiver ready at")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the receiver was not ready within " + readySeconds + " s; see " + log + "\n" + tail());
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

    ReceiverConfig config() {
        return config;
    }

    List<String> command() {
        return command;
    }

    Path gcLog() {
        return gcLog;
    }

    Path log() {
        return log;
    }
}
