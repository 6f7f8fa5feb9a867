package io.harbour.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.certs.ClientTls;
import io.harbour.config.ConfigLoader;
import io.harbour.model.Json;
import io.harbour.realms.Cidr;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.receiver.ReceiverConfig;
import io.harbour.receiver.http.HostileCorpus;
import io.harbour.receiver.http.HostileCorpus.Answer;
import io.harbour.stack.FreePorts;
import io.harbour.stack.LocalStack;
import io.harbour.stack.ProcessGuard;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The receiver's memory under the hostile-input corpus, measured on the receiver alone: it runs
 * as its own process, started as an operator starts it ({@code java -Xmx512m -cp
 * cli/target/harbour.jar:cli/target/lib/* io.harbour.cli.HarbourCli receiver --config FILE}),
 * against a Kafka broker of this class's own. The corpus ({@code
 * receiver/src/test/resources/hostile/cases.ndjson}, read with {@link HostileCorpus} from the
 * receiver's test jar; every case, its write keys replaced by real ones) is sent once in order,
 * then its heaviest cases (100 MB bodies with Content-Length and chunked, 512 MiB and 65 MiB gzip
 * bombs, 2,000-header floods, 10,000-deep nesting, a 1 MiB item) by four senders at once, twice.
 * Each case must get its expected status. VmRSS is sampled from {@code /proc/PID/status} every
 * 20 ms and VmHWM (the kernel's own peak) read at the end; the peak must stay under
 * {@link #RSS_BOUND_MIB}, and the receiver must still take a good log.
 *
 * <p>The bound: the heap is capped at 512 MiB; Netty's pooled direct buffers may take as much
 * again by default ({@code -XX:MaxDirectMemorySize} defaults to the heap cap), and metaspace,
 * code cache, thread stacks and BoringSSL add about 100 MiB. 1,200 MiB is that sum with room;
 * a leak that retained refused bodies would pass it within the first heavy round.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRssIT {
    static final String XMX = "-Xmx512m";
    static final long RSS_BOUND_MIB = 1200;
    private static final List<String> HEAVY = List.of("big-100MB-content-length", "big-100MB-chunked", "gzip-bomb-512MiB",
            "gzip-bomb-65MiB", "header-flood-2000", "deep-10000-arrays", "deep-10000-objects", "deep-10000-in-data",
            "big-one-item-over-1MiB", "big-16MiB-plus-one");

    Path repo;
    Path dir;
    LocalStack stack;
    Process receiver;
    Process watchdog;
    int port;
    SSLContext tls;
    HostileCorpus.Keys keys;
    final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        repo = Path.of(System.getProperty("harbour.repo", "..")).toAbsolutePath().normalize();
        dir = Path.of("target/hostile-rss").toAbsolutePath();
        Path jar = repo.resolve("cli/target/harbour.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: package the cli module first (mvn -B install -DskipTests -pl cli -am)");
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        stack = LocalStack.startFresh(dir.resolve("stack"), false);

        CertificateDirectory certs = CertificateDirectory.at(dir.resolve("certs"));
        CertificateAuthority ca = certs.createCa("CN=Harbour hostile RSS CA");
        certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        tls = ClientTls.jdkContext(List.of(ca.certificate()), null);
        RealmFile realms = new RealmFile(dir.resolve("realms.yaml"));
        realms.createRealm(Realm.named("hostile"));
        // Keys of this realm are refused from 127.0.0.1: the corpus's "blocked" sender, answered 403.
        realms.createRealm(new Realm("blocked", List.of(Cidr.parse("10.0.0.0/8")), true, List.of(), List.of(), List.of()));
        keys = new HostileCorpus.Keys(realms.issueWriteKey("hostile", "hostile rss").key(),
                realms.issueWriteKey("blocked", "hostile rss").key());

        port = FreePorts.pick();
        Path yaml = dir.resolve("receiver.yaml");
        // The corpus's slow-sender cases expect a 1 s header and a 2 s body timeout; every other key keeps its default.
        Files.writeString(yaml, String.join("\n",
                "http:", "  host: 127.0.0.1", "  port: " + port, "  header_timeout: PT1S", "  body_timeout: PT2S",
                "tls:", "  certificate_chain: " + certs.chain("server"), "  private_key: " + certs.privateKey("server"),
                "  client_auth: optional", "  client_ca: " + certs.certificate(CertificateDirectory.CA),
                "realms_file: " + realms.path(),
                "kafka:", "  bootstrap_servers: " + stack.kafka().bootstrapServers(), ""));
        ReceiverConfig config = ConfigLoader.load(yaml, ReceiverConfig.defaults(), "HARBOUR_RECEIVER_", Map.of());
        assertEquals(Duration.ofSeconds(1), config.http().headerTimeout(), "receiver.yaml read as meant");
        assertEquals(Duration.ofSeconds(2), config.http().bodyTimeout(), "receiver.yaml read as meant");

        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), XMX,
                "-cp", jar + File.pathSeparator + repo.resolve("cli/target/lib") + "/*", "io.harbour.cli.HarbourCli",
                "receiver", "--config", yaml.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("receiver.log").toFile()).redirectInput(new File("/dev/null"));
        pb.environment().keySet().removeIf(k -> k.startsWith("HARBOUR_"));
        receiver = pb.start();
        watchdog = ProcessGuard.watch(receiver.pid());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!ready()) {
            assertTrue(receiver.isAlive(), "the receiver exited with " + (receiver.isAlive() ? "" : receiver.exitValue()) + "; see "
                    + dir.resolve("receiver.log"));
            assertTrue(System.nanoTime() < deadline, "the receiver was not ready in 2 minutes; see " + dir.resolve("receiver.log"));
            Thread.sleep(250);
        }
    }

    private boolean ready() {
        try {
            return raw("GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").statuses().equals(List.of(200));
        } catch (IOException | RuntimeException notYet) {
            return false;
        }
    }

    @AfterAll
    void stop() {
        if (receiver != null) {
            ProcessGuard.stop(receiver.toHandle(), Duration.ofSeconds(30));
        }
        if (watchdog != null) {
            watchdog.destroy();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theReceiversRssStaysBoundedUnderTheHostileCorpus() throws Exception {
        List<JsonNode> cases = HostileCorpus.cases();
        assertTrue(cases.size() >= 200, "the corpus: " + cases.size());
        long pid = receiver.pid();
        long baselineKib = status(pid, "VmRSS");
        AtomicLong peakKib = new AtomicLong(baselineKib);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peakKib.accumulateAndGet(status(pid, "VmRSS"), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long began = System.nanoTime();
        List<String> failures = new ArrayList<>();
        for (JsonNode c : cases) {
            check(c, failures);
        }
        long serialKib = peakKib.get();
        double serialSeconds = (System.nanoTime() - began) / 1e9;
        List<JsonNode> heavy = cases.stream().filter(c -> HEAVY.contains(c.get("name").asText())).toList();
        assertEquals(HEAVY.size(), heavy.size(), "the heavy cases are in the corpus");
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 2; round++) {
                List<Future<?>> running = new ArrayList<>();
                for (int s = 0; s < 4; s++) {
                    int offset = s;
                    running.add(senders.submit(() -> {
                        for (int i = 0; i < heavy.size(); i++) {
                            check(heavy.get((i + offset * 3) % heavy.size()), failures);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(5, TimeUnit.MINUTES);
                }
            }
        } finally {
            senders.shutdownNow();
        }
        Answer good = send(Json.mapper().readTree("{\"name\":\"good\",\"method\":\"POST\",\"path\":\"/api/v1/logharbour/entries\","
                + "\"headers\":[[\"X-Harbour-Key\",\"hostile\"]],\"body\":\"{\\\"app\\\":\\\"after\\\",\\\"when\\\":\\\"2026-11-23T05:56:38Z\\\"}\"}"));
        sampling.set(false);
        sampler.join();
        long hwmKib = status(pid, "VmHWM");
        long peak = Math.max(peakKib.get(), hwmKib);
        String summary = String.format("HostileRssIT: receiver %s, %d corpus cases in order in %.1f s, then %d heavy cases x 4 senders x 2 "
                        + "rounds in %.1f s in all; RSS %d MiB when ready, peak %d MiB after the serial pass, peak %d MiB sampled, "
                        + "VmHWM %d MiB; bound %d MiB", XMX, cases.size(), serialSeconds, heavy.size(), (System.nanoTime() - began) / 1e9,
                baselineKib / 1024, serialKib / 1024, peakKib.get() / 1024, hwmKib / 1024, RSS_BOUND_MIB);
        System.out.println(summary);
        Files.writeString(dir.resolve("rss.txt"), summary + "\n");
        assertTrue(failures.isEmpty(), failures.size() + " cases failed:\n" + String.join("\n", failures));
        assertTrue(receiver.isAlive(), "the receiver is still running");
        assertEquals(List.of(202), good.statuses(), "the receiver still takes a log: " + good.text());
        assertTrue(peak < RSS_BOUND_MIB * 1024, "peak RSS " + peak / 1024 + " MiB, bound " + RSS_BOUND_MIB + " MiB");
    }

    private void check(JsonNode c, List<String> failures) {
        String name = c.get("name").asText();
        try {
            Answer a = send(c);
            int expect = c.get("expect").asInt();
            if (!a.statuses().equals(List.of(expect))) {
                synchronized (failures) {
                    failures.add(name + ": expected " + expect + ", got " + a.statuses() + " " + a.text());
                }
            }
        } catch (Exception e) {
            synchronized (failures) {
                failures.add(name + ": " + e);
            }
        }
    }

    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return 0;
        } catch (IOException e) {
            return 0; // the process is gone: no figure
        }
    }

    // ---- sending, as HostileInputIT sends (HostileCorpus: raw HTTP/1.1, one TLS connection per case) ----

    private Answer send(JsonNode c) throws Exception {
        // made once: a 512 MiB bomb takes seconds of CPU to compress, and the senders share it
        byte[] body = HostileCorpus.kind(c).equals("gzip_bomb")
                ? bodies.computeIfAbsent(c.get("name").asText(), n -> HostileCorpus.body(c)) : HostileCorpus.body(c);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.setSSLParameters(ClientTls.jdkParameters(tls));
            return HostileCorpus.exchange(socket, c, body, keys, 300);
        }
    }

    private Answer raw(String request) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.setSSLParameters(ClientTls.jdkParameters(tls));
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return HostileCorpus.read(socket, 300);
        }
    }
}
