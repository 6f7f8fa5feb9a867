package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import io.harbour.model.RecordHeaders;
import io.harbour.realms.Authentication;
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
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
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
 * The hostile-input corpus ({@code src/test/resources/hostile/cases.ndjson}, written by
 * {@code make-cases.py} there) against one receiver over real TLS and a real broker. Each case is
 * sent as raw HTTP/1.1 bytes over its own TLS connection, so framing attacks reach the server as
 * written; big bodies, gzip bombs, deep nesting, header floods and slow senders are generated at
 * run time. Per case: the expected status and error code, exactly one response on the connection
 * (nothing smuggled behind it answered), and a good request answered 202 afterwards. At the end:
 * the realm's records in Kafka are exactly those of the 202 answers, and the process's RSS
 * stayed under a stated bound.
 */
@ExtendWith(HarbourStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {
    private static final String REALM = "hostile";
    private static final Pattern STATUS = Pattern.compile("HTTP/\\d\\.\\d (\\d{3}) ");
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
        List<JsonNode> all = new ArrayList<>();
        try (InputStream in = HostileInputIT.class.getResourceAsStream("/hostile/cases.ndjson")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    all.add(Json.mapper().readTree(line));
                }
            }
        }
        return all.stream();
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
        assertEquals(1, answer.statuses.size(), name + ": exactly one response on the connection, got " + answer.statuses + "\n" + answer.text);
        int status = answer.statuses.get(0);
        if (c.has("known_issue") && status != expect) {
            assertTrue(status < 500, name + ": never a 5xx: " + answer.text);
            if (status == 202) {
                JsonNode body = Json.mapper().readTree(answer.body());
                acceptedByReceipt.put(body.get("receipt").asText(), body.get("accepted").asInt());
            }
            stillUp(name);
            Assumptions.abort(name + " answered " + status + ", not " + expect + " (known issue): " + c.get("known_issue").asText());
        }
        assertEquals(expect, status, name + ": " + answer.text);
        if (c.has("code")) {
            JsonNode body = Json.mapper().readTree(answer.body());
            assertEquals(c.get("code").asText(), body.path("error").path("code").asText(), name + ": " + answer.text);
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
        assertEquals(List.of(202), good.statuses, "the server still answers after " + name + ": " + good.text);
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

    // ---- sending ----

    record Answer(List<Integer> statuses, String text) {
        String body() {
            int at = text.indexOf("\r\n\r\n");
            String rest = at < 0 ? "" : text.substring(at + 4);
            int brace = rest.indexOf('{');
            return brace < 0 ? "{}" : rest.substring(brace, rest.lastIndexOf('}') + 1);
        }
    }

    static Answer send(JsonNode c) throws Exception {
        JsonNode g = c.path("generator");
        String kind = g.path("kind").asText("");
        // Made before connecting, so generating a bomb never counts against the header timeout.
        byte[] body = c.has("raw") || kind.equals("big") ? null : body(c, g, kind);
        SSLSocket socket = (SSLSocket) tls.clientContext(false).getSocketFactory().createSocket("127.0.0.1", port);
        try (socket) {
            socket.setSoTimeout(20_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            try {
                write(c, out, body);
            } catch (IOException e) {
                // the server may answer and close before a hostile body is all sent; read what it said
            }
            return read(socket.getInputStream());
        }
    }

    private static void write(JsonNode c, OutputStream out, byte[] body) throws Exception {
        if (c.has("raw")) {
            out.write(c.get("raw").asText().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return;
        }
        JsonNode g = c.path("generator");
        String kind = g.path("kind").asText("");
        StringBuilder head = new StringBuilder();
        head.append(c.path("method").asText("POST")).append(' ').append(c.get("path").asText()).append(" HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
        for (JsonNode h : c.path("headers")) {
            head.append(h.get(0).asText()).append(": ").append(h.get(1).asText()).append("\r\n");
        }
        if (kind.equals("header_flood")) {
            for (int i = 0; i < g.get("count").asInt(); i++) {
                head.append("X-Flood-").append(i).append(": ").append("v".repeat(16)).append("\r\n");
            }
        }
        if (kind.equals("slow_headers")) {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(1_500); // past the 1 s header timeout, the blank line never sent
            return;
        }
        if (kind.equals("big")) {
            long total = g.get("bytes").asLong();
            boolean chunked = g.path("chunked").asBoolean(false);
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + total + "\r\n").append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            byte[] block = "[{\"app\":\"big\",\"when\":\"2026-11-23T05:56:38Z\",\"msg\":\"".repeat(1).getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            System.arraycopy(block, 0, chunk, 0, block.length);
            for (long sent = 0; sent < total; ) {
                int n = (int) Math.min(chunk.length, total - sent);
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(chunk, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                sent += n;
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            return;
        }
        boolean framed = !c.path("framing").asText("").equals("none");
        if (framed) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (kind.equals("slow_body")) {
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(2_500); // past the 2 s body timeout
            return;
        }
        out.write(body);
        out.flush();
    }

    private static byte[] body(JsonNode c, JsonNode g, String kind) throws IOException {
        switch (kind) {
            case "deep" -> {
                int depth = g.get("depth").asInt();
                String open = g.get("open").asText();
                String close = g.get("close").asText();
                return (g.path("prefix").asText("") + open.repeat(depth) + g.path("inner").asText("") + close.repeat(depth)
                        + g.path("suffix").asText("")).getBytes(StandardCharsets.UTF_8);
            }
            case "gzip" -> {
                byte[] gz = gzip(g.get("text").asText().getBytes(StandardCharsets.UTF_8), 0);
                int cut = g.path("truncate").asInt(0);
                return cut > 0 ? java.util.Arrays.copyOf(gz, cut) : gz;
            }
            case "gzip_bomb" -> {
                return gzip(null, g.get("bytes").asLong());
            }
            case "big_item" -> {
                return ("{\"app\":\"a\",\"when\":\"2026-11-23T05:56:38Z\",\"msg\":\"" + "m".repeat(g.get("bytes").asInt()) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            }
            case "slow_body" -> {
                return "{\"app\":\"slow\",\"when\":\"2026-11-23T05:56:38Z\"}".getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                if (c.has("body_hex")) {
                    return HexFormat.of().parseHex(c.get("body_hex").asText());
                }
                return c.path("body").asText("").getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    /** {@code text} gzipped, or {@code zeros} zero bytes gzipped (a bomb: about 1 KiB per MiB). */
    private static byte[] gzip(byte[] text, long zeros) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 64 * 1024)) {
            if (text != null) {
                gz.write(text);
            } else {
                byte[] block = new byte[1 << 20];
                for (long i = 0; i < zeros; i += block.length) {
                    gz.write(block);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 20 s; so far: " + all.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // reset after the answer: keep what arrived
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        List<Integer> statuses = new ArrayList<>();
        Matcher m = STATUS.matcher(text);
        while (m.find()) {
            statuses.add(Integer.parseInt(m.group(1)));
        }
        return new Answer(statuses, text.length() > 2000 ? text.substring(0, 2000) : text);
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
