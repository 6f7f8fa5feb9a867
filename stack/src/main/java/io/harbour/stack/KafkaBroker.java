package io.harbour.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), run as a child
 * JVM so that it behaves like a real broker: SIGKILL is a real crash, and its Scala and logging
 * libraries stay off our classpath. The ports and the storage stay the same across
 * {@link #stop()} and {@link #start()}, so tests can take the broker away and bring it back.
 */
public final class KafkaBroker implements AutoCloseable {
    static final String NAME = "Kafka broker";
    static final String PID_FILE = "broker.pid";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Distributions dist;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;
    private Process watchdog;

    public KafkaBroker(Distributions dist, Path dir) {
        this.dist = dist;
        this.dir = dir.toAbsolutePath().normalize();
        this.port = FreePorts.pick();
        this.controllerPort = FreePorts.pick();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return dir.resolve("broker.log");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Formats the storage on first use, starts the broker and returns once it answers metadata. */
    public synchronized KafkaBroker start() {
        if (isRunning()) {
            return this;
        }
        long began = System.nanoTime();
        try {
            Files.createDirectories(dir);
            ProcessGuard.stopLeftover(NAME, pidFile(), dir.toString());
            StartChecks.diskSpace(NAME, dir, logFile());
            StartChecks.portsFree(NAME, logFile(), port, controllerPort);
            Path config = writeConfig();
            formatStorageOnce(config);
            process = java("kafka.Kafka", config.toString())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessGuard.writePid(pidFile(), process.pid());
        watchdog = ProcessGuard.watch(process.pid());
        awaitReady();
        LOG.info("{} started: {} (KRaft, pid {}, data {}) in {} ms", NAME, bootstrapServers(), process.pid(), dir,
                Duration.ofNanos(System.nanoTime() - began).toMillis());
        return this;
    }

    /** Graceful stop (SIGTERM, then SIGKILL after 30 s). */
    public synchronized void stop() {
        halt(false);
    }

    /** SIGKILL: a crash, as the fault tests need. */
    public synchronized void kill() {
        halt(true);
    }

    @Override
    public void close() {
        stop();
    }

    private void halt(boolean crash) {
        if (process == null) {
            return;
        }
        long pid = process.pid();
        if (crash) {
            process.destroyForcibly();
            ProcessGuard.stop(process.toHandle(), Duration.ZERO);
        } else {
            ProcessGuard.stop(process.toHandle(), Duration.ofSeconds(30));
        }
        watchdog.destroy();
        process = null;
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info("{} {} (pid {})", NAME, crash ? "killed" : "stopped", pid);
    }

    private Path pidFile() {
        return dir.resolve(PID_FILE);
    }

    private Path writeConfig() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "3");
        // One node: every internal topic at replication factor 1, or consumer groups never join.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        Path config = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "written by harbour-stack; ports are chosen at each start");
        }
        return config;
    }

    private void formatStorageOnce(Path config) throws IOException {
        if (Files.exists(dir.resolve("data/meta.properties"))) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        Process format = java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .start();
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                format.destroyForcibly();
                throw new StackStartException(NAME, "storage format did not finish within 60 s", logFile());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackStartException(NAME, "interrupted while formatting storage", logFile());
        }
        if (format.exitValue() != 0) {
            throw new StackStartException(NAME, "storage format exited with code " + format.exitValue(), logFile());
        }
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                // Marks the process as ours, so a leftover can be told from a recycled pid.
                "-Dharbour.stack.dir=" + dir,
                "-cp", dist.kafkaLibs() + File.separator + "*",
                mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                if (!process.isAlive()) {
                    int code = process.exitValue();
                    halt(true);
                    throw new StackStartException(NAME, "process exited with code " + code, logFile());
                }
                try {
                    // Admin clients log every refused connection; ask only once the port is open.
                    if (FreePorts.accepts(port) && !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // still starting
                }
                if (System.nanoTime() > deadline) {
                    halt(true);
                    throw new StackStartException(NAME, "no metadata answer within " + READY_TIMEOUT.toSeconds() + " s", logFile());
                }
                sleep(250);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
