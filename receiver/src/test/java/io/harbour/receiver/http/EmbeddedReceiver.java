package io.harbour.receiver.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 pipeline on an {@link EmbeddedChannel}, with an in-memory publisher and
 * authentication, a fixed clock and decoding on the calling thread: exact, fast, no sockets.
 */
final class EmbeddedReceiver {
    static final Instant NOW = Instant.parse("2026-11-23T05:56:38.123456789Z");
    static final long NOW_NANOS = 1_795_413_398_123_456_789L;

    final TestPublisher publisher = new TestPublisher();
    final TestAuthentication authentication = new TestAuthentication();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ReceiverContext context;

    EmbeddedReceiver() {
        this(ReceiverHttpSettings.defaults());
    }

    EmbeddedReceiver(ReceiverHttpSettings settings) {
        context = new ReceiverContext(settings, authentication, publisher, registry, Clock.fixed(NOW, ZoneOffset.UTC), Runnable::run);
    }

    Connection connect() {
        return new Connection();
    }

    /** One answer as a client reads it. */
    record Answer(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String errorCode() {
            return json().path("error").path("code").asText();
        }
    }

    final class Connection {
        final EmbeddedChannel channel = new EmbeddedChannel();
        private final EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(64 << 20));

        Connection() {
            // Frozen before the guard arms its first deadline, so tests move time themselves.
            channel.freezeTime();
            ReceiverServerInitializer.addHttp1(channel.pipeline(), context);
        }

        Connection send(String raw) {
            return send(raw.getBytes(StandardCharsets.ISO_8859_1));
        }

        Connection send(byte[] raw) {
            channel.writeInbound(Unpooled.wrappedBuffer(raw));
            channel.runPendingTasks();
            return this;
        }

        Connection advance(long seconds) {
            channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
            channel.runPendingTasks();
            return this;
        }

        /** Every answer written so far. */
        List<Answer> answers() {
            channel.runPendingTasks();
            for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
                client.writeInbound((ByteBuf) out);
            }
            List<Answer> answers = new ArrayList<>();
            for (Object in = client.readInbound(); in != null; in = client.readInbound()) {
                FullHttpResponse r = (FullHttpResponse) in;
                answers.add(new Answer(r.status().code(), r.headers(), r.content().toString(StandardCharsets.UTF_8)));
                r.release();
            }
            return answers;
        }

        /** The one answer written since the last look. */
        Answer answer() {
            List<Answer> all = answers();
            if (all.size() != 1) {
                throw new AssertionError("expected one answer, got " + all);
            }
            return all.get(0);
        }

        boolean isOpen() {
            channel.runPendingTasks();
            return channel.isOpen();
        }
    }

    /** A raw HTTP/1.1 request with a body and Content-Length. */
    static byte[] post(String path, String body, String... headers) {
        return post(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    static byte[] post(String path, byte[] body, String... headers) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: receiver\r\n");
        boolean typed = false;
        for (String h : headers) {
            head.append(h).append("\r\n");
            typed |= h.regionMatches(true, 0, "content-type:", 0, 13);
        }
        if (!typed) {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: receiver\r\n\r\n";
    }
}
