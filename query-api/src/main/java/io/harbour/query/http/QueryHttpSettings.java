package io.harbour.query.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The query server's listener and limits (the {@code http:} section of {@code query-api.yaml}).
 *
 * @param host                 address to bind
 * @param port                 port to bind; 0 picks a free one (tests)
 * @param ioThreads            Netty event-loop threads (TLS, HTTP codec); they never wait on Elasticsearch
 * @param workerThreads        threads that run handlers (authentication, Elasticsearch calls): at most this
 *                             many searches are in progress at once
 * @param workerQueue          requests that may wait for a worker; past it {@code 503 busy} with Retry-After
 * @param maxBodyBytes         request bodies are aggregated in memory up to this size; past it 413
 * @param maxInitialLineLength request line limit (414 past it): the GET parameters live there
 * @param maxHeaderSize        header block limit (431 past it)
 * @param maxConcurrentStreams HTTP/2 streams per connection
 * @param idleTimeout          a connection with no traffic this long is closed
 * @param shutdownTimeout      how long a close waits for answers in progress
 * @param retryAfter           the Retry-After of a 503 (busy or Elasticsearch away)
 */
public record QueryHttpSettings(String host, int port, int ioThreads, int workerThreads, int workerQueue,
                                int maxBodyBytes, int maxInitialLineLength, int maxHeaderSize, int maxConcurrentStreams,
                                Duration idleTimeout, Duration shutdownTimeout, Duration retryAfter) {

    public static QueryHttpSettings defaults() {
        // 16 workers: a search mostly waits on Elasticsearch, so more workers than cores is right;
        // more than the node's search thread pool (about 1.5 x its cores) would only queue there.
        return new QueryHttpSettings("0.0.0.0", 8090, 2, 16, 256, 1024 * 1024, 16 * 1024, 16 * 1024, 100,
                Duration.ofSeconds(120), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    public QueryHttpSettings withHostAndPort(String newHost, int newPort) {
        return new QueryHttpSettings(newHost, newPort, ioThreads, workerThreads, workerQueue, maxBodyBytes, maxInitialLineLength,
                maxHeaderSize, maxConcurrentStreams, idleTimeout, shutdownTimeout, retryAfter);
    }

    public QueryHttpSettings withWorkers(int threads, int queue) {
        return new QueryHttpSettings(host, port, ioThreads, threads, queue, maxBodyBytes, maxInitialLineLength,
                maxHeaderSize, maxConcurrentStreams, idleTimeout, shutdownTimeout, retryAfter);
    }

    public QueryHttpSettings withMaxBodyBytes(int bytes) {
        return new QueryHttpSettings(host, port, ioThreads, workerThreads, workerQueue, bytes, maxInitialLineLength,
                maxHeaderSize, maxConcurrentStreams, idleTimeout, shutdownTimeout, retryAfter);
    }

    public QueryHttpSettings withShutdownTimeout(Duration timeout) {
        return new QueryHttpSettings(host, port, ioThreads, workerThreads, workerQueue, maxBodyBytes, maxInitialLineLength,
                maxHeaderSize, maxConcurrentStreams, idleTimeout, timeout, retryAfter);
    }

    /** Each problem names its key under {@code prefix} (normally {@code http}). */
    public List<String> problems(String prefix) {
        List<String> p = new ArrayList<>();
        if (host == null || host.isBlank()) {
            p.add(prefix + ".host: required (0.0.0.0 for every interface)");
        }
        if (port < 0 || port > 65535) {
            p.add(prefix + ".port: must be 0 to 65535, not " + port);
        }
        atLeast(p, prefix + ".io_threads", ioThreads, 1);
        atLeast(p, prefix + ".worker_threads", workerThreads, 1);
        atLeast(p, prefix + ".worker_queue", workerQueue, 0);
        atLeast(p, prefix + ".max_body_bytes", maxBodyBytes, 1024);
        atLeast(p, prefix + ".max_initial_line_length", maxInitialLineLength, 1024);
        atLeast(p, prefix + ".max_header_size", maxHeaderSize, 1024);
        atLeast(p, prefix + ".max_concurrent_streams", maxConcurrentStreams, 1);
        positive(p, prefix + ".idle_timeout", idleTimeout);
        positive(p, prefix + ".shutdown_timeout", shutdownTimeout);
        positive(p, prefix + ".retry_after", retryAfter);
        return p;
    }

    private static void atLeast(List<String> p, String key, int value, int min) {
        if (value < min) {
            p.add(key + ": must be at least " + min + ", not " + value);
        }
    }

    private static void positive(List<String> p, String key, Duration d) {
        if (d == null) {
            p.add(key + ": required (ISO-8601, e.g. PT10S)");
        } else if (d.isZero() || d.isNegative()) {
            p.add(key + ": must be positive, not " + d);
        }
    }
}
