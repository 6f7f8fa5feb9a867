package io.harbour.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch from the integ-test zip, on loopback, security off for local use. Each node gets its own copy of {@code config/}, its own temp dir, data
 * and logs under the directory the caller names. As root it runs as {@link UnprivilegedUser};
 * it is stopped by the pid in its pidfile, since the process we start is only its launcher.
 */
public final class ElasticsearchNode implements AutoCloseable {
    static final String NAME = "Elasticsearch node";
    static final String PID_FILE = "elasticsearch.pid";
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchNode.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

    private final Distributions dist;
    private final Path dir;
    private final int httpPort;
    private final int transportPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path nodeDir;
    private Process launcher;
    private Process watchdog;
    private long serverPid;

    public ElasticsearchNode(Distributions dist, Path dir) {
        this.dist = dist;
        this.dir = dir.toAbsolutePath().normalize();
        this.httpPort = FreePorts.pick();
        this.transportPort = FreePorts.pick();
    }

    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** The launcher's output; the node's own logs sit beside it. */
    public Path logFile() {
        return dir.resolve("logs/console.log");
    }

    public synchronized boolean isRunning() {
        return launcher != null && launcher.isAlive();
    }

    public synchronized ElasticsearchNode start() {
        if (isRunning()) {
            return this;
        }
        long began = System.nanoTime();
        try {
            nodeDir = prepareDirectories();
            ProcessGuard.stopLeftover(NAME, pidFile(), nodeDir.toString());
            StartChecks.diskSpace(NAME, nodeDir, logFile());
            StartChecks.portsFree(NAME, logFile(), httpPort, transportPort);
            writeConfig();
            if (UnprivilegedUser.weAreRoot()) {
                UnprivilegedUser.own(nodeDir);
            }
            launcher = launcherProcess().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady();
        serverPid = ProcessGuard.readPid(pidFile())
                .orElseThrow(() -> new StackStartException(NAME, "no pid in " + pidFile(), logFile()));
        watchdog = ProcessGuard.watch(serverPid);
        LOG.info("{} started: {} (Elasticsearch {}, pid {}, data {}) in {} ms", NAME, httpUri(),
                dist.elasticsearchVersion(), serverPid, nodeDir, Duration.ofNanos(System.nanoTime() - began).toMillis());
        return this;
    }

    public synchronized void stop() {
        halt(false);
    }

    /** SIGKILL of the node itself, as a crash would be. */
    public synchronized void kill() {
        halt(true);
    }

    @Override
    public void close() {
        stop();
    }

    private void halt(boolean crash) {
        if (launcher == null) {
            return;
        }
        long pid = serverPid != 0 ? serverPid : ProcessGuard.readPid(pidFile()).orElse(0L);
        ProcessHandle.of(pid).ifPresent(p -> {
            if (crash) {
                p.destroyForcibly();
            }
            ProcessGuard.stop(p, Duration.ofSeconds(30));
        });
        ProcessGuard.stop(launcher.toHandle(), Duration.ofSeconds(10));
        if (watchdog != null) {
            watchdog.destroy();
        }
        launcher = null;
        watchdog = null;
        serverPid = 0;
        LOG.info("{} {} (pid {})", NAME, crash ? "killed" : "stopped", pid);
    }

    private Path pidFile() {
        return nodeDir.resolve(PID_FILE);
    }

    /**
     * As root, the node's account must reach its directory; a directory under root's home is out
     * of its reach, so the node then lives under /var/tmp and {@code dir} links to it.
     */
    private Path prepareDirectories() throws IOException {
        Path real = dir;
        if (UnprivilegedUser.weAreRoot()) {
            UnprivilegedUser.ensureExists();
            if (!UnprivilegedUser.can("-r", dist.elasticsearchHome().resolve("lib"))) {
                throw new StackStartException(NAME, "user " + UnprivilegedUser.NAME + " cannot read "
                        + dist.elasticsearchHome() + "; build as root so it is unpacked under /var/cache/harbour, or set HARBOUR_ES_HOME",
                        logFile());
            }
            Files.createDirectories(dir.getParent());
            if (!UnprivilegedUser.can("-x", dir.getParent())) {
                real = Path.of("/var/tmp/harbour-es", sha(dir.toString()));
                Files.createDirectories(real);
                if (!Files.isSymbolicLink(dir)) {
                    Files.createSymbolicLink(dir, real);
                }
            }
        }
        for (String sub : List.of("data", "logs", "tmp", "config")) {
            Files.createDirectories(real.resolve(sub));
        }
        return real;
    }

    private void writeConfig() throws IOException {
        Path config = nodeDir.resolve("config");
        Path source = dist.elasticsearchHome().resolve("config");
        // A fresh copy at each start, so nothing a node wrote into its config (a keystore) lingers.
        FileTrees.delete(config);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = config.resolve(source.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(config.resolve("elasticsearch.yml"), String.join("\n",
                "# written by harbour-stack at each start",
                "cluster.name: harbour-local",
                "node.name: harbour-node",
                "discovery.type: single-node",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + transportPort,
                "path.data: " + nodeDir.resolve("data"),
                "path.logs: " + nodeDir.resolve("logs"),
                // Local use only; this also stops the security auto-configuration (TLS on HTTP).
                "xpack.security.enabled: false",
                // Local use: tests and `harbour up` delete indices by pattern.
                "action.destructive_requires_name: false",
                ""));
        // The stock jvm.options points GC logs and heap dumps at paths relative to the
        // distribution, which the node's account may not write.
        Path jvmOptions = config.resolve("jvm.options");
        String logs = nodeDir.resolve("logs") + "/";
        String options = Files.readString(jvmOptions)
                .replace("file=logs/", "file=" + logs)
                .replace("ErrorFile=logs/", "ErrorFile=" + logs)
                .replace("HeapDumpPath=data", "HeapDumpPath=" + nodeDir.resolve("data"));
        Files.writeString(jvmOptions, options);
        Files.writeString(config.resolve("jvm.options.d/harbour-heap.options"), "-Xms512m\n-Xmx512m\n");
    }

    private ProcessBuilder launcherProcess() {
        Map<String, String> env = Map.of(
                "ES_JAVA_HOME", System.getProperty("java.home"),
                "ES_PATH_CONF", nodeDir.resolve("config").toString(),
                "ES_TMPDIR", nodeDir.resolve("tmp").toString(),
                // Marks the server JVM as ours, so a leftover can be told from a recycled pid.
                "ES_JAVA_OPTS", "-Dharbour.stack.dir=" + nodeDir);
        List<String> cmd = UnprivilegedUser.weAreRoot() ? UnprivilegedUser.runAs() : new java.util.ArrayList<>();
        cmd.add("env");
        cmd.addAll(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toList()));
        cmd.add(dist.elasticsearchHome().resolve("bin/elasticsearch").toString());
        cmd.add("-p");
        cmd.add(pidFile().toString());
        return new ProcessBuilder(cmd)
                .directory(nodeDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(httpUri().resolve("/_cluster/health?wait_for_status=yellow&timeout=2s"))
                .timeout(Duration.ofSeconds(5)).build();
        while (true) {
            if (!launcher.isAlive()) {
                int code = launcher.exitValue();
                halt(true);
                throw new StackStartException(NAME, "process exited with code " + code, logFile());
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && (r.body().contains("\"status\":\"green\"") || r.body().contains("\"status\":\"yellow\""))) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                halt(true);
                throw new StackStartException(NAME, "interrupted while waiting for cluster health", logFile());
            }
            if (System.nanoTime() > deadline) {
                halt(true);
                throw new StackStartException(NAME, "cluster health not yellow or green within " + READY_TIMEOUT.toSeconds() + " s", logFile());
            }
            KafkaBroker.sleep(500);
        }
    }

    private static String sha(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
