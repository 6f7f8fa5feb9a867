package io.harbour.receiver.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every limit of the HTTP side, with defaults that suit one receiver on a small machine. Each
 * refusal a limit causes has its own status: 413 for bodies, 414 for the request line, 431 for
 * headers, 408 for slow senders, 429 for too many bytes in flight.
 *
 * @param host                  address to bind ({@code 0.0.0.0} for every interface)
 * @param port                  port to bind; 0 picks a free one (tests)
 * @param maxConnections        open connections; the next one is closed at once
 * @param maxInitialLineLength  request line ({@code POST /path HTTP/1.1}); longer gets 414
 * @param maxHeaderSize         all header fields of a request (HTTP/1.1 bytes, HTTP/2 header list); larger gets 431
 * @param maxConcurrentStreams  HTTP/2 streams one connection may have open
 * @param maxBodyBytes          a body as sent (compressed or not); larger gets 413 before it is read, when declared
 * @param maxDecompressedBytes  a gzip body once inflated; larger gets 413 (a gzip bomb stops here)
 * @param maxItemBytes          one log (NDJSON line, array element, single body); larger is a bad item. Kafka's
 *                              default {@code message.max.bytes} is about 1 MiB, so a larger log could not be stored anyway
 * @param maxJsonDepth          JSON nesting depth, enforced while parsing
 * @param maxInFlightBytes      request bytes held in memory across all connections; past it 429 at once
 * @param idleTimeout           a keep-alive connection with no request in progress is closed after this
 * @param headerTimeout         from the first byte of a request (or the TLS handshake) to the end of its headers; then 408
 * @param bodyTimeout           from the end of the headers to the end of the body; then 408
 * @param publishTimeout        a safety net over the publisher's own deadline: no answer from Kafka by then is 503
 * @param shutdownTimeout       how long a graceful shutdown lets requests in progress finish
 * @param retryAfter            the Retry-After of refusals that carry none of their own (429 from the in-flight limit)
 * @param ioThreads             Netty event loop threads; 0 for Netty's default (twice the cores)
 * @param decodeThreads         threads that inflate, parse and check bodies off the event loop (bodies over
 *                              8 KiB or gzip; smaller ones are read on the event loop); 0 for one per core
 */
