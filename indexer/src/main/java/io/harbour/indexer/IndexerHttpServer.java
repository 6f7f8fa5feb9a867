package io.harbour.indexer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The indexer's operational server, plain HTTP: {@code GET /healthz} (the process is up),
 * {@code GET /readyz} (200 while {@link Indexer#readiness()} says ready, else 503 with the reason
 * as JSON) and {@code GET /metrics} (Prometheus text). Other paths are 404, other methods on these
 * paths 405; nothing else is served, so there is no authentication: bind it where only the
 * engine's health check and Prometheus reach it.
 *
 * <p>It uses the JDK's {@code com.sun.net.httpserver} (module {@code jdk.httpserver}, in every JDK
 * and JRE image including the one the Dockerfile uses) rather than Netty: the indexer module has
 * no Netty on its classpath (only the receiver and the query API do), and three tiny GET routes
 * scraped every few seconds need neither TLS, HTTP/2 nor an event loop. One daemon worker thread
 * answers them in turn, off the poll thread.
 */
final class IndexerHttpServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "harbour-indexer-http");
        t.setDaemon(true);
        return t;
    });

    private IndexerHttpServer(HttpServer server) {
        this.server = server;
    }

    /** Binds {@code host:port} (0: any free port) and starts answering. */
    static IndexerHttpServer start(String host, int port, Supplier<Indexer.Readiness> readiness, PrometheusMeterRegistry registry)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 50);
        IndexerHttpServer s = new IndexerHttpServer(server);
        server.createContext("/", exchange -> {
            try (exchange) {
                s.handle(exchange, readiness, registry);
            }
        });
        server.setExecutor(s.worker);
        server.start();
        return s;
    }

    private void handle(HttpExchange exchange, Supplier<Indexer.Readiness> readiness, PrometheusMeterRegistry registry) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!Indexer.HTTP_PATHS.contains(path)) {
            send(exchange, 404, "application/json", "{\"error\":\"not_found\"}");
            return;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "application/json", "{\"error\":\"method_not_allowed\"}");
            return;
        }
        switch (path) {
            case "/healthz" -> send(exchange, 200, "application/json", "{\"status\":\"up\"}");
            case "/readyz" -> {
                Indexer.Readiness r = readiness.get();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("ready", r.ready());
                if (!r.ready()) {
                    body.put("reason", r.reason());
                }
                send(exchange, r.ready() ? 200 : 503, "application/json", JSON.writeValueAsString(body));
            }
            case "/metrics" -> send(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
            default -> throw new IllegalStateException("a path in Indexer.HTTP_PATHS without a route: " + path);
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        worker.shutdownNow();
        // Waited for, so that a closed indexer has no thread left behind (its owner may check, and
        // a test that counts threads by name otherwise races the worker's exit).
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
