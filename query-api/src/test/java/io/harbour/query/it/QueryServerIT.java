package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.query.http.ApiReply;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.query.http.RouteTable;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.FreePorts;
import io.harbour.stack.HarbourStackExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The server's plumbing over real TLS: operational routes, routing errors, limits, CORS, HTTP/2, 503s. */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryServerIT {
    private static final String UI = "http://localhost:4200";

    QueryApiFixture api;
    String token;

    @BeforeAll
    void start(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        api = new QueryApiFixture(dir, es.httpUri().toString(), 100, Clock.systemUTC(), "", List.of(UI),
                QueryHttpSettings.defaults().withHostAndPort("127.0.0.1", 0).withMaxBodyBytes(4096));
        token = api.everythingToken("plumbing");
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(api.api.uri() + path)).timeout(Duration.ofSeconds(30));
    }

    @Test
    void operationalRoutes() throws Exception {
        assertEquals(200, api.get(null, "/healthz").status());
        QueryApiFixture.Answer ready = api.get(null, "/readyz");
        assertEquals(200, ready.status(), ready.toString());
        api.get(token, "/api/v1/logharbour/getapps");
        HttpResponse<String> metrics = api.http.send(request("/metrics").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("harbour_query_requests_total{route=\"/api/v1/logharbour/getapps\",status=\"200\"}"), metrics.body());
        assertTrue(metrics.body().contains("harbour_query_request_duration_seconds"), metrics.body());
    }

    @Test
    void unknownPathWrongMethodAndTooLargeBody() throws Exception {
        QueryApiFixture.Answer missing = api.get(token, "/api/v1/logharbour/nosuchcall");
        assertEquals(404, missing.status());
        assertEquals("not_found", missing.code());
        QueryApiFixture.Answer delete = api.send(api.http, request("/api/v1/logharbour/getlogs").DELETE().build());
        assertEquals(405, delete.status());
        assertEquals("method_not_allowed", delete.code());
        assertEquals("GET, POST, OPTIONS", delete.response().headers().firstValue("Allow").orElseThrow());
        QueryApiFixture.Answer big = api.send(api.http, request("/api/v1/logharbour/getlogs").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"app\":\"" + "x".repeat(5000) + "\"}")).build());
        assertEquals(413, big.status());
        assertEquals("body_too_large", big.code());
    }

    @Test
    void corsPreflightAndAnswersForConfiguredOriginsOnly() throws Exception {
        HttpResponse<String> preflight = api.http.send(request("/api/v1/logharbour/getlogs").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", UI).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals(UI, preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("Authorization"));
        HttpResponse<String> stranger = api.http.send(request("/api/v1/logharbour/getlogs").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, stranger.statusCode());
        assertTrue(stranger.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        HttpResponse<String> actual = api.http.send(request("/api/v1/logharbour/getapps").header("Origin", UI)
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, actual.statusCode());
        assertEquals(UI, actual.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    @Test
    void anHttpVersionOtherThanOneIsRefusedWith505AndTheConnectionClosed() throws Exception {
        URI uri = api.api.uri();
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) api.http.sslContext().getSocketFactory()
                .createSocket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write("GET /healthz HTTP/9.9\r\nHost: localhost\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 505 "), answer);
            assertTrue(answer.contains("http_version_not_supported"), answer);
        }
    }

    @Test
    void http2ByAlpnAndKeepAliveOnHttp11() throws Exception {
        HttpResponse<String> h2 = api.http2.send(request("/api/v1/logharbour/getapps").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, h2.version());
        assertEquals(200, h2.statusCode(), h2.body());
        // Several requests in flight at once on HTTP/2 streams and on HTTP/1.1 connections.
        List<CompletableFuture<HttpResponse<String>>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpClient client = i % 2 == 0 ? api.http2 : api.http;
            all.add(client.sendAsync(request("/api/v1/logharbour/getapps").header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertEquals(200, f.get(60, TimeUnit.SECONDS).statusCode());
        }
    }

    @Test
    void elasticsearchUnreachableIs503WithRetryAfter(@TempDir Path dir) throws Exception {
        try (QueryApiFixture away = new QueryApiFixture(dir, "http://127.0.0.1:" + FreePorts.pick(), 100, Clock.systemUTC())) {
            String t = away.everythingTokenWithoutWaiting("plumbing");
            Thread.sleep(1200);
            QueryApiFixture.Answer a = away.get(t, "/api/v1/logharbour/getapps");
            assertEquals(503, a.status(), a.toString());
            assertEquals("elasticsearch_unavailable", a.code());
            assertEquals("2", a.response().headers().firstValue("Retry-After").orElseThrow());
            assertEquals(503, away.get(null, "/readyz").status());
            assertEquals(200, away.get(null, "/healthz").status());
        }
    }

    @Test
    void aFullWorkerPoolIs503BusyAndHealthStillAnswers(@TempDir Path dir) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        RouteTable routes = RouteTable.builder()
                .get("/slow", r -> {
                    entered.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return ApiReply.json(io.harbour.model.Json.mapper().createObjectNode().put("done", true));
                }, false, false)
                .get("/healthz", r -> ApiReply.json(io.harbour.model.Json.mapper().createObjectNode()), false, true)
                .build();
        QueryServerOverTls server = new QueryServerOverTls(dir, QueryHttpSettings.defaults().withWorkers(1, 0), routes);
        try {
            HttpClient client = server.client(HttpClient.Version.HTTP_2);
            URI base = server.base;
            CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(base.resolve("/slow")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(entered.await(30, TimeUnit.SECONDS));
            HttpResponse<String> busy = client.send(HttpRequest.newBuilder(base.resolve("/slow")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, busy.statusCode());
            assertTrue(busy.body().contains("\"busy\""), busy.body());
            assertEquals("3", busy.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(200, client.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            release.countDown();
            assertEquals(200, slow.get(30, TimeUnit.SECONDS).statusCode());
        } finally {
            release.countDown();
            server.close();
        }
    }
}