public record ReceiverHttpSettings(
        String host,
        int port,
        int maxConnections,
        int maxInitialLineLength,
        int maxHeaderSize,
        int maxConcurrentStreams,
        long maxBodyBytes,
        long maxDecompressedBytes,
        int maxItemBytes,
        int maxJsonDepth,
        long maxInFlightBytes,
        Duration idleTimeout,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration publishTimeout,
        Duration shutdownTimeout,
        Duration retryAfter,
        int ioThreads,
        int decodeThreads) {

    private static final long MIB = 1024 * 1024;

    /** Arrays in Java stop short of 2 GiB; a body must fit in one. */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    public ReceiverHttpSettings {
        Objects.requireNonNull(host, "host");
        List<String> problems = problems(host, port, maxConnections, maxInitialLineLength, maxHeaderSize,
                maxConcurrentStreams, maxBodyBytes, maxDecompressedBytes, maxItemBytes, maxJsonDepth,
                maxInFlightBytes, idleTimeout, headerTimeout, bodyTimeout, publishTimeout, shutdownTimeout,
                retryAfter, ioThreads, decodeThreads);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static ReceiverHttpSettings defaults() {
        return new ReceiverHttpSettings("0.0.0.0", 8443, 10_000, 8192, 16 * 1024, 100,
                16 * MIB, 64 * MIB, (int) MIB, 64, 256 * MIB,
                Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(60),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(1), 0, 0);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The decode pool's size: {@link #decodeThreads()} or one per core. */
    int effectiveDecodeThreads() {
        return decodeThreads > 0 ? decodeThreads : Runtime.getRuntime().availableProcessors();
    }

    /** Each problem names the component, so a configuration loader can map it to its key. */
    private static List<String> problems(String host, int port, int maxConnections, int maxInitialLineLength,
                                         int maxHeaderSize, int maxConcurrentStreams, long maxBodyBytes,
                                         long maxDecompressedBytes, int maxItemBytes, int maxJsonDepth,
                                         long maxInFlightBytes, Duration idleTimeout, Duration headerTimeout,
                                         Duration bodyTimeout, Duration publishTimeout, Duration shutdownTimeout,
                                         Duration retryAfter, int ioThreads, int decodeThreads) {
        List<String> p = new ArrayList<>();
        if (host.isBlank()) {
            p.add("host: must not be blank");
        }
        if (port < 0 || port > 65_535) {
            p.add("port: must be 0 to 65535, not " + port);
        }
        atLeast(p, "maxConnections", maxConnections, 1);
        atLeast(p, "maxInitialLineLength", maxInitialLineLength, 64);
        atLeast(p, "maxHeaderSize", maxHeaderSize, 1024);
        atLeast(p, "maxConcurrentStreams", maxConcurrentStreams, 1);
        atLeast(p, "maxBodyBytes", maxBodyBytes, 1);
        atLeast(p, "maxDecompressedBytes", maxDecompressedBytes, 1);
        atLeast(p, "maxItemBytes", maxItemBytes, 1);
        atLeast(p, "maxJsonDepth", maxJsonDepth, 1);
        atLeast(p, "maxInFlightBytes", maxInFlightBytes, 1);
        if (maxBodyBytes > MAX_ARRAY_BYTES) {
            p.add("maxBodyBytes: must be at most " + MAX_ARRAY_BYTES + ", not " + maxBodyBytes);
        }
        if (maxDecompressedBytes > MAX_ARRAY_BYTES) {
            p.add("maxDecompressedBytes: must be at most " + MAX_ARRAY_BYTES + ", not " + maxDecompressedBytes);
        }
        if (maxInFlightBytes < maxBodyBytes) {
            p.add("maxInFlightBytes: must be at least maxBodyBytes (" + maxBodyBytes + "), or no full-size body could ever be received");
        }
        positive(p, "idleTimeout", idleTimeout);
        positive(p, "headerTimeout", headerTimeout);
        positive(p, "bodyTimeout", bodyTimeout);
        positive(p, "publishTimeout", publishTimeout);
        if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
            p.add("shutdownTimeout: must be zero or positive");
        }
        positive(p, "retryAfter", retryAfter);
        if (ioThreads < 0) {
            p.add("ioThreads: must be 0 (default) or more, not " + ioThreads);
        }
        if (decodeThreads < 0) {
            p.add("decodeThreads: must be 0 (one per core) or more, not " + decodeThreads);
        }
        return p;
    }

    private static void atLeast(List<String> p, String name, long value, long min) {
        if (value < min) {
            p.add(name + ": must be at least " + min + ", not " + value);
        }
    }

    private static void positive(List<String> p, String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            p.add(name + ": must be a positive duration, not " + value);
        }
    }

    /** For configuration loaders and tests: start from {@link #defaults()} and change what differs. */
    public static final class Builder {
        private String host;
        private int port;
        private int maxConnections;
        private int maxInitialLineLength;
        private int maxHeaderSize;
        private int maxConcurrentStreams;
        private long maxBodyBytes;
        private long maxDecompressedBytes;
        private int maxItemBytes;
        private int maxJsonDepth;
        private long maxInFlightBytes;
        private Duration idleTimeout;
        private Duration headerTimeout;
        private Duration bodyTimeout;
        private Duration publishTimeout;
        private Duration shutdownTimeout;
        private Duration retryAfter;
        private int ioThreads;
        private int decodeThreads;

        private Builder(ReceiverHttpSettings s) {
            host = s.host;
            port = s.port;
            maxConnections = s.maxConnections;
            maxInitialLineLength = s.maxInitialLineLength;
            maxHeaderSize = s.maxHeaderSize;
            maxConcurrentStreams = s.maxConcurrentStreams;
            maxBodyBytes = s.maxBodyBytes;
            maxDecompressedBytes = s.maxDecompressedBytes;
            maxItemBytes = s.maxItemBytes;
            maxJsonDepth = s.maxJsonDepth;
            maxInFlightBytes = s.maxInFlightBytes;
            idleTimeout = s.idleTimeout;
            headerTimeout = s.headerTimeout;
            bodyTimeout = s.bodyTimeout;
            publishTimeout = s.publishTimeout;
            shutdownTimeout = s.shutdownTimeout;
            retryAfter = s.retryAfter;
            ioThreads = s.ioThreads;
            decodeThreads = s.decodeThreads;
        }

        public Builder host(String value) { host = value; return this; }
        public Builder port(int value) { port = value; return this; }
        public Builder maxConnections(int value) { maxConnections = value; return this; }
        public Builder maxInitialLineLength(int value) { maxInitialLineLength = value; return this; }
        public Builder maxHeaderSize(int value) { maxHeaderSize = value; return this; }
        public Builder maxConcurrentStreams(int value) { maxConcurrentStreams = value; return this; }
        public Builder maxBodyBytes(long value) { maxBodyBytes = value; return this; }
        public Builder maxDecompressedBytes(long value) { maxDecompressedBytes = value; return this; }
        public Builder maxItemBytes(int value) { maxItemBytes = value; return this; }
        public Builder maxJsonDepth(int value) { maxJsonDepth = value; return this; }
        public Builder maxInFlightBytes(long value) { maxInFlightBytes = value; return this; }
        public Builder idleTimeout(Duration value) { idleTimeout = value; return this; }
        public Builder headerTimeout(Duration value) { headerTimeout = value; return this; }
        public Builder bodyTimeout(Duration value) { bodyTimeout = value; return this; }
        public Builder publishTimeout(Duration value) { publishTimeout = value; return this; }
        public Builder shutdownTimeout(Duration value) { shutdownTimeout = value; return this; }
        public Builder retryAfter(Duration value) { retryAfter = value; return this; }
        public Builder ioThreads(int value) { ioThreads = value; return this; }
        public Builder decodeThreads(int value) { decodeThreads = value; return this; }

        public ReceiverHttpSettings build() {
            return new ReceiverHttpSettings(host, port, maxConnections, maxInitialLineLength, maxHeaderSize,
                    maxConcurrentStreams, maxBodyBytes, maxDecompressedBytes, maxItemBytes, maxJsonDepth,
                    maxInFlightBytes, idleTimeout, headerTimeout, bodyTimeout, publishTimeout, shutdownTimeout,
                    retryAfter, ioThreads, decodeThreads);
        }
    }
}
