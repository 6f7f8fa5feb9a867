package io.harbour.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Phase fresh's sender: single-entry POSTs at a fixed rate (an open schedule: entry i is due at
 * start + i / rate) over {@code connections} keep-alive connections of {@link NettyHttpsClient},
 * one request at a time per connection; everything runs on the client's one event-loop thread, a
 * 1 ms ticker hands due entries to idle connections.
 */
final class PacedSender {
    interface Listener {
        /** On the event loop: entry {@code index} answered {@code status} at {@code atNanos}, {@code latencyNanos} after it was sent. */
        void answered(int index, int status, long atNanos, long latencyNanos);
    }

    private static final AttributeKey<long[]> REQUEST = AttributeKey.valueOf("bench.paced");

    private final NettyHttpsClient client;
    private final String writeKey;
    private final List<byte[]> bodies;
    private final int rate;
    private final Listener listener;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private long start;
    private int sent;
    private int inFlight;
    private long maxBehind;
    private volatile long lastAnswer;
    private volatile long failures;
    private ScheduledFuture<?> ticker;

    PacedSender(NettyHttpsClient client, String writeKey, List<byte[]> bodies, int rate, Listener listener) {
        this.client = client;
        this.writeKey = writeKey;
        this.bodies = bodies;
        this.rate = rate;
        this.listener = listener;
    }

    /** Sends every body on schedule; returns when all are answered (or the time is up). */
    void run(int connections, long maxSeconds) throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            client.connect(() -> new Handler(), ch -> {
                idle.add(ch);
                connected.countDown();
            }, (failure, opened) -> {
                failures++;
                connected.countDown();
            });
        }
        if (!connected.await(60, TimeUnit.SECONDS) || idle.isEmpty()) {
            throw new IllegalStateException("paced sender: connections not ready");
        }
        Channel any = idle.peek();
        any.eventLoop().execute(() -> {
            start = System.nanoTime();
            ticker = any.eventLoop().scheduleAtFixedRate(this::dispatch, 0, 1, TimeUnit.MILLISECONDS);
        });
        if (!done.await(maxSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("paced sender: not finished within " + maxSeconds + " s");
        }
        any.eventLoop().execute(() -> idle.forEach(Channel::close));
    }

    int sent() {
        return sent;
    }

    long maxBehind() {
        return maxBehind;
    }

    /** Entries answered per second, from the first send to the last answer. */
    double achievedRate() {
        return sent / ((lastAnswer - start) / 1e9);
    }

    long failures() {
        return failures;
    }

    private void dispatch() {
        long due = Math.min(bodies.size(), (System.nanoTime() - start) * rate / 1_000_000_000L);
        maxBehind = Math.max(maxBehind, due - sent);
        while (sent < due && !idle.isEmpty()) {
            send(idle.poll(), sent++);
        }
        if (sent == bodies.size() && inFlight == 0) {
            ticker.cancel(false);
            done.countDown();
        }
    }

    private void send(Channel ch, int index) {
        byte[] body = bodies.get(index);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, client.uri().getRawPath(),
                Unpooled.wrappedBuffer(body));
        request.headers()
                .set(HttpHeaderNames.HOST, client.uri().getHost() + ":" + client.uri().getPort())
                .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + writeKey)
                .set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        ch.attr(REQUEST).set(new long[] {index, System.nanoTime()});
        inFlight++;
        ch.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                failures++;
                ch.close();
            }
        });
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            long now = System.nanoTime();
            long[] r = ctx.channel().attr(REQUEST).getAndSet(null);
            if (r == null) {
                return;
            }
            inFlight--;
            lastAnswer = now;
            listener.answered((int) r[0], response.status().code(), now, now - r[1]);
            idle.add(ctx.channel());
            dispatch();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel().attr(REQUEST).getAndSet(null) != null) {
                inFlight--;
                failures++;
            }
            idle.remove(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failures++;
            ctx.close();
        }
    }
}
