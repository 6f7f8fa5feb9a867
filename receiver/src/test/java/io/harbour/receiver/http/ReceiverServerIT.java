package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.certs.ClientTls;
import io.harbour.model.Json;
import io.harbour.model.RecordHeaders;
import io.harbour.receiver.kafka.IngestTopics;
import io.harbour.receiver.kafka.KafkaIngestPublisher;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The receiver over real TLS against a real broker: what a sensor or an application sees. */
@ExtendWith(HarbourStackExtension.class)
class ReceiverServerIT {
    private static final String LOGHARBOUR = "harbour.logharbour";
    private static final String EXTRAHOP = "harbour.extrahop";
    private static final String OBSERVATIONS = "harbour.observations";

    @TempDir
    static Path certs;
    static TlsFixture tls;
    static KafkaIngestPublisher publisher;
    static ReceiverServer server;
    static KafkaRecords kafka;
    static HttpClient http1;
    static HttpClient http2;
    static int port;

    @BeforeAll
    static void start(KafkaBroker broker) throws Exception {
        tls = new TlsFixture(certs);
        KafkaPublisherSettings settings = KafkaPublisherSettings.defaults(broker.bootstrapServers());
        IngestTopics.ensure(settings);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        publisher = new KafkaIngestPublisher(settings, registry);
        server = new ReceiverServer(ReceiverHttpSettings.defaults().toBuilder()
                .host("127.0.0.1").port(0).headerTimeout(Duration.ofSeconds(2)).build(),
                tls.server, new TestAuthentication(), publisher, registry);
        port = server.start().getPort();
        kafka = new KafkaRecords(broker.bootstrapServers());
        http1 = tls.httpClient(HttpClient.Version.HTTP_1_1, false);
        http2 = tls.httpClient(HttpClient.Version.HTTP_2, false);
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

    static HttpResponse<String> post(HttpClient client, String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return post(http1, path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    static String receipt(HttpResponse<String> response) throws IOException {
        assertEquals(202, response.statusCode(), response.body());
        return json(response).get("receipt").asText();
    }

    @Test
    void logHarbourEntriesRoundTripWithTheirBytesKeyAndHeaders() throws Exception {
        long before = System.currentTimeMillis() * 1_000_000L;
        String lines = IngestHandlerTest.resource("logharbour-go-library.ndjson");
        HttpResponse<String> response = post("/api/v1/logharbour/entries", lines,
                "Content-Type", "application/x-ndjson", "Authorization", "Bearer good");
        assertEquals(5, json(response).get("accepted").asInt());
        List<ConsumerRecord<byte[], byte[]>> records = kafka.withReceipt(LOGHARBOUR, receipt(response), 5);
        List<String> bodies = records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        for (String line : lines.split("\n")) {
            assertTrue(bodies.contains(line), "stored exactly as sent: " + line);
        }
        ConsumerRecord<byte[], byte[]> order = records.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("2kF3pQ8aMfR2uJ5nT0eK7yBq3Gh")).findFirst().orElseThrow();
        assertEquals("acme|OnlineStore|Order|456", new String(order.key(), StandardCharsets.UTF_8));
        Map<String, String> headers = KafkaRecords.headers(order);
        assertEquals("acme", headers.get(RecordHeaders.REALM));
        assertEquals("key:k1", headers.get(RecordHeaders.SENDER_IDENTITY));
        assertEquals("127.0.0.1", headers.get(RecordHeaders.SENDER_ADDRESS));
        assertEquals("logharbour", headers.get(RecordHeaders.KIND));
        long received = Long.parseLong(headers.get(RecordHeaders.RECEIVED_AT_NANOS));
        assertTrue(received >= before && received <= System.currentTimeMillis() * 1_000_000L, "receive time in nanoseconds: " + received);
    }

    @Test
    void theGoLibrarysOwnEscapesAbsentStatusAndStringDataAreStoredUntouched() throws Exception {
        String lines = "{\"id\":\"2kF3pQ9zz1ZcV9bN4mL8tHs6Wz\",\"app\":\"MyApp\",\"system\":\"vm\",\"module\":\"\",\"type\":\"A\",\"pri\":\"Info\","
                + "\"when\":\"2024-05-06T15:21:48.882Z\",\"msg\":\"a \\u003cb\\u003e \\u0026 c\",\"data\":\"{}\"}\n"
                + "{\"id\":\"2kF3pQ9zz1ZcV9bN4mL8tHs6Wy\",\"app\":\"MyApp\",\"system\":\"vm\",\"module\":\"\",\"type\":\"A\",\"pri\":\"Sec\","
                + "\"when\":\"2024-01-15T10:00:00Z\",\"remote_ip\":\"LOCAL\",\"msg\":\"x\"}\n";
        HttpResponse<String> response = post("/api/v1/logharbour/entries", lines, "X-Harbour-Key", "good");
        List<ConsumerRecord<byte[], byte[]>> records = kafka.withReceipt(LOGHARBOUR, receipt(response), 2);
        List<String> bodies = records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertTrue(bodies.contains(lines.split("\n")[0]), bodies.toString());
        assertTrue(bodies.contains(lines.split("\n")[1]), bodies.toString());
    }

    @Test
    void extraHopLogsRoundTripOnBothPathsAndARequestMeetsItsResponseInOnePartition() throws Exception {
        String request = IngestHandlerTest.resource("extrahop-request.json");
        String response = IngestHandlerTest.resource("extrahop-response.json");
        HttpResponse<String> single = post("/log", request, "Authorization", "ExtraHop apikey=good");
        HttpResponse<String> batch = post("/api/v1/extrahop/apilogs", "[" + request + "," + response + "]",
                "Authorization", "ExtraHop apikey=good", "Content-Type", "text/plain");
        ConsumerRecord<byte[], byte[]> fromLog = kafka.withReceipt(EXTRAHOP, receipt(single), 1).get(0);
        assertArrayEquals(request.trim().getBytes(StandardCharsets.UTF_8), fromLog.value());
        List<ConsumerRecord<byte[], byte[]>> pair = kafka.withReceipt(EXTRAHOP, receipt(batch), 2);
        assertEquals(pair.get(0).partition(), pair.get(1).partition());
        assertEquals("acme|key:k1|302", new String(pair.get(0).key(), StandardCharsets.UTF_8));
        assertEquals("extrahop", KafkaRecords.header(pair.get(0), RecordHeaders.KIND));
    }

    @Test
    void theObservationScriptOfSeed001GetsA202WithAJsonBody() throws Exception {
        // What the seed's Python script sends: requests.post(url, headers=..., data=json.dumps(data)).
        HttpResponse<String> response = post("/api/v1/observations/associatedipaddrs",
                IngestHandlerTest.resource("observations-openvpn.json"),
                "Content-Type", "application/json", "Accept", "application/json", "Authorization", "ExtraHop apikey=good");
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        List<ConsumerRecord<byte[], byte[]>> records = kafka.withReceipt(OBSERVATIONS, receipt(response), 2);
        List<String> keys = records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).sorted().toList();
        assertEquals(List.of("acme|10.8.0.6", "acme|10.8.0.7"), keys);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            assertEquals("OpenVPN", Json.mapper().readTree(r.value()).get("source").asText());
        }
    }

