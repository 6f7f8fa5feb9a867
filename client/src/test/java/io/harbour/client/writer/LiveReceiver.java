package io.harbour.client.writer;

import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.model.Json;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.receiver.Receiver;
import io.harbour.receiver.ReceiverConfig;
import io.harbour.receiver.http.ReceiverHttpSettings;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.harbour.stack.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A real receiver on a fixed loopback port (so it can be stopped and started again at the same
 * address), with a development CA and server certificate made the way {@code harbour certs} makes
 * them, and a realm with a write key; plus reading back what it wrote to Kafka.
 */
final class LiveReceiver implements AutoCloseable {
    static final String TOPIC = "harbour.logharbour";
    /** The realm the write key belongs to, so the indexer's documents are in its indices. */
    static final String REALM = "acme";

    final Path caFile;
    final String writeKey;
    final ReceiverConfig config;
    private final String bootstrapServers;
    private Receiver running;

    LiveReceiver(Path dir, String bootstrapServers) throws IOException {
        this(dir, bootstrapServers, UnaryOperator.identity());
    }

    /** @param http changes to the receiver's HTTP limits (its address is set here) */
    LiveReceiver(Path dir, String bootstrapServers, UnaryOperator<ReceiverHttpSettings.Builder> http) throws IOException {
        this.bootstrapServers = bootstrapServers;
        CertificateDirectory certs = CertificateDirectory.at(dir.resolve("certs"));
        CertificateAuthority ca = certs.createCa("CN=Harbour client IT CA");
        certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        caFile = certs.certificate(CertificateDirectory.CA);
        Path realms = dir.resolve("realms.yaml");
        RealmFile realmFile = new RealmFile(realms);
        realmFile.createRealm(Realm.named(REALM));
        writeKey = realmFile.issueWriteKey(REALM, "client IT").key();
        config = new ReceiverConfig(http.apply(ReceiverHttpSettings.defaults().toBuilder()).host("127.0.0.1").port(FreePorts.pick()).build(),
                new ReceiverConfig.Tls(certs.chain("server").toString(), certs.privateKey("server").toString(), "none", null, 10),
                realms.toString(), KafkaPublisherSettings.defaults(bootstrapServers));
    }

    URI uri() {
        return URI.create("https://localhost:" + config.http().port());
    }

    LiveReceiver start() {
        running = Receiver.start(config);
        return this;
    }

    void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The {@code id} of every record of {@code app} in the topic, duplicates included, in offset order per partition. */
    List<String> idsInKafka(String app) throws IOException {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + TOPIC + " to its end within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    var body = Json.mapper().readTree(r.value());
                    if (app.equals(body.path("app").asText())) {
                        ids.add(body.path("id").asText());
                    }
                }
            }
        }
        return ids;
    }
}
