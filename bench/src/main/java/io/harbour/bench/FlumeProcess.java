package io.harbour.bench;

import io.harbour.certs.TlsPolicy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Apache Flume 1.11.0 as its own process, the peer of phases flume and flume-outage:
 * {@code java -cp 'bench/target/flume/lib/*' org.apache.flume.node.Application -n agent -f flume.conf --no-reload-conf},
 * with a configuration the benchmark writes: Flume's HTTP source on 127.0.0.1 over TLS (Jetty, the
 * bench's server chain and key from a PKCS#12 store) with its default {@code JSONHandler}, a memory
 * channel, and Flume's Kafka sink with {@code acks=all} set explicitly (Flume's default is
 * {@code acks=1}) and otherwise the receiver's own producer settings. Flume's libraries are its
 * own ({@code bench/flume/pom.xml}), never on the benchmark's classpath.
 */
final class FlumeProcess {
    static final String AGENT = "agent";
    static final String MAIN_CLASS = "org.apache.flume.node.Application";
    private static final int READY_SECONDS = 90;

    /**
     * What the benchmark configures.
     *
     * @param channelCapacity            the memory channel's capacity, in events
     * @param transactionCapacity        the most events one put or take may hold (at least one request's batch)
     * @param sinkBatch                  events the Kafka sink takes from the channel per transaction ({@code flumeBatchSize})
     * @param sinks                      Kafka sinks draining the one channel, each its own thread and producer
     * @param producer                   {@code kafka.producer.*} properties of each sink
     */
    record Settings(int port, String bootstrapServers, String topic, int channelCapacity, int transactionCapacity,
                    int sinkBatch, int sinks, Map<String, String> producer, List<String> jvmOpts) {
    }

    private final ChildProcesses.Child child;
    private final List<String> command;
    private final Path config;
    private final Path log;
    private final Settings settings;

    private FlumeProcess(ChildProcesses.Child child, List<String> command, Path config, Path log, Settings settings) {
        this.child = child;
        this.command = command;
        this.config = config;
        this.log = log;
        this.settings = settings;
    }

    /** The folder bench/pom.xml fills at package time (via bench/flume/pom.xml). */
    static Path libs(Path repo) {
        return repo.resolve("bench/target/flume/lib");
    }

    /** Writes {@code dir/flume.conf}, starts the agent and returns once its HTTPS port accepts connections. */
    static FlumeProcess start(ChildProcesses children, Path repo, Path dir, BenchCertificates certs, Settings s)
            throws IOException, InterruptedException {
        Path libs = libs(repo);
        if (!Files.isRegularFile(libs.resolve("flume-ng-node-1.11.0.jar"))) {
            throw new IllegalStateException(libs + " holds no Flume 1.11.0: build bench with "
                    + "`mvn -B -q install -DskipTests -pl cli,bench -am` (without -Dharbour.bench.skipFlume)");
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("flume.conf");
        Files.writeString(config, configuration(s, certs));
        Path log = dir.resolve("flume.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(s.jvmOpts());
        cmd.add("-Xlog:gc:file=" + dir.resolve("flume-gc.log") + ":utctime");
        cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn",
                "-Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=warn",
                "-cp", libs + "/*", MAIN_CLASS, "-n", AGENT, "-f", config.toString(), "--no-reload-conf"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        ChildProcesses.Child child = children.start("flume", pb);
        FlumeProcess flume = new FlumeProcess(child, cmd, config, log, s);
        flume.awaitReady();
        return flume;
    }

    /** The agent's configuration, as Flume's properties format. */
    static String configuration(Settings s, BenchCertificates certs) {
        Map<String, String> p = new LinkedHashMap<>();
        List<String> sinkNames = new ArrayList<>();
        for (int i = 1; i <= s.sinks(); i++) {
            sinkNames.add("kafka" + i);
        }
        p.put("sources", "http");
        p.put("channels", "mem");
        p.put("sinks", String.join(" ", sinkNames));
        p.put("sources.http.type", "http");
        p.put("sources.http.bind", "127.0.0.1");
        p.put("sources.http.port", Integer.toString(s.port()));
        p.put("sources.http.channels", "mem");
        p.put("sources.http.handler", "org.apache.flume.source.http.JSONHandler");
        p.put("sources.http.ssl", "true");
        p.put("sources.http.keystore", certs.serverKeystore().toString());
        p.put("sources.http.keystore-password", BenchCertificates.KEYSTORE_PASSWORD);
        p.put("sources.http.keystore-type", "PKCS12");
        // The receiver's TLS policy: TLS 1.3 and 1.2 only, its suites (forward secrecy, AEAD) and no others.
        p.put("sources.http.include-protocols", String.join(" ", TlsPolicy.PROTOCOLS));
        p.put("sources.http.include-cipher-suites", String.join(" ", TlsPolicy.CIPHER_SUITES));
        p.put("channels.mem.type", "memory");
        p.put("channels.mem.capacity", Integer.toString(s.channelCapacity()));
        p.put("channels.mem.transactionCapacity", Integer.toString(s.transactionCapacity()));
        for (String sink : sinkNames) {
            String k = "sinks." + sink + ".";
            p.put(k + "type", "org.apache.flume.sink.kafka.KafkaSink");
            p.put(k + "channel", "mem");
            p.put(k + "kafka.bootstrap.servers", s.bootstrapServers());
            p.put(k + "kafka.topic", s.topic());
            p.put(k + "flumeBatchSize", Integer.toString(s.sinkBatch()));
            // Set explicitly: Flume's Kafka sink defaults to acks=1.
            p.put(k + "kafka.producer.acks", "all");
            s.producer().forEach((name, value) -> {
                if (!name.equals("acks")) {
                    p.put(k + "kafka.producer." + name, value);
                }
            });
        }
        StringBuilder out = new StringBuilder("# written by the benchmark (io.harbour.bench.FlumeProcess)\n");
        p.forEach((name, value) -> out.append(AGENT).append('.').append(name).append(" = ").append(value).append('\n'));
        return out.toString();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!child.process().isAlive()) {
                throw new IllegalStateException("Flume exited with code " + child.process().exitValue() + "; see " + log + "\n" + tail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", settings.port()), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("Flume's HTTP source was not listening within " + READY_SECONDS + " s; see " + log + "\n" + tail());
    }

    String tail() throws IOException {
        return ChildProcesses.tail(log);
    }

    /** How many times Flume's Kafka sink logged a failed transaction (rolled back, taken again later) so far. */
    long sinkFailuresLogged() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("ERROR org.apache.flume.sink.kafka.KafkaSink - Failed to publish events")).count();
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

    Path config() {
        return config;
    }

    Path log() {
        return log;
    }

    Settings settings() {
        return settings;
    }
}
