package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harbour.model.LogKind;
import io.harbour.model.RecordHeaders;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.KafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the indexer's integration tests share: a configuration isolated per test (own topics,
 * group, dead-letter topic and realms, so tests in one JVM never see each other's records), a
 * producer that writes records as the receiver does, and plain HTTP questions to Elasticsearch.
 */
final class Harness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int PARTITIONS = 3;

    final KafkaBroker kafka;
    final ElasticsearchNode es;
    final String id;
    final IndexerConfig config;
    final KafkaProducer<byte[], byte[]> producer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Harness(KafkaBroker kafka, ElasticsearchNode es, String id) throws Exception {
        this.kafka = kafka;
        this.es = es;
        this.id = id;
        IndexerConfig d = IndexerConfig.defaults();
        Map<String, String> topics = new HashMap<>();
        for (LogKind k : LogKind.values()) {
            topics.put(k.wireName(), k.defaultTopic() + "." + id);
        }
        this.config = new IndexerConfig(
                new IndexerConfig.Kafka(kafka.bootstrapServers(), "indexer-it-" + id, topics, "harbour.dead-letter." + id, 1, (short) 1,
                        2000, 20_000, 64L * 1024 * 1024, Duration.ofMillis(500), Map.of()),
                new ElasticsearchSettings(List.of(es.httpUri().toString()), "", "", "", Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30)),
                new IndexerConfig.Bulk(1000, 5L * 1024 * 1024, Duration.ofMillis(100), 2),
                new IndexerConfig.Retry(Duration.ofMillis(100), Duration.ofSeconds(2)),
                d.join(),
                new IndexerConfig.Retention(30, Map.of(), Duration.ofHours(1), false),
                new IndexerConfig.Indices(1, 0),
                // A short grace, so a test sees the watermark pass its records within seconds.
                new IndexerConfig.Watermark(Duration.ofMillis(500), Duration.ofSeconds(1)));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            List<NewTopic> create = new ArrayList<>();
            for (String t : topics.values()) {
                create.add(new NewTopic(t, PARTITIONS, (short) 1));
            }
            admin.createTopics(create).all().get(30, TimeUnit.SECONDS);
        }
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new ByteArraySerializer(), new ByteArraySerializer());
        // Producing the moment a topic exists has shown out-of-order sequence errors on this
        // broker (an idempotent producer stuck on one partition): wait until every partition has a leader.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String t : topics.values()) {
            while (producer.partitionsFor(t).stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        Thread.sleep(500);
    }

    Indexer indexer() {
        return indexer(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** The indexer as production builds it: the layout's document builders and exchange joiner. */
    Indexer indexer(io.micrometer.core.instrument.MeterRegistry registry) {
        return Indexer.builder(config).meterRegistry(registry).build();
    }

    String topic(LogKind kind) {
        return config.kafka().topic(kind);
    }

    // ---- records as the receiver writes them

    ProducerRecord<byte[], byte[]> record(LogKind kind, String realm, String key, String body, long receivedAtNanos) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic(kind), key.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
        header(r, RecordHeaders.REALM, realm);
        header(r, RecordHeaders.RECEIVED_AT_NANOS, Long.toString(receivedAtNanos));
        header(r, RecordHeaders.SENDER_ADDRESS, "127.0.0.1");
        header(r, RecordHeaders.SENDER_IDENTITY, "key:it-" + realm);
        header(r, RecordHeaders.KIND, kind.wireName());
        header(r, RecordHeaders.RECEIPT_ID, "receipt-" + receivedAtNanos);
        return r;
    }

    static void header(ProducerRecord<byte[], byte[]> r, String name, String value) {
        r.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    ProducerRecord<byte[], byte[]> logHarbour(String realm, int i, long receivedAtNanos) {
        String when = Instant.ofEpochSecond(0, receivedAtNanos).toString();
        String body = "{\"id\":\"" + realm + "-lh-" + i + "\",\"app\":\"OnlineStore\",\"system\":\"vm\",\"module\":\"orders\",\"type\":\"A\","
                + "\"pri\":\"Info\",\"when\":\"" + when + "\",\"who\":\"jim\",\"op\":\"update\",\"class\":\"Order\",\"instance\":\"" + (i % 97)
                + "\",\"remote_ip\":\"203.0.113." + (i % 250) + "\",\"msg\":\"Order " + i + " updated\",\"data\":{\"activity_data\":\"{\\\"n\\\":" + i + "}\"}}";
        return record(LogKind.LOGHARBOUR, realm, realm + "|OnlineStore|Order|" + (i % 97), body, receivedAtNanos);
    }

    ProducerRecord<byte[], byte[]> observation(String realm, int i, long receivedAtNanos) {
        String ip = "10." + (i / 65536 % 256) + "." + (i / 256 % 256) + "." + (i % 256);
        String body = "{\"observations\":[{\"ipaddr\":\"" + ip + "\",\"associated_ipaddr\":\"192.0.2." + (i % 200) + "\",\"timestamp\":"
                + (1_700_000_000L + i) + "}],\"source\":\"OpenVPN\"}";
        return record(LogKind.OBSERVATIONS, realm, realm + "|" + ip, body, receivedAtNanos);
    }

    ProducerRecord<byte[], byte[]> extraHop(String realm, long sequence, boolean request, long receivedAtNanos) {
        String body = request
                ? "{\"sequence\":" + sequence + ",\"request\":{\"Method\":\"POST\",\"Host\":\"ml.example\",\"RequestURI\":\"/v1/predict\","
                        + "\"Proto\":\"HTTP/1.1\",\"Header\":{\"Content-Type\":[\"application/json\"]},\"ContentLength\":9,\"Close\":false,"
                        + "\"RemoteAddr\":\"198.51.100.7\",\"TLSVersion\":\"TLS 1.3\",\"Trailer\":\"\",\"TransferEncoding\":\"\"},\"request_body\":{\"q\":" + sequence + "}}"
                : "{\"sequence\":" + sequence + ",\"response_status_code\":200,\"response_headers\":{\"Content-Type\":[\"application/json\"]},"
                        + "\"response_body\":{\"a\":" + sequence + "}}";
        return record(LogKind.EXTRAHOP, realm, realm + "|key:it-" + realm + "|" + sequence, body, receivedAtNanos);
    }

    /** Sends and waits for every acknowledgement. */
    void sendAll(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> r : records) {
            acks.add(producer.send(r));
        }
        for (Future<RecordMetadata> f : acks) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    // ---- Elasticsearch, over plain HTTP

    JsonNode http(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(es.httpUri() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    /** Documents behind the aliases of a realm (all kinds), after a refresh. -1 when Elasticsearch does not answer. */
    long count(String realm) {
        try {
            String indices = "harbour-*-" + realm + "-*";
            http("POST", "/" + indices + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
            JsonNode r = http("GET", "/" + indices + "/_count?ignore_unavailable=true&allow_no_indices=true", null);
            return r.path("count").asLong(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The lowest watermark over this test's ingest partitions (what a realm's watermark is), or empty. */
    java.util.Optional<Instant> watermark() throws IOException, InterruptedException {
        http("POST", "/" + io.harbour.layout.Watermarks.INDEX + "/_refresh", null);
        JsonNode answer = http("POST", "/" + io.harbour.layout.Watermarks.INDEX + "/_search",
                io.harbour.layout.Watermarks.minimumQuery(config.kafka().topics().values()).toString());
        return io.harbour.layout.Watermarks.minimum(answer);
    }

    /** Committed offsets of the group, per partition. */
    Map<TopicPartition, Long> committed() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(config.kafka().groupId())
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            m.forEach((tp, o) -> {
                if (o != null) {
                    out.put(tp, o.offset());
                }
            });
            return out;
        }
    }

    /** True when the group's committed offsets reach the end of every ingest partition (an empty one needs no commit). */
    boolean committedToTheEnd() throws Exception {
        Map<TopicPartition, Long> committed = committed();
        for (Map.Entry<TopicPartition, Long> e : endOffsets().entrySet()) {
            if (committed.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Log-end offsets of the ingest topics. */
    Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ask = new HashMap<>();
            for (String t : config.kafka().topics().values()) {
                for (int p = 0; p < PARTITIONS; p++) {
                    ask.put(new TopicPartition(t, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(ask).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
