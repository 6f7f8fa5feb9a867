package io.harbour.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.certs.ClientTls;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.model.Json;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.receiver.ReceiverConfig;
import io.harbour.receiver.http.HostileCorpus;
import io.harbour.stack.FreePorts;
import io.harbour.stack.LocalStack;
import io.harbour.traffic.TrafficGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SIGTERM, as a container engine or systemd stops a service, sent to {@code harbour receiver} and
 * {@code harbour indexer} running as processes of their own ({@link ServiceProcess}, started as an
 * operator starts them), over this class's own Kafka broker and Elasticsearch node. What the
 * in-process tests show of {@code close()} (ReceiverGracefulCloseIT, IndexerGracefulCloseIT) is
 * here what the shutdown hooks really do: the receiver answers a request whose body is still
 * arriving when the signal comes, its record is in Kafka, and it exits; the indexer stopped
 * mid-stream exits having committed exactly what it stored.
 *
 * <p>Exit status: the JVM ends a process stopped by SIGTERM with 128 + 15 once its shutdown hooks
 * have run, whatever the command returns (docs/operations.md, "Graceful shutdown, tested"); a
 * process that needed ServiceProcess's SIGKILL after 60 s would show 137 instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GracefulStopIT {
    static final int EXIT_AFTER_SIGTERM = 128 + 15;
    static final String REALM = "graceful";
    /** The group the suite's indexer configuration names (ServiceConfigs.indexer). */
    static final String GROUP = "harbour-faults";
    static final int RECORDS = 40_000;

    Path repo;
    Path dir;
    LocalStack stack;
    HttpClient http;
    SSLContext tls;
    Path realms;
    Path chain;
    Path key;
    Path caFile;
    String writeKey;
    String logharbourTopic;

    @BeforeAll
    void start() throws Exception {
        repo = Path.of(System.getProperty("harbour.repo", "..")).toAbsolutePath().normalize();
        dir = Path.of("target/graceful-stop").toAbsolutePath();
        Files.createDirectories(dir);
        stack = LocalStack.startFresh(dir.resolve("stack"), true);
        CertificateDirectory certs = CertificateDirectory.at(dir.resolve("certs-" + System.nanoTime()));
        CertificateAuthority ca = certs.createCa("CN=Harbour graceful stop CA");
        certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        chain = certs.chain("server");
        key = certs.privateKey("server");
        caFile = certs.certificate(CertificateDirectory.CA);
        tls = ClientTls.jdkContext(List.of(ca.certificate()), null);
        http = HttpClient.newBuilder().sslContext(tls).sslParameters(ClientTls.jdkParameters(tls))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        realms = dir.resolve("realms.yaml");
        Files.deleteIfExists(realms);
        RealmFile realmFile = new RealmFile(realms);
        realmFile.createRealm(Realm.named(REALM));
        writeKey = realmFile.issueWriteKey(REALM, "graceful stop").key();
        logharbourTopic = ReceiverConfig.defaults().kafka().topics().get("logharbour");
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aReceiverStoppedMidRequestAnswersItAndExits() throws Exception {
        int port = FreePorts.pick();
        ServiceProcess receiver = receiver(port);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            socket.setSSLParameters(ClientTls.jdkParameters(tls));
            LoadGenerator.Batch batch = LoadGenerator.batches(TrafficGenerator.builder().entries(1).end(Instant.now())
                    .span(Duration.ofMinutes(1)).build(), 1).get(0);
            byte[] body = batch.body();
            int half = body.length / 2;
            OutputStream out = socket.getOutputStream();
            // Expect: 100-continue, so that the receiver's "100 Continue" proves it has the request
            // under way (headers read, sender authenticated, budget reserved) before the signal.
            out.write(("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + writeKey
                    + "\r\nContent-Type: application/x-ndjson\r\nExpect: 100-continue\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(head(socket.getInputStream()).startsWith("HTTP/1.1 100 "), "the receiver asks for the body");
            out.write(body, 0, half);
            out.flush();

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(receiver::stop);
            // Polled until the listener is closed: the shutdown hook is draining from then on.
            while (!refused(port)) {
                assertFalse(stopping.isDone(), "the receiver exited before it stopped listening");
                Thread.sleep(50);
            }
            assertFalse(stopping.isDone(), "the receiver waits for the request in progress");

            out.write(body, half, body.length - half);
            out.flush();
            HostileCorpus.Answer answer = HostileCorpus.read(socket, 10_000);
            assertEquals(List.of(202), answer.statuses(), answer.text());
            JsonNode accepted = Json.mapper().readTree(answer.body());
            assertEquals(1, accepted.get("accepted").asInt(), answer.text());

            stopping.get(90, TimeUnit.SECONDS);
            assertEquals(OptionalInt.of(EXIT_AFTER_SIGTERM), receiver.exitStatus(), "see " + receiver.log());
            String id = batch.ids().get(0);
            assertTrue(topicHolds(logharbourTopic, id), "the 202'd record " + id + " is in " + logharbourTopic);
        } finally {
            receiver.stop();
        }
    }

    @Test
    void anIndexerStoppedMidStreamCommitsWhatItStoredAndExits() throws Exception {
        // The records first, all in Kafka before the indexer starts, so that the stop comes mid-stream.
        int receiverPort = FreePorts.pick();
        ServiceProcess receiver = receiver(receiverPort);
        LoadGenerator load;
        try {
            List<LoadGenerator.Batch> batches = LoadGenerator.batches(TrafficGenerator.builder().entries(RECORDS).end(Instant.now())
                    .span(Duration.ofHours(1)).build(), 500);
            load = new LoadGenerator(new LoadGenerator.Settings(500, 2, 1e9, Duration.ofMinutes(2)),
                    List.of(URI.create("https://127.0.0.1:" + receiverPort)), writeKey, http);
            load.run(batches);
        } finally {
            receiver.stop();
        }
        assertEquals(RECORDS, load.acknowledged().size(), load.counts().toString());

        int port = FreePorts.pick();
        ServiceProcess indexer = service("indexer", "indexer",
                ServiceConfigs.indexer(port, stack.kafka().bootstrapServers(), stack.elasticsearch().httpUri().toString()),
                URI.create("http://127.0.0.1:" + port + "/readyz"));
        try {
            indexer.start();
            while (stored() < RECORDS / 20) {
                assertTrue(indexer.exitStatus().isEmpty(), "the indexer exited on its own; see " + indexer.log());
                Thread.sleep(200);
            }
            indexer.stop();
            assertEquals(OptionalInt.of(EXIT_AFTER_SIGTERM), indexer.exitStatus(), "see " + indexer.log());
        } finally {
            indexer.stop();
        }
        long committed = committedRecords();
        long stored = stored();
        System.out.printf("GracefulStopIT: indexer stopped by SIGTERM at %d stored, %d committed of %d%n", stored, committed, RECORDS);
        assertTrue(committed < RECORDS, "the stop came mid-stream (" + committed + " of " + RECORDS + " committed)");
        assertEquals(stored, committed, "the committed offsets cover exactly the documents stored");
    }

    private ServiceProcess receiver(int port) throws IOException {
        return service("receiver", "receiver", ServiceConfigs.receiver(port, chain, key, caFile, realms, stack.kafka().bootstrapServers()),
                URI.create("https://127.0.0.1:" + port + "/readyz")).start();
    }

    private ServiceProcess service(String name, String subcommand, String yaml, URI readyz) throws IOException {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, yaml);
        return new ServiceProcess(name, repo, subcommand, config, dir.resolve("logs").resolve(name + ".log"), readyz, http);
    }

    /** The response head (through its blank line). */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the head ended: " + head.toString(StandardCharsets.US_ASCII));
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** True once nothing listens on the port (a connection accepted and then closed is not refused). */
    private static boolean refused(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return false;
        } catch (ConnectException refusedByTheKernel) {
            return true;
        }
    }

    /** Whether some record of the topic, read from its beginning to its end, carries this entry id. */
    private boolean topicHolds(String topic, String id) throws Exception {
        Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (new String(r.value(), StandardCharsets.UTF_8).contains(id)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The group's committed offsets over the ingest topics, summed: records it has finished. */
    private long committedRecords() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafka().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream().filter(e -> e.getValue() != null && !e.getKey().topic().equals("harbour.deadletter"))
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    /** LogHarbour documents of the realm in Elasticsearch, after a refresh. */
    private long stored() throws Exception {
        String alias = IndexNames.alias(DocumentKind.LOGHARBOUR, REALM);
        URI es = stack.elasticsearch().httpUri();
        HttpClient plain = HttpClient.newHttpClient();
        plain.send(HttpRequest.newBuilder(es.resolve("/" + alias + "/_refresh?ignore_unavailable=true&allow_no_indices=true"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> r = plain.send(HttpRequest.newBuilder(es.resolve("/" + alias + "/_count?ignore_unavailable=true&allow_no_indices=true"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(r.body()).path("count").asLong(0);
    }
}
