package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import io.harbour.model.RecordHeaders;
import io.harbour.realms.Authentication;
import io.harbour.receiver.http.HostileCorpus.Answer;
import io.harbour.receiver.kafka.IngestTopics;
import io.harbour.receiver.kafka.KafkaIngestPublisher;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input corpus ({@link HostileCorpus}) against one receiver over real TLS and a real
 * broker. Each case is sent as raw HTTP/1.1 bytes over its own TLS connection, so framing attacks
 * reach the server as written; big bodies, gzip bombs, deep nesting, header floods and slow
 * senders are generated at run time. Per case: the expected status and error code, exactly one response on the connection
 * (nothing smuggled behind it answered), and a good request answered 202 afterwards. At the end:
 * the realm's records in Kafka are exactly those of the 202 answers, and the process's RSS
 * stayed under a stated bound.
 */
@ExtendWith(HarbourStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final String REALM = "hostile";
    /** A generous sanity bound for the whole test JVM (receiver, its decode threads, the clients). */
    private static final long RSS_BOUND_KIB = 2L * 1024 * 1024;

    @TempDir
    static Path certs;
    static TlsFixture tls;
    static KafkaIngestPublisher publisher;
    static ReceiverServer server;
    static KafkaRecords kafka;
    static int port;
    static final Map<String, Integer> acceptedByReceipt = new ConcurrentHashMap<>();
    static long rssBeforeKib;
    static long rssPeakKib;
    static long startMillis;

    /** Key {@code hostile}: realm hostile; {@code blocked}: 403; anything else 401. */
    static final class Senders implements SenderAuthentication {
        @Override
        public Authentication authenticate(io.harbour.realms.SenderCredentials c) {
            String key = c.harbourKey();
            if (key == null && c.authorization() != null) {
                String a = c.authorization();
                key = a.startsWith("Bearer ") ? a.substring(7) : a.startsWith("ExtraHop apikey=") ? a.substring(16) : a;
            }
            if ("hostile".equals(key)) {
                return new Authentication.Accepted(REALM, "key:hostile");
            }
            if ("blocked".equals(key)) {
                return new Authentication.Refused(403, "address_refused", "this address may not send");
            }
            return new Authentication.Refused(401, key == null || key.isEmpty() ? "missing_credentials" : "unknown_key", "no");
        }
    }

    @BeforeAll
    static void start(KafkaBroker broker) throws Exception {
        tls = new TlsFixture(certs);
        KafkaPublisherSettings settings = KafkaPublisherSettings.defaults(broker.bootstrapServers());
        IngestTopics.ensure(settings);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        publisher = new KafkaIngestPublisher(settings, registry);
        server = new ReceiverServer(ReceiverHttpSettings.defaults().toBuilder()
                .host("127.0.0.1").port(0)
                .headerTimeout(Duration.ofSeconds(1)).bodyTimeout(Duration.ofSeconds(2))
                .build(), tls.server, new Senders(), publisher, registry);
        port = server.start().getPort();
        kafka = new KafkaRecords(broker.bootstrapServers());
        startMillis = System.currentTimeMillis();
        rssBeforeKib = rssKib();
        rssPeakKib = rssBeforeKib;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }

    static Stream<JsonNode> cases() throws IOException {
        return HostileCorpus.cases().stream();
    }

    @Test
    @Order(0)
    void theCorpusHasAtLeast200Cases() throws IOException {
        assertTrue(cases().count() >= 200, "cases: " + cases().count());
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("cases")
    @Order(1)
    void eachCaseGetsItsAnswerAndTheServerStaysUp(JsonNode c) throws Exception {
        String name = c.get("name").asText();
        Answer answer = send(c);
        int expect = c.get("expect").asInt();
        assertEquals(1, answer.statuses().size(), name + ": exactly one response on the connection, got " + answer.statuses() + "\n" + answer.text());
        int status = answer.statuses().get(0);
        if (c.has("known_issue") && status != expect) {
            assertTrue(status < 500, name + ": never a 5xx: " + answer.text());
            if (status == 202) {
                JsonNode body = Json.mapper().readTree(answer.body());
                acceptedByReceipt.put(body.get("receipt").asText(), body.get("accepted").asInt());
            }
            stillUp(name);
            Assumptions.abort(name + " answered " + status + ", not " + expect + " (known issue): " + c.get("known_issue").asText());
        }
        assertEquals(expect, status, name + ": " + answer.text());
        if (c.has("code")) {
            JsonNode body = Json.mapper().readTree(answer.body());
            assertEquals(c.get("code").asText(), body.path("error").path("code").asText(), name + ": " + answer.text());
            if ("invalid_batch".equals(c.get("code").asText())) {
                JsonNode problems = body.path("error").path("problems");
                assertTrue(problems.size() > 0, name + ": problems listed");
                problems.forEach(p -> assertTrue(p.path("line").asInt() >= 1, name + ": each problem names a line: " + p));
            }
        }
        if (expect == 202) {
            JsonNode body = Json.mapper().readTree(answer.body());
            assertEquals(c.get("accepted").asInt(), body.get("accepted").asInt(), name);
            acceptedByReceipt.put(body.get("receipt").asText(), body.get("accepted").asInt());
        }
        stillUp(name);
    }

    /** A good request after each case: the server still answers 202. */
    private static void stillUp(String name) throws Exception {
        Answer good = send(Json.mapper().readTree("{\"name\":\"good\",\"method\":\"POST\",\"path\":\"/api/v1/logharbour/entries\","
                + "\"headers\":[[\"X-Harbour-Key\",\"hostile\"]],\"body\":\"{\\\"app\\\":\\\"after\\\",\\\"when\\\":\\\"2026-11-23T05:56:38Z\\\"}\"}"));
        assertEquals(List.of(202), good.statuses(), "the server still answers after " + name + ": " + good.text());
        JsonNode goodBody = Json.mapper().readTree(good.body());
        acceptedByReceipt.put(goodBody.get("receipt").asText(), 1);
        rssPeakKib = Math.max(rssPeakKib, rssKib());
    }

    @Test
    @Order(2)
    void kafkaHoldsExactlyTheAcceptedRecordsAndRssStayedBounded() {
        int expected = acceptedByReceipt.values().stream().mapToInt(Integer::intValue).sum();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String topic : List.of("harbour.logharbour", "harbour.extrahop", "harbour.observations")) {
            records.addAll(kafka.matching(topic, r -> REALM.equals(KafkaRecords.header(r, RecordHeaders.REALM))
                    && r.timestamp() >= startMillis, 0));
        }
        Map<String, Integer> found = new ConcurrentHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String receipt = KafkaRecords.header(r, RecordHeaders.RECEIPT_ID);
            assertTrue(acceptedByReceipt.containsKey(receipt), "a record of a request that was not answered 202: " + receipt
                    + " " + new String(r.value(), 0, Math.min(200, r.value().length), StandardCharsets.UTF_8));
            found.merge(receipt, 1, Integer::sum);
        }
        assertEquals(acceptedByReceipt, found, "records per accepted receipt");
        assertEquals(expected, records.size());
        rssPeakKib = Math.max(rssPeakKib, rssKib());
        System.out.printf("HostileInputIT: %d records in Kafka, all from 202 answers; RSS %d MiB before, peak %d MiB (bound %d MiB)%n",
                records.size(), rssBeforeKib / 1024, rssPeakKib / 1024, RSS_BOUND_KIB / 1024);
        assertTrue(rssPeakKib < RSS_BOUND_KIB, "RSS peak " + rssPeakKib + " KiB");
    }

    // ---- sending (HostileCorpus's mechanics, the corpus's own placeholder keys) ----

    static Answer send(JsonNode c) throws Exception {
        // Made before connecting, so generating a bomb never counts against the header timeout.
        byte[] body = HostileCorpus.body(c);
        SSLSocket socket = (SSLSocket) tls.clientContext(false).getSocketFactory().createSocket("127.0.0.1", port);
        try (socket) {
            socket.setSoTimeout(20_000);
            return HostileCorpus.exchange(socket, c, body, HostileCorpus.Keys.PLACEHOLDERS, 2000);
        }
    }

    static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: no figure
        }
        return 0;
    }
}
