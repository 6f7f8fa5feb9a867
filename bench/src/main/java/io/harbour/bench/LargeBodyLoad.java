package io.harbour.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (c)'s load: {@code connections} new connections at once, each posting the same large
 * NDJSON body once (no retry), so the receiver must hold or refuse them all at the same moment.
 * With {@code expectContinue} a sender waits for {@code 100 Continue} before its body, as a careful
 * sender of large bodies does; without it the body follows the headers at once. An answer that
 * arrives before the server closes the connection counts, even if the body was not all sent.
 */
final class LargeBodyLoad {
    private static final int CHUNK = 64 * 1024;

    record Result(int connections, boolean expectContinue, int bodyBytes, Outcomes outcomes, long elapsedNanos) {
    }

    private final NettyHttpsClient client;
    private final String writeKey;

    LargeBodyLoad(NettyHttpsClient client, String writeKey) {
        this.client = client;
        this.writeKey = writeKey;
    }

    Result run(byte[] body, int entries, int connections, boolean expectContinue, Duration maxTime) throws InterruptedException {
        Outcomes outcomes = new Outcomes(connections);
        CountDownLatch finished = new CountDownLatch(connections);
        String confirmation = "{\"accepted\":" + entries + ",";
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            OneRequest exchange = new OneRequest(body, entries, confirmation, expectContinue, outcomes, finished);
            client.connect(() -> exchange, exchange::send, (failure, opened) -> {
                exchange.failed(failure);
                if (!opened) {
                    finished.countDown();
                }
            });
        }
        if (!finished.await(maxTime.toMillis(), TimeUnit.MILLISECONDS)) {
            outcomes.failed(new IllegalStateException(finished.getCount() + " connection(s) still open at the deadline"));
        }
        return new Result(connections, expectContinue, body.length, outcomes, System.nanoTime() - start);
    }

    /** One connection, one request, one answer (after an optional 100 Continue). */
    private final class OneRequest extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final byte[] body;
        private final int entries;
        private final String confirmation;
        private final boolean expectContinue;
        private final Outcomes outcomes;
        private final CountDownLatch finished;
        private long began;
        private boolean bodySent;
        private boolean done;
        private Throwable cause;

        OneRequest(byte[] body, int entries, String confirmation, boolean expectContinue, Outcomes outcomes, CountDownLatch finished) {
            this.body = body;
            this.entries = entries;
            this.confirmation = confirmation;
            this.expectContinue = expectContinue;
            this.outcomes = outcomes;
            this.finished = finished;
        }

        void send(Channel ch) {
            HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, client.uri().getRawPath());
            request.headers()
                    .set(HttpHeaderNames.HOST, client.uri().getHost() + ":" + client.uri().getPort())
                    .set(HttpHeaderNames.AUTHORIZATION, "Bearer " + writeKey)
                    .set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (expectContinue) {
                request.headers().set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);
            }
            began = System.nanoTime();
            ch.writeAndFlush(request);
            if (!expectContinue) {
                sendBody(ch);
            }
        }

        private void sendBody(Channel ch) {
            bodySent = true;
            // The server may answer and close before the body is all out: that failure is not the outcome.
            ch.writeAndFlush(new HttpChunkedInput(new ChunkedStream(new ByteArrayInputStream(body), CHUNK)));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            int status = response.status().code();
            if (status == 100 && expectContinue && !bodySent) {
                sendBody(ctx.channel());
                return;
            }
            if (!done) {
                done = true;
                boolean confirmed = status == 202 && response.content().toString(StandardCharsets.UTF_8).startsWith(confirmation);
                outcomes.answered(status, System.nanoTime() - began, confirmed ? entries : 0);
            }
            ctx.close();
        }

        void failed(Throwable cause) {
            if (!done) {
                done = true;
                outcomes.failed(cause);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            this.cause = cause;
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failed(cause != null ? cause : new java.nio.channels.ClosedChannelException());
            finished.countDown();
        }
    }
}
