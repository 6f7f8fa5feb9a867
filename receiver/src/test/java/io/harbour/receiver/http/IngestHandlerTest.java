package io.harbour.receiver.http;

import static io.harbour.receiver.http.EmbeddedReceiver.get;
import static io.harbour.receiver.http.EmbeddedReceiver.post;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.LogKind;
import io.harbour.receiver.IngestRecord;
import io.harbour.receiver.http.EmbeddedReceiver.Answer;
import io.harbour.receiver.http.EmbeddedReceiver.Connection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IngestHandlerTest {
    private static final String KEY = "X-Harbour-Key: good";
    private static final String ENTRY = "{\"app\":\"OnlineStore\",\"system\":\"vm\",\"module\":\"orders\",\"type\":\"A\",\"pri\":\"Info\","
            + "\"when\":\"2026-11-23T05:56:38.427582317Z\",\"class\":\"Order\",\"instance\":\"456\",\"msg\":\"ok\"}";

    private final EmbeddedReceiver receiver = new EmbeddedReceiver();

    static String resource(String name) {
        try (InputStream in = IngestHandlerTest.class.getResourceAsStream("/http/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Answer send(byte[] request) {
        return receiver.connect().send(request).answer();
    }

    // --- routing ---------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "GET,/nowhere,404,",
            "POST,/api/v1/logharbour/entry,404,",
            "POST,/log/,404,",
            "GET,/log,405,POST",
            "PUT,/api/v1/extrahop/apilogs,405,POST",
            "GET,/api/v1/observations/associatedipaddrs,405,POST",
            "POST,/healthz,405,GET",
            "DELETE,/metrics,405,GET",
    })
    void unknownPathsAre404AndWrongMethods405WithAllow(String method, String path, int status, String allow) {
        Answer a = send((method + " " + path + " HTTP/1.1\r\nHost: r\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(status, a.status());
        assertEquals(allow, a.headers().get("Allow"));
        assertEquals(status == 404 ? "not_found" : "method_not_allowed", a.errorCode());
        assertEquals("application/json", a.headers().get("Content-Type"));
    }

    @Test
    void anEarlyRefusalKeepsTheConnectionForTheNextRequest() {
        Connection c = receiver.connect();
        c.send(post("/nowhere", ENTRY, KEY));
        c.send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        List<Answer> answers = c.answers();
        assertEquals(List.of(404, 202), answers.stream().map(Answer::status).toList());
        assertTrue(c.isOpen());
    }

    @Test
    void healthIsAlwaysUpAndReadinessFollowsThePublisher() {
        assertEquals(200, send(get("/healthz").getBytes(StandardCharsets.US_ASCII)).status());
        assertEquals(200, send(get("/readyz").getBytes(StandardCharsets.US_ASCII)).status());
        receiver.publisher.ready = false;
        Answer notReady = send(get("/readyz").getBytes(StandardCharsets.US_ASCII));
        assertEquals(503, notReady.status());
        assertEquals(200, send(get("/healthz").getBytes(StandardCharsets.US_ASCII)).status());
    }

    @Test
    void readinessTurnsFalseWhileDraining() {
        receiver.context.startDraining();
        Connection c = receiver.connect().send(get("/readyz"));
        Answer a = c.answer();
        assertEquals(503, a.status());
        assertEquals("draining", a.errorCode());
        assertEquals("close", a.headers().get("Connection"));
    }

    @Test
    void metricsCountRequestsByRouteAndStatusRecordsByKindAndRefusalsByReason() {
        Connection c = receiver.connect();
        c.send(post("/api/v1/logharbour/entries", ENTRY + "\n" + ENTRY + "\n", KEY));
        c.send(post("/api/v1/logharbour/entries", ENTRY, "X-Harbour-Key: wrong"));
        c.send(get("/metrics"));
        Answer metrics = c.answers().get(2);
        assertEquals(200, metrics.status());
        assertTrue(metrics.headers().get("Content-Type").startsWith("text/plain; version=0.0.4"));
        String text = metrics.body();
        assertTrue(text.contains("harbour_receiver_requests_total{route=\"/api/v1/logharbour/entries\",status=\"202\"} 1.0"), text);
        assertTrue(text.contains("harbour_receiver_requests_total{route=\"/api/v1/logharbour/entries\",status=\"401\"} 1.0"), text);
        assertTrue(text.contains("harbour_receiver_records_accepted_total{kind=\"logharbour\"} 2.0"), text);
        assertTrue(text.contains("harbour_receiver_refusals_total{reason=\"unknown_key\"} 1.0"), text);
        assertTrue(text.contains("harbour_receiver_request_duration_seconds_count{route=\"/api/v1/logharbour/entries\"} 2"), text);
    }

    // --- authentication --------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
            "'',401,missing_credentials",
            "X-Harbour-Key: nope,401,unknown_key",
            "Authorization: Bearer nope,401,unknown_key",
            "X-Harbour-Key: blocked,403,address_refused",
    })
    void refusedSendersGetTheAuthenticatorsStatusAndCodeAndNothingIsPublished(String header, int status, String code) {
        Answer a = header.isEmpty() ? send(post("/log", "{}")) : send(post("/log", "{}", header));
        assertEquals(status, a.status());
        assertEquals(code, a.errorCode());
        assertEquals(0, receiver.publisher.calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization: Bearer good", "Authorization: ExtraHop apikey=good", "X-Harbour-Key: good"})
    void eachKeyHeaderReachesTheAuthenticator(String header) {
        assertEquals(202, send(post("/api/v1/logharbour/entries", ENTRY, header)).status());
    }

    // --- content type, coding, size --------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/x-ndjson",
            "application/jsonlines", "text/plain", "text/plain; charset=UTF-8", "APPLICATION/JSON"})
    void jsonNdjsonAndPlainTextAreRead(String type) {
        assertEquals(202, send(post("/api/v1/logharbour/entries", ENTRY, KEY, "Content-Type: " + type)).status());
    }

    @Test
    void noContentTypeIsRead() {
        byte[] raw = ("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: r\r\nX-Harbour-Key: good\r\nContent-Length: "
                + ENTRY.length() + "\r\n\r\n" + ENTRY).getBytes(StandardCharsets.UTF_8);
        assertEquals(202, send(raw).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x"})
    void otherContentTypesAre415(String type) {
        Answer a = send(post("/api/v1/logharbour/entries", ENTRY, KEY, "Content-Type: " + type));
        assertEquals(415, a.status());
        assertEquals("unsupported_media_type", a.errorCode());
    }

    @Test
    void unknownContentEncodingIs415() {
        Answer a = send(post("/api/v1/logharbour/entries", ENTRY, KEY, "Content-Encoding: br"));
        assertEquals(415, a.status());
        assertEquals("unsupported_content_encoding", a.errorCode());
    }

    @Test
    void gzipBodiesAreInflatedAndTheRecordKeepsTheInflatedBytes() {
        byte[] body = (ENTRY + "\n" + ENTRY + "\n").getBytes(StandardCharsets.UTF_8);
        Answer a = send(post("/api/v1/logharbour/entries", gzip(body), KEY, "Content-Encoding: gzip"));
        assertEquals(202, a.status(), a.body());
        assertEquals(2, a.json().get("accepted").asInt());
        assertEquals(ENTRY, new String(receiver.publisher.published().get(0).body(), StandardCharsets.UTF_8));
    }

    @Test
    void aGzipBombIs413AndHoldsNoMemoryAfterwards() {
        EmbeddedReceiver small = new EmbeddedReceiver(ReceiverHttpSettings.defaults().toBuilder()
                .maxDecompressedBytes(1 << 20).build());
        byte[] bomb = gzip(new byte[64 << 20]);
        assertTrue(bomb.length < 100_000, "64 MiB of zeros compress to " + bomb.length);
        Answer a = small.connect().send(post("/api/v1/logharbour/entries", bomb, KEY, "Content-Encoding: gzip")).answer();
        assertEquals(413, a.status());
        assertEquals("body_too_large", a.errorCode());
        assertTrue(a.json().path("error").path("message").asText().contains("decompressed body"));
        assertEquals(0, small.context.budget().used());
        assertEquals(0, small.publisher.calls);
    }

    @Test
    void brokenGzipIs400() {
        Answer a = send(post("/api/v1/logharbour/entries", "not gzip at all", KEY, "Content-Encoding: gzip"));
        assertEquals(400, a.status());
        assertEquals("invalid_gzip", a.errorCode());
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeAnyOfItIsReadAndTheConnectionCloses() {
        EmbeddedReceiver small = new EmbeddedReceiver(ReceiverHttpSettings.defaults().toBuilder().maxBodyBytes(1000).build());
        Connection c = small.connect().send("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: r\r\nX-Harbour-Key: good\r\n"
                + "Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n");
        Answer a = c.answer();
        assertEquals(413, a.status());
        assertEquals("close", a.headers().get("Connection"));
        assertFalse(c.isOpen());
    }

    @Test
    void aChunkedBodyOverTheLimitIs413WhileStreaming() {
        EmbeddedReceiver small = new EmbeddedReceiver(ReceiverHttpSettings.defaults().toBuilder().maxBodyBytes(1000).build());
        Connection c = small.connect().send("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: r\r\nX-Harbour-Key: good\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "x".repeat(600);
        c.send("258\r\n" + chunk + "\r\n");
        assertTrue(c.answers().isEmpty(), "600 bytes are within the limit");
        c.send("258\r\n" + chunk + "\r\n");
        Answer a = c.answer();
        assertEquals(413, a.status());
        assertFalse(c.isOpen());
        assertEquals(0, small.context.budget().used());
    }

    @Test
    void tooLargeHeadersAre431AndATooLongRequestLineIs414() {
        EmbeddedReceiver r = new EmbeddedReceiver(ReceiverHttpSettings.defaults().toBuilder()
                .maxHeaderSize(2048).maxInitialLineLength(256).build());
        Answer headers = r.connect().send(post("/log", "{}", KEY, "X-Padding: " + "p".repeat(4000))).answer();
        assertEquals(431, headers.status());
        assertEquals("headers_too_large", headers.errorCode());
        Answer line = r.connect().send(post("/log?" + "q".repeat(400), "{}", KEY)).answer();
        assertEquals(414, line.status());
    }

    @Test
    void malformedHttpIs400AndCloses() {
        Connection c = receiver.connect().send("POST /log HTTP/1.1\r\nContent-Length: abc\r\n\r\n");
        Answer a = c.answer();
        assertEquals(400, a.status());
        assertEquals("malformed_request", a.errorCode());
        assertFalse(c.isOpen());
    }

    @Test
    void aBrokenChunkIs400AndNothingIsPublished() {
        Connection c = receiver.connect().send("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: r\r\nX-Harbour-Key: good\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\nzz\r\n");
        Answer a = c.answer();
        assertEquals(400, a.status());
        assertEquals("malformed_request", a.errorCode());
        assertFalse(c.isOpen());
        assertEquals(0, receiver.publisher.calls);
        assertEquals(0, receiver.context.budget().used());
    }

    // --- batches ---------------------------------------------------------------------------------

    @Test
    void theGoLibrarysLinesAreEachOneRecordByteForByteWithTheirKeys() {
        String lines = resource("logharbour-go-library.ndjson");
        Answer a = send(post("/api/v1/logharbour/entries", lines, KEY, "Content-Type: application/x-ndjson"));
        assertEquals(202, a.status(), a.body());
        assertEquals(5, a.json().get("accepted").asInt());
        List<IngestRecord> records = receiver.publisher.published();
        String[] expected = lines.split("\n");
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i].getBytes(StandardCharsets.UTF_8), records.get(i).body(), "line " + (i + 1));
            assertEquals(LogKind.LOGHARBOUR, records.get(i).kind());
        }
        assertEquals("acme|OnlineStore|Order|456", key(records.get(0)));
        assertEquals("acme|MyApp||", key(records.get(4)));
    }

    @Test
    void everyRecordCarriesTheSendersRealmIdentityArrivalTimeAndOneReceiptPerRequest() {
        Answer a = send(post("/api/v1/logharbour/entries", "[" + ENTRY + "," + ENTRY + "]", KEY));
        List<IngestRecord> records = receiver.publisher.published();
        assertEquals(2, records.size());
        String receipt = a.json().get("receipt").asText();
        assertEquals(26, receipt.length());
        for (IngestRecord r : records) {
            assertEquals("acme", r.realm());
            assertEquals("key:k1", r.identity());
            assertEquals(EmbeddedReceiver.NOW_NANOS, r.receivedAtNanos());
            assertEquals(receipt, r.receiptId());
        }
        Answer second = send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        assertFalse(receipt.equals(second.json().get("receipt").asText()));
    }

    @Test
    void extraHopRequestAndResponseLogsShareTheirKeyThroughTheSequence() {
        Connection c = receiver.connect();
        String request = resource("extrahop-request.json");
        String response = resource("extrahop-response.json");
        c.send(post("/log", request, "Authorization: ExtraHop apikey=good"));
        c.send(post("/api/v1/extrahop/apilogs", response, KEY, "Content-Type: text/plain"));
        assertEquals(List.of(202, 202), c.answers().stream().map(Answer::status).toList());
        List<IngestRecord> records = receiver.publisher.published();
        assertEquals("acme|key:k1|302", key(records.get(0)));
        assertEquals(key(records.get(0)), key(records.get(1)));
        assertEquals(request.trim(), new String(records.get(0).body(), StandardCharsets.UTF_8));
        assertEquals(LogKind.EXTRAHOP, records.get(1).kind());
    }

    @Test
    void anObservationUploadBecomesOneRecordPerObservationKeyedByIpaddrAndKeepingTheSource() throws Exception {
        Answer a = send(post("/api/v1/observations/associatedipaddrs", resource("observations-openvpn.json"),
                "Authorization: ExtraHop apikey=good", "Accept: application/json"));
        assertEquals(202, a.status(), a.body());
        assertEquals("application/json", a.headers().get("Content-Type"));
        assertEquals(2, a.json().get("accepted").asInt());
        List<IngestRecord> records = receiver.publisher.published();
        assertEquals(List.of("acme|10.8.0.6", "acme|10.8.0.7"), records.stream().map(IngestHandlerTest::key).toList());
        JsonNode first = io.harbour.model.Json.mapper().readTree(records.get(0).body());
        assertEquals("OpenVPN", first.get("source").asText());
        assertEquals(1, first.get("observations").size());
        assertEquals("198.51.100.7", first.get("observations").get(0).get("associated_ipaddr").asText());
        assertEquals(1678150650L, first.get("observations").get(0).get("timestamp").asLong());
        // What the indexer will do with it: read it with the kind's own format.
        io.harbour.model.observation.ObservationBatchFormat.INSTANCE.parse(records.get(0).body());
    }

    @Test
    void oneBadLineRefusesTheWholeBatchListingEveryBadLineAndPublishesNothing() {
        String body = ENTRY + "\n"
                + ENTRY.replace("\"Info\"", "\"Urgent\"") + "\n"
                + ENTRY + "\n"
                + "{not json\n"
                + ENTRY.replace("\"app\":\"OnlineStore\",", "") + "\n";
        Answer a = send(post("/api/v1/logharbour/entries", body, KEY));
        assertEquals(400, a.status());
        assertEquals("invalid_batch", a.errorCode());
        JsonNode problems = a.json().path("error").path("problems");
        Set<Integer> lines = java.util.stream.StreamSupport.stream(problems.spliterator(), false)
                .map(p -> p.get("line").asInt()).collect(Collectors.toSet());
        assertEquals(Set.of(2, 4, 5), lines);
        JsonNode pri = problems.get(0);
        assertEquals("pri", pri.get("field").asText());
        assertTrue(pri.get("reason").asText().contains("Urgent"), pri.toString());
        assertEquals(0, receiver.publisher.calls);
    }

    @Test
    void partialAcceptsTheGoodLinesAndListsTheBadOnes() {
        String body = ENTRY + "\n" + ENTRY.replace("\"Info\"", "\"Urgent\"") + "\n" + ENTRY + "\n";
        Answer a = send(post("/api/v1/logharbour/entries?partial=true", body, KEY));
        assertEquals(202, a.status(), a.body());
        assertEquals(2, a.json().get("accepted").asInt());
        JsonNode rejected = a.json().get("rejected");
        assertEquals(1, rejected.size());
        assertEquals(2, rejected.get(0).get("line").asInt());
        assertEquals("pri", rejected.get(0).get("field").asText());
        assertEquals(2, receiver.publisher.published().size());
    }

    @Test
    void partialWithNothingValidIs400() {
        Answer a = send(post("/api/v1/logharbour/entries?partial=true", "{\"app\":1}\n[]\n", KEY));
        assertEquals(400, a.status());
        Set<Integer> lines = java.util.stream.StreamSupport.stream(a.json().path("error").path("problems").spliterator(), false)
                .map(p -> p.get("line").asInt()).collect(Collectors.toSet());
        assertEquals(Set.of(1, 2), lines);
        assertEquals(0, receiver.publisher.calls);
    }

    @Test
    void aPartialParameterThatIsNotABooleanIs400() {
        assertEquals("invalid_parameter", send(post("/api/v1/logharbour/entries?partial=yes", ENTRY, KEY)).errorCode());
    }

    @Test
    void anEmptyBodyIs400() {
        Answer a = send(post("/api/v1/logharbour/entries", "", KEY));
        assertEquals(400, a.status());
        assertEquals("empty body", a.json().path("error").path("problems").get(0).get("reason").asText());
    }

    @Test
    void aLogLongerThanTheItemLimitIsABadLine() {
        EmbeddedReceiver r = new EmbeddedReceiver(ReceiverHttpSettings.defaults().toBuilder().maxItemBytes(300).build());
        String big = ENTRY.replace("\"msg\":\"ok\"", "\"msg\":\"" + "m".repeat(400) + "\"");
        Answer a = r.connect().send(post("/api/v1/logharbour/entries?partial=true", ENTRY + "\n" + big + "\n", KEY)).answer();
        assertEquals(202, a.status());
        assertEquals(1, a.json().get("accepted").asInt());
        assertEquals(2, a.json().get("rejected").get(0).get("line").asInt());
    }

    @Test
    void nestingDeeperThanTheLimitIsABadLine() {
        EmbeddedReceiver r = new EmbeddedReceiver(ReceiverHttpSettings.defaults().toBuilder().maxJsonDepth(8).build());
        String deep = "{\"app\":\"a\",\"x\":" + "[".repeat(20) + "]".repeat(20) + "}";
        Answer a = r.connect().send(post("/api/v1/logharbour/entries", deep, KEY)).answer();
        assertEquals(400, a.status());
        assertTrue(a.body().contains("nested deeper than 8"), a.body());
    }

    // --- the 202 promise and back-pressure -------------------------------------------------------

    @Test
    void busyKafkaIs429WithItsRetryAfterAndUnavailableIs503AndNeitherClaimsAcceptance() {
        receiver.publisher.mode = TestPublisher.Mode.BUSY;
        Answer busy = send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        assertEquals(429, busy.status());
        assertEquals("3", busy.headers().get("Retry-After"));
        assertNull(busy.json().get("accepted"));
        receiver.publisher.mode = TestPublisher.Mode.UNAVAILABLE;
        Answer away = send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        assertEquals(503, away.status());
        assertEquals("3", away.headers().get("Retry-After"), "2.5 s rounds up");
        assertEquals("kafka_unavailable", away.errorCode());
        receiver.publisher.mode = TestPublisher.Mode.THROW;
        Answer broken = send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        assertEquals(503, broken.status());
        assertEquals("1", broken.headers().get("Retry-After"));
        assertEquals(0, receiver.context.budget().used());
    }

    @Test
    void theAnswerWaitsForKafkasAcknowledgement() {
        receiver.publisher.mode = TestPublisher.Mode.HOLD;
        Connection c = receiver.connect().send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        assertTrue(c.answers().isEmpty(), "no answer before the acknowledgement");
        assertTrue(receiver.context.budget().used() > 0, "the request's bytes are held while waiting");
        receiver.publisher.held.get(0).complete(null);
        assertEquals(202, c.answer().status());
        assertEquals(0, receiver.context.budget().used());
    }

    @Test
    void pastTheInFlightLimitAnotherRequestGets429AtOnce() {
        EmbeddedReceiver r = new EmbeddedReceiver(ReceiverHttpSettings.defaults().toBuilder()
                .maxBodyBytes(1000).maxInFlightBytes(1000).build());
        r.publisher.mode = TestPublisher.Mode.HOLD;
        String body = (ENTRY + "\n").repeat(5);
        assertTrue(body.length() > 600 && body.length() <= 1000, "two of them do not fit: " + body.length());
        Connection first = r.connect().send(post("/api/v1/logharbour/entries", body, KEY));
        Connection second = r.connect().send(post("/api/v1/logharbour/entries", body, KEY));
        Answer refused = second.answer();
        assertEquals(429, refused.status());
        assertEquals("too_much_in_flight", refused.errorCode());
        assertEquals("1", refused.headers().get("Retry-After"));
        r.publisher.held.get(0).complete(null);
        assertEquals(202, first.answer().status());
        assertEquals(0, r.context.budget().used());
        r.publisher.mode = TestPublisher.Mode.ACK;
        assertEquals(202, r.connect().send(post("/api/v1/logharbour/entries", body, KEY)).answer().status());
    }

    // --- HTTP/1.1 connection behaviour -----------------------------------------------------------

    @Test
    void keepAliveServesManyRequestsOnOneConnection() {
        Connection c = receiver.connect();
        for (int i = 0; i < 5; i++) {
            c.send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        }
        List<Answer> answers = c.answers();
        assertEquals(5, answers.size());
        assertTrue(answers.stream().allMatch(a -> a.status() == 202 && a.headers().get("Connection") == null));
        assertTrue(c.isOpen());
    }

    @Test
    void connectionCloseAndHttp10AreAnsweredThenClosed() {
        Connection close = receiver.connect().send(post("/api/v1/logharbour/entries", ENTRY, KEY, "Connection: close"));
        assertEquals("close", close.answer().headers().get("Connection"));
        assertFalse(close.isOpen());
        Connection old = receiver.connect().send("GET /healthz HTTP/1.0\r\n\r\n");
        assertEquals(200, old.answer().status());
        assertFalse(old.isOpen());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        receiver.publisher.mode = TestPublisher.Mode.HOLD;
        byte[] a = post("/api/v1/logharbour/entries", ENTRY, KEY);
        byte[] b = get("/healthz").getBytes(StandardCharsets.US_ASCII);
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        Connection c = receiver.connect().send(both);
        assertTrue(c.answers().isEmpty(), "the health answer waits behind the ingest answer");
        assertFalse(c.channel.config().isAutoRead(), "a pipelining sender is not read while an answer is due");
        receiver.publisher.held.get(0).complete(null);
        assertEquals(List.of(202, 200), c.answers().stream().map(Answer::status).toList());
        assertTrue(c.channel.config().isAutoRead(), "reading resumes once the answers are out");
    }

    @Test
    void aSenderThatWaitsForEachAnswerIsReadWithoutPausing() {
        // Stopping and restarting reading costs two epoll_ctl calls; only a pipelining sender needs it.
        receiver.publisher.mode = TestPublisher.Mode.HOLD;
        Connection c = receiver.connect().send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        assertTrue(c.channel.config().isAutoRead());
        receiver.publisher.held.get(0).complete(null);
        assertEquals(List.of(202), c.answers().stream().map(Answer::status).toList());
        assertTrue(c.channel.config().isAutoRead());
    }

    @Test
    void pipelinedRequestsAnsweredBeforeIngestReturnsStayInOrder() {
        // Small bodies are read and published on the event loop: the 400 and the 202 (the test
        // publisher acknowledges at once) are written while the codec is still decoding this read.
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(post("/api/v1/logharbour/entries", "{not json\n", KEY));
        all.writeBytes(post("/api/v1/logharbour/entries", ENTRY, KEY));
        all.writeBytes(get("/healthz").getBytes(StandardCharsets.US_ASCII));
        all.writeBytes(post("/api/v1/logharbour/entries", ENTRY + "\n" + ENTRY, KEY));
        Connection c = receiver.connect().send(all.toByteArray());
        assertEquals(List.of(400, 202, 200, 202), c.answers().stream().map(Answer::status).toList());
        assertEquals(3, receiver.publisher.published().size());
        assertTrue(c.isOpen());
    }

    @Test
    void expectContinueGets100BeforeTheBodyAndARefusalInsteadOf100Closes() {
        Connection ok = receiver.connect().send("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: r\r\nX-Harbour-Key: good\r\n"
                + "Expect: 100-continue\r\nContent-Length: " + ENTRY.length() + "\r\n\r\n");
        assertEquals(List.of(100), ok.answers().stream().map(Answer::status).toList());
        ok.send(ENTRY);
        assertEquals(202, ok.answer().status());

        Connection refused = receiver.connect().send("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: r\r\n"
                + "Expect: 100-continue\r\nContent-Length: " + ENTRY.length() + "\r\n\r\n");
        assertEquals(401, refused.answer().status());
        assertFalse(refused.isOpen());
    }

    // --- slow senders ----------------------------------------------------------------------------

    @Test
    void headersThatDoNotArriveInTimeGet408() {
        Connection c = receiver.connect().send("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: r\r\n");
        c.advance(5);
        assertTrue(c.answers().isEmpty());
        c.send("X-Harbour-Key: good\r\n");
        c.advance(6);
        Answer a = c.answer();
        assertEquals(408, a.status());
        assertEquals("request_timeout", a.errorCode());
        assertFalse(c.isOpen());
    }

    @Test
    void aBodyThatDoesNotArriveInTimeGets408AndGivesBackItsMemory() {
        Connection c = receiver.connect().send("POST /api/v1/logharbour/entries HTTP/1.1\r\nHost: r\r\nX-Harbour-Key: good\r\n"
                + "Content-Length: 1000\r\n\r\n{\"app\":");
        assertTrue(receiver.context.budget().used() >= 1000);
        c.advance(61);
        assertEquals(408, c.answer().status());
        assertFalse(c.isOpen());
        assertEquals(0, receiver.context.budget().used());
    }

    @Test
    void aConnectionThatNeverSendsIsClosedQuietlyAfterTheHeaderTimeout() {
        Connection c = receiver.connect();
        c.advance(9);
        assertTrue(c.isOpen());
        c.advance(2);
        assertTrue(c.answers().isEmpty());
        assertFalse(c.isOpen());
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedQuietly() {
        Connection c = receiver.connect().send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        assertEquals(202, c.answer().status());
        c.advance(59);
        assertTrue(c.isOpen());
        c.advance(2);
        assertTrue(c.answers().isEmpty());
        assertFalse(c.isOpen());
    }

    @Test
    void waitingForKafkaIsNotASlowSender() {
        receiver.publisher.mode = TestPublisher.Mode.HOLD;
        Connection c = receiver.connect().send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        c.advance(120);
        assertTrue(c.isOpen());
        receiver.publisher.held.get(0).complete(null);
        assertEquals(202, c.answer().status());
    }

    @Test
    void drainingClosesAnIdleConnectionAndABusyOneAfterItsAnswer() {
        Connection idle = receiver.connect();
        receiver.publisher.mode = TestPublisher.Mode.HOLD;
        Connection busy = receiver.connect().send(post("/api/v1/logharbour/entries", ENTRY, KEY));
        receiver.context.startDraining();
        idle.channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        busy.channel.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        assertFalse(idle.isOpen());
        assertTrue(busy.isOpen());
        receiver.publisher.held.get(0).complete(null);
        Answer a = busy.answer();
        assertEquals(202, a.status());
        assertEquals("close", a.headers().get("Connection"));
        assertFalse(busy.isOpen());
    }

    private static String key(IngestRecord record) {
        return new String(record.key(), StandardCharsets.UTF_8);
    }
}
