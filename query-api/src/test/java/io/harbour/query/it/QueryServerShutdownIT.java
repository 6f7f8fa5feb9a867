package io.harbour.query.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.query.http.BodyStream;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.query.http.RouteTable;
import io.harbour.query.http.StreamedReply;
import io.harbour.query.http.StreamingHandler;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The query API's graceful close, which {@code harbour query-api} runs on SIGTERM (its shutdown
 * hook closes {@code QueryApi}, which closes this server): with a streamed answer in progress,
 * {@code close()} refuses new connections at once, lets the answer finish whole on its connection
 * and returns once it has left, over HTTP/1.1 and HTTP/2.
 *
 * <p>The answer is a streamed body of three lines whose second waits for the test, so it is surely
 * in progress when the close starts; its third part is produced after that wait, on a worker, as
 * an export's next page is. A close that stopped the workers before the connections were done, as
 * the query server's first close did, cut it there.
 */
class QueryServerShutdownIT {
    /** Far longer than the drain takes: a close that returns well within it did not give up waiting. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofMinutes(10);

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void closeRefusesNewConnectionsFinishesTheAnswerInProgressAndReturns(HttpClient.Version version, @TempDir Path dir) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RouteTable routes = RouteTable.builder()
                .get("/held", (StreamingHandler) request -> new StreamedReply(HttpResponseStatus.OK, "application/x-ndjson", Map.of(),
                        new HeldBody(release), false), false, false)
                .build();
        QueryServerOverTls server = new QueryServerOverTls(dir, QueryHttpSettings.defaults().withShutdownTimeout(SHUTDOWN_TIMEOUT), routes);
        CompletableFuture<Void> closing = null;
        try {
            HttpResponse<InputStream> answer = server.client(version)
                    .send(HttpRequest.newBuilder(server.base.resolve("/held")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, answer.statusCode());
            assertEquals(version, answer.version(), "the protocol under test");
            List<String> lines = new ArrayList<>();
            try (BufferedReader body = new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
                lines.add(body.readLine());

                closing = CompletableFuture.runAsync(server::close);
                await().atMost(Duration.ofMinutes(1)).until(() -> refused(server.port));
                assertFalse(closing.isDone(), "close() waits while the answer is in progress");

                release.countDown();
                String line;
                while ((line = body.readLine()) != null) {
                    lines.add(line);
                }
            }
            assertEquals(List.of("part 1", "part 2", "part 3"), lines, "the answer in progress finished whole");
            // Bounded only so that a close that waited out its timeout fails rather than passes slowly.
            closing.get(SHUTDOWN_TIMEOUT.toMinutes() / 2, TimeUnit.MINUTES);
            assertTrue(refused(server.port), "still refused after the close");
        } finally {
            release.countDown();
            if (closing == null) {
                server.close();
            }
        }
    }

    /** True when nothing listens on the port any more (a connection the server accepts and then closes is not refused). */
    private static boolean refused(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            return false;
        } catch (ConnectException refusedByTheKernel) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Three lines; the second waits until the test releases it. */
    private static final class HeldBody implements BodyStream {
        private final CountDownLatch release;
        private int parts;

        HeldBody(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public boolean writeNext(OutputStream out) throws IOException {
            parts++;
            if (parts == 2) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while held", e);
                }
            }
            out.write(("part " + parts + "\n").getBytes(StandardCharsets.UTF_8));
            return parts < 3;
        }

        @Override
        public void close() {
        }
    }
}
