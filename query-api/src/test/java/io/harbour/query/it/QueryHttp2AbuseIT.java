package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.certs.ClientTls;
import io.harbour.receiver.http.RawHttp2;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API's HTTP/2 pipeline under the stream-reset attacks the receiver's
 * HostileConnectionIT runs (its {@code h2-*} cases): rapid reset (CVE-2023-44487) and streams the
 * server must reset itself ("MadeYouReset", CVE-2025-8671), here GETs whose search is already on a
 * worker when the stream is broken. Each connection must end with GOAWAY ENHANCE_YOUR_CALM long
 * before the 10,000 streams are through, and the server must answer normally afterwards, over
 * HTTP/2 and HTTP/1.1.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryHttp2AbuseIT {
    private static final int STREAMS = 10_000;
    private static final String PATH = "/api/v1/logharbour/getapps";

    QueryApiFixture api;
    String token;

    @BeforeAll
    void start(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        api = new QueryApiFixture(dir, es.httpUri().toString(), 100, Clock.systemUTC());
        token = api.everythingToken("abuse");
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void rapidResetEndsTheConnection() throws Exception {
        attack("rapid reset", (h2, stream, headers) -> {
            h2.frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS | RawHttp2.END_STREAM, stream, headers);
            h2.rstStream(stream, RawHttp2.CANCEL);
        });
    }

    @Test
    void streamsTheServerMustResetEndTheConnection() throws Exception {
        attack("made you reset", (h2, stream, headers) -> {
            h2.frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS | RawHttp2.END_STREAM, stream, headers);
            // a zero increment is a stream error: the server has to reset the stream itself
            h2.frame(RawHttp2.WINDOW_UPDATE, 0, stream, RawHttp2.int32(0));
        });
    }

    interface Pair {
        void send(RawHttp2 h2, int stream, byte[] headers) throws IOException;
    }

    private void attack(String name, Pair pair) throws Exception {
        byte[] headers = RawHttp2.requestHeaders("GET", PATH, "127.0.0.1", "authorization", "Bearer " + token);
        int sent = 0;
        long began = System.nanoTime();
        try (RawHttp2 h2 = new RawHttp2(ClientTls.jdkContext(List.of(api.ca.certificate()), null), "127.0.0.1",
                api.api.uri().getPort()).startReading()) {
            try {
                for (; sent < STREAMS; sent++) {
                    pair.send(h2, 2 * sent + 1, headers);
                    if (sent % 64 == 63) {
                        h2.flush();
                    }
                }
                h2.flush();
            } catch (IOException cut) {
                // the server ended the connection while we were still sending
            }
            boolean closed = h2.awaitClosed(20);
            int handled = h2.responseHeaders.get() + h2.resetsByCode.values().stream().mapToInt(AtomicInteger::get).sum();
            System.out.printf("QueryHttp2AbuseIT: %s: sent %d of %d in %.2f s; GOAWAY %s; resets %s; response HEADERS %d; closed %s%n",
                    name, sent, STREAMS, (System.nanoTime() - began) / 1e9, h2.goAway(), h2.resetsByCode, h2.responseHeaders.get(), closed);
            assertTrue(closed, name + ": the server ends the connection");
            assertEquals("ENHANCE_YOUR_CALM", h2.goAway(), name);
            assertTrue(handled < 1000, name + ": the server dealt with " + handled + " streams before it cut the connection");
        }
        for (HttpClient client : List.of(api.http2, api.http)) {
            var answer = api.send(client, HttpRequest.newBuilder(URI.create(api.api.uri() + PATH)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).GET().build());
            assertEquals(200, answer.status(), name + ": the server still answers: " + answer);
        }
    }
}
