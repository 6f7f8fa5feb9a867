package io.harbour.faults;

import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.certs.ClientTls;
import io.harbour.realms.Capability;
import io.harbour.realms.Cidr;
import io.harbour.realms.QueryScope;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.stack.FreePorts;
import io.harbour.stack.LocalStack;
import io.harbour.traffic.TrafficGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * One run of the fault suite. Starts a fresh local Kafka broker and Elasticsearch node, a
 * development CA, a realm with a write key and a query token, then two receivers, one indexer and
 * the query API, each a process of its own. {@link #execute} sends the known set of logs while
 * {@link FaultSchedule} injects the faults, waits until the indexer's watermark closes the run's
 * window, reads back every id through the query API's export and counts.
 */
public final class FaultRun implements AutoCloseable {
    static final String REALM = "faults";

    /**
     * @param entries          logs in the known set (each with a unique id)
     * @param batchSize        logs per POST
     * @param senders          concurrent senders
     * @param entriesPerSecond the load's pace
     * @param kafkaOutage      how long the broker stays stopped
     * @param elasticOutage    how long the node stays stopped
     */
    public record Settings(int entries, int batchSize, int senders, double entriesPerSecond, Duration kafkaOutage,
                           Duration elasticOutage) {

        /** The issue's run (200,000 logs, Kafka down 20 s, Elasticsearch down 30 s); system properties harbour.faults.* change it. */
        public static Settings fromSystemProperties() {
            return new Settings(Integer.getInteger("harbour.faults.entries", 200_000),
                    Integer.getInteger("harbour.faults.batch", 200),
                    Integer.getInteger("harbour.faults.senders", 4),
                    Double.parseDouble(System.getProperty("harbour.faults.rate", "1200")),
                    Duration.ofSeconds(Long.getLong("harbour.faults.kafka_outage_seconds", 20)),
                    Duration.ofSeconds(Long.getLong("harbour.faults.elastic_outage_seconds", 30)));
        }
    }

    private final Path dir;
    private final LocalStack stack;
    private final HttpClient http;
    private final String writeKey;
    private final String queryToken;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final ServiceProcess receiverA;
    private final ServiceProcess receiverB;
    private final ServiceProcess indexer;
    private final ServiceProcess queryApi;
    private final URI receiverAUri;
    private final URI receiverBUri;
    private final URI queryApiUri;

    private FaultRun(Path repo, Path dir) throws IOException {
        this.dir = dir;
        wipeAllBut(dir, dir.resolve("stack"));
        this.stack = LocalStack.startFresh(dir.resolve("stack"), true);
        try {
            CertificateDirectory certs = CertificateDirectory.at(dir.resolve("certs"));
            CertificateAuthority ca = certs.createCa("CN=Harbour fault suite CA");
            certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
            SSLContext tls = ClientTls.jdkContext(List.of(ca.certificate()), null);
            this.http = HttpClient.newBuilder().sslContext(tls).sslParameters(ClientTls.jdkParameters(tls))
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

            Path realms = dir.resolve("realms.yaml");
            Files.deleteIfExists(realms);
            RealmFile realmFile = new RealmFile(realms);
            realmFile.createRealm(Realm.named(REALM));
            this.writeKey = realmFile.issueWriteKey(REALM, "fault suite load").key();
            // Debug entries are part of the known set, so the token that reads them back may read debug, from here.
            this.queryToken = realmFile.issueQueryToken(REALM, new QueryScope(QueryScope.Allowed.ALL, QueryScope.Allowed.ALL,
                    Set.of(Capability.DEBUG), List.of(Cidr.parse("127.0.0.1/32"))), "fault suite reader").key();

            int portA = FreePorts.pick();
            int portB = FreePorts.pick();
            int portIndexer = FreePorts.pick();
            int portQuery = FreePorts.pick();
            String kafka = stack.kafka().bootstrapServers();
            String elastic = stack.elasticsearch().httpUri().toString();
            Path chain = certs.chain("server");
            Path key = certs.privateKey("server");
            Path caFile = certs.certificate(CertificateDirectory.CA);

            receiverAUri = URI.create("https://127.0.0.1:" + portA);
            receiverBUri = URI.create("https://127.0.0.1:" + portB);
            queryApiUri = URI.create("https://127.0.0.1:" + portQuery);
            receiverA = service("receiver-a", repo, "receiver", ServiceConfigs.receiver(portA, chain, key, caFile, realms, kafka),
                    receiverAUri.resolve("/readyz"));
            receiverB = service("receiver-b", repo, "receiver", ServiceConfigs.receiver(portB, chain, key, caFile, realms, kafka),
                    receiverBUri.resolve("/readyz"));
            indexer = service("indexer", repo, "indexer", ServiceConfigs.indexer(portIndexer, kafka, elastic),
                    URI.create("http://127.0.0.1:" + portIndexer + "/readyz"));
            queryApi = service("query-api", repo, "query-api", ServiceConfigs.queryApi(portQuery, chain, key, realms, elastic),
                    queryApiUri.resolve("/readyz"));
            for (ServiceProcess s : services) {
                s.start();
            }
        } catch (RuntimeException | IOException e) {
            close();
            throw e;
        }
    }

    /** An earlier run's certificates, realm file and logs go; the stack's own start wipes its storage. */
    private static void wipeAllBut(Path dir, Path keep) throws IOException {
        Files.createDirectories(dir);
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !p.startsWith(keep)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Starts everything under {@code dir} (wiped first), with the launcher packaged in {@code repo}'s cli module. */
    public static FaultRun start(Path repo, Path dir) throws IOException {
        return new FaultRun(repo, dir);
    }

    private ServiceProcess service(String name, Path repo, String subcommand, String yaml, URI readyz) throws IOException {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, yaml);
        ServiceProcess s = new ServiceProcess(name, repo, subcommand, config, dir.resolve("logs").resolve(name + ".log"), readyz, http);
        services.add(s);
        return s;
    }

    /** Sends the known set while the faults happen, then reads everything back and counts. */
    public FaultReport execute(Settings settings) throws Exception {
        TrafficGenerator traffic = TrafficGenerator.builder().entries(settings.entries()).end(Instant.now())
                .span(Duration.ofHours(1)).build();
        List<LoadGenerator.Batch> batches = LoadGenerator.batches(traffic, settings.batchSize());
        LoadGenerator load = new LoadGenerator(new LoadGenerator.Settings(settings.batchSize(), settings.senders(),
                settings.entriesPerSecond(), Duration.ofMinutes(5)), List.of(receiverAUri, receiverBUri), writeKey, http);

        // Two tracks run side by side, so that every fault lands while logs are still flowing:
        // the ingest side (broker, receivers) and the indexing side (indexer, node).
        FaultSchedule ingestSide = new FaultSchedule()
                .at(0.15, "Kafka broker stopped for " + settings.kafkaOutage().toSeconds() + " s", () -> {
                    stack.kafka().stop();
                    Thread.sleep(settings.kafkaOutage().toMillis());
                    stack.kafka().start();
                })
                .at(0.45, "receiver-b restarted (SIGTERM, then started)", () -> {
                    receiverB.stop();
                    receiverB.start();
                });
        FaultSchedule indexingSide = new FaultSchedule()
                .at(0.03, "indexer SIGKILL 1 of 3, restarted", this::crashIndexer)
                .at(0.10, "indexer SIGKILL 2 of 3, restarted", this::crashIndexer)
                .at(0.18, "indexer SIGKILL 3 of 3, restarted", this::crashIndexer)
                .at(0.28, "Elasticsearch stopped for " + settings.elasticOutage().toSeconds() + " s", () -> {
                    stack.elasticsearch().stop();
                    Thread.sleep(settings.elasticOutage().toMillis());
                    stack.elasticsearch().start();
                });

        // Receive times are taken by the receivers from this clock; a second either side covers rounding.
        Instant windowStart = Instant.now().minusSeconds(1);
        long began = System.nanoTime();
        AtomicLong loadEnded = new AtomicLong();
        Thread sender = new Thread(() -> {
            try {
                load.run(batches);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                loadEnded.set(System.nanoTime());
            }
        }, "fault-load");
        // Daemons: a fault that fails the run must not leave a JVM waiting on the load.
        sender.setDaemon(true);
        sender.start();
        ExecutorService tracks = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fault-track");
            t.setDaemon(true);
            return t;
        });
        List<Future<List<FaultSchedule.Done>>> running = new ArrayList<>();
        for (FaultSchedule track : List.of(ingestSide, indexingSide)) {
            running.add(tracks.submit(() -> track.run(() -> load.acknowledged().size(), settings.entries(), () -> !sender.isAlive(), began)));
        }
        tracks.shutdown();
        List<FaultSchedule.Done> faults = new ArrayList<>();
        for (Future<List<FaultSchedule.Done>> track : running) {
            faults.addAll(track.get());
        }
        faults.sort(Comparator.comparingDouble(FaultSchedule.Done::atSeconds));
        sender.join();
        double loadSeconds = (loadEnded.get() - began) / 1e9;
        Instant windowEnd = Instant.now().plusSeconds(1);

        long closing = System.nanoTime();
        Map<String, Integer> found = new SearchableIds(queryApiUri, queryToken, http).read(windowStart, windowEnd, Duration.ofMinutes(10));
        double closeSeconds = (System.nanoTime() - closing) / 1e9;

        Set<String> acknowledged = load.acknowledged();
        Set<String> sent = new java.util.HashSet<>();
        batches.forEach(b -> sent.addAll(b.ids()));
        List<String> missing = acknowledged.stream().filter(id -> !found.containsKey(id)).sorted().toList();
        List<String> doubled = found.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        long unexpected = found.keySet().stream().filter(id -> !sent.contains(id)).count();
        return new FaultReport(settings, Instant.now().minusNanos(System.nanoTime() - began), load.counts(), faults, loadSeconds,
                closeSeconds, found.size(), missing.size(), doubled.size(), unexpected,
                missing.stream().limit(10).toList(), doubled.stream().limit(10).toList(), load.unexpectedBodies());
    }

    private void crashIndexer() {
        indexer.kill();
        indexer.start();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).stop();
            } catch (RuntimeException e) {
                System.err.println("fault suite: stopping " + services.get(i).name() + ": " + e);
            }
        }
        stack.close();
    }
}