    @Test
    void http2IsNegotiatedByAlpnAndServesTheSameRoutes() throws Exception {
        HttpResponse<String> response = post(http2, "/api/v1/logharbour/entries",
                IngestHandlerTest.resource("logharbour-go-library.ndjson").getBytes(StandardCharsets.UTF_8), "X-Harbour-Key", "good");
        assertEquals(HttpClient.Version.HTTP_2, response.version());
        kafka.withReceipt(LOGHARBOUR, receipt(response), 5);
        HttpResponse<String> health = http2.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, health.version());
        assertEquals(200, health.statusCode());
        HttpResponse<String> refused = post(http2, "/api/v1/logharbour/entries", "{}".getBytes(StandardCharsets.UTF_8), "X-Harbour-Key", "nope");
        assertEquals(401, refused.statusCode());
    }

    @Test
    void http2HeadersOverTheLimitGet431AndTooLargeBodies413() throws Exception {
        HttpResponse<String> headers = post(http2, "/api/v1/logharbour/entries", "{}".getBytes(StandardCharsets.UTF_8),
                "X-Harbour-Key", "good", "X-Padding", "p".repeat(20_000));
        assertEquals(HttpClient.Version.HTTP_2, headers.version());
        assertEquals(431, headers.statusCode());
        HttpResponse<String> body = post(http2, "/api/v1/logharbour/entries", new byte[(16 << 20) + 1], "X-Harbour-Key", "good");
        assertEquals(413, body.statusCode());
    }

    @Test
    void aClientCertificateIdentifiesTheSenderByItsSubject() throws Exception {
        HttpClient withCertificate = tls.httpClient(HttpClient.Version.HTTP_1_1, true);
        HttpResponse<String> response = post(withCertificate, "/api/v1/logharbour/entries",
                IngestHandlerTest.resource("logharbour-go-library.ndjson").getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> record = kafka.withReceipt(LOGHARBOUR, receipt(response), 5).get(0);
        assertEquals("certs", KafkaRecords.header(record, RecordHeaders.REALM));
        assertEquals("cert:" + TlsFixture.CLIENT_SUBJECT, KafkaRecords.header(record, RecordHeaders.SENDER_IDENTITY));
    }

    @Test
    void tenThousandNdjsonLinesBecomeTenThousandRecords() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            body.append("{\"app\":\"Bulk\",\"system\":\"vm\",\"module\":\"m\",\"type\":\"A\",\"pri\":\"Info\",\"when\":\"2026-11-23T05:56:38.")
                    .append(String.format(Locale.ROOT, "%09d", i)).append("Z\",\"class\":\"Item\",\"instance\":\"").append(i % 97)
                    .append("\",\"msg\":\"line ").append(i).append("\"}\n");
        }
        HttpResponse<String> response = post("/api/v1/logharbour/entries", body.toString(), "X-Harbour-Key", "good");
        assertEquals(10_000, json(response).get("accepted").asInt());
        List<ConsumerRecord<byte[], byte[]>> records = kafka.withReceipt(LOGHARBOUR, receipt(response), 10_000);
        assertEquals(10_000, records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).distinct().count());
    }

    @Test
    void gzipBodiesAreStoredInflated() throws Exception {
        String lines = IngestHandlerTest.resource("logharbour-go-library.ndjson");
        HttpResponse<String> response = post(http1, "/api/v1/logharbour/entries",
                IngestHandlerTest.gzip(lines.getBytes(StandardCharsets.UTF_8)), "Content-Encoding", "gzip", "X-Harbour-Key", "good");
        List<ConsumerRecord<byte[], byte[]>> records = kafka.withReceipt(LOGHARBOUR, receipt(response), 5);
        assertTrue(records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList().contains(lines.split("\n")[4]));
    }

    @Test
    void allOrNothingPublishesNothingAndPartialPublishesTheGoodLines() throws Exception {
        String marker = "marker-" + System.nanoTime();
        String good = "{\"app\":\"" + marker + "\",\"when\":\"2026-11-23T05:56:38Z\",\"msg\":\"ok\"}";
        String bad = "{\"app\":\"" + marker + "\",\"when\":\"2026-11-23T05:56:38Z\",\"pri\":\"Urgent\"}";
        String body = good + "\n" + bad + "\n" + good + "\n";
        HttpResponse<String> refused = post("/api/v1/logharbour/entries", body, "X-Harbour-Key", "good");
        assertEquals(400, refused.statusCode());
        assertEquals(2, json(refused).path("error").path("problems").get(0).get("line").asInt());
        HttpResponse<String> partial = post("/api/v1/logharbour/entries?partial=true", body, "X-Harbour-Key", "good");
        assertEquals(2, json(partial).get("accepted").asInt());
        kafka.withReceipt(LOGHARBOUR, receipt(partial), 2);
        List<ConsumerRecord<byte[], byte[]>> all = kafka.matching(LOGHARBOUR,
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker), 2);
        assertEquals(2, all.size(), "only the partial request's two good lines reached Kafka");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneTlsConnection() throws Exception {
        try (SSLSocket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write(EmbeddedReceiver.post("/api/v1/logharbour/entries",
                        "{\"app\":\"KeepAlive\",\"when\":\"2026-11-23T05:56:38Z\"}", "X-Harbour-Key: good"));
                out.flush();
                RawResponse r = RawResponse.read(in);
                assertEquals(202, r.status(), r.body());
            }
            out.write(EmbeddedReceiver.get("/healthz").getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, RawResponse.read(in).status());
        }
    }

    @Test
    void headersThatTrickleInTooSlowlyGet408() throws Exception {
        try (SSLSocket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: r\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            RawResponse r = RawResponse.read(socket.getInputStream());
            assertEquals(408, r.status());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
            assertEquals(-1, socket.getInputStream().read(), "closed after the 408");
        }
    }

    @Test
    void metricsAreServedInPrometheusFormat() throws Exception {
        HttpResponse<String> metrics = http1.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("# TYPE harbour_receiver_connections gauge"), metrics.body());
    }

    private static SSLSocket socket() throws IOException {
        var context = tls.clientContext(false);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSSLParameters(ClientTls.jdkParameters(context));
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return socket;
    }

    /** Just enough of an HTTP/1.1 response reader for the raw-socket tests. */
    record RawResponse(int status, Map<String, String> headers, String body) {
        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new java.util.HashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
