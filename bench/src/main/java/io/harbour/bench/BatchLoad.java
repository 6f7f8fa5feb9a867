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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (a)'s sender: {@code connections} keep-alive connections of {@link NettyHttpsClient},
 * each posting NDJSON batches back to back, one at a time, until {@code requests} have been sent
 * or {@code maxTime} has passed. A request counts as accepted only on 202 with
 * {@code "accepted":N} for all its entries. With a {@link Protocol} other than Harbour's the same
 * sender posts another server's batches (phase flume: Flume's JSON arrays, accepted on 200).
 */
final class BatchLoad {
    /**
     * What a request looks like and what counts as accepting all its entries.
     *
     * @param authorization   the Authorization header, or null for none
     * @param acceptedStatus  the status that accepts the whole batch
     * @param confirmedInBody whether the body must also start with {@code {"accepted":N,} (Harbour's 202)
     */
    record Protocol(String contentType, String authorization, int acceptedStatus, boolean confirmedInBody) {
        /** Harbour's receiver: NDJSON, a write key, 202 with {"accepted":N,...}. */
        static Protocol harbour(String writeKey) {
            return new Protocol("application/x-ndjson", "Bearer " + writeKey, 202, true);
        }

        /** Flume's HTTP source with its JSONHandler: a JSON array of events, no authentication, 200 with an empty body. */
        static Protocol flumeJson() {
            return new Protocol("application/json; charset=UTF-8", null, 200, false);
        }
    }

    record Result(int connections, long requests, Outcomes outcomes, long elapsedNanos, long bodyBytes) {
        double seconds() {
            return elapsedNanos / 1e9;
        }

        double entriesPerSecond() {
            return outcomes.acceptedEntries() / seconds();
        }
    }

    private static final io.netty.util.AttributeKey<Long> STARTED = io.netty.util.AttributeKey.valueOf("bench.started");

    private final NettyHttpsClient client;
    private final Protocol protocol;

    BatchLoad(NettyHttpsClient client, String writeKey) {
        this(client, Protocol.harbour(writeKey));
    }

    BatchLoad(NettyHttpsClient client, Protocol protocol) {
        this.client = client;
        this.protocol = protocol;
    }

    Result run(List<byte[]> bodies, int entriesPerBody, int connections, long requests, Duration maxTime) throws InterruptedException {
        Run run = new Run(bodies, entriesPerBody, requests, System.nanoTime() + maxTime.toNanos(), connections);
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            client.connect(() -> new Sender(run), run::next, (failure, opened) -> {
                run.outcomes.failed(failure);
                if (!opened) {
                    run.finished.countDown();
                }
            });
        }
        if (!run.finished.await(maxTime.toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
            run.outcomes.failed(new IllegalStateException("connections still busy past the deadline"));
        }
        return new Result(connections, requests, run.outcomes, System.nanoTime() - start, run.bytes.get());
    }

    /** The shared state of one run: tickets, deadline, outcomes. */
    private final class Run {
        final List<byte[]> bodies;
        final String confirmation;
        final int entries;
        final AtomicLong tickets;
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final long deadline;
        final Outcomes outcomes;
        final CountDownLatch finished;

        Run(List<byte[]> bodies, int entries, long requests, long deadline, int connections) {
            this.bodies = bodies;
            this.entries = entries;
            this.confirmation = protocol.confirmedInBody() ? "{\"accepted\":" + entries + "," : null;
            this.tickets = new AtomicLong(requests);
            this.deadline = deadline;
            this.outcomes = new Outcomes((int) Math.min(requests, 1_000_000));
            this.finished = new CountDownLatch(connections);
        }

        /** Sends the next request on {@code ch}, or closes it when the tickets or the time are used up. */
        void next(Channel ch) {
            if (System.nanoTime() >= deadline || tickets.getAndDecrement() <= 0) {
                ch.close();
                return;
            }
            byte[] body = bodies.get((int) (sent.getAndIncrement() % bodies.size()));
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                    client.uri().getRawPath(), Unpooled.wrappedBuffer(body));
            request.headers()
                    .set(HttpHeaderNames.HOST, client.uri().getHost() + ":" + client.uri().getPort())
                    .set(HttpHeaderNames.CONTENT_TYPE, protocol.contentType())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (protocol.authorization() != null) {
                request.headers().set(HttpHeaderNames.AUTHORIZATION, protocol.authorization());
            }
            ch.attr(STARTED).set(System.nanoTime());
            bytes.addAndGet(body.length);
            ch.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    outcomes.failed(f.cause());
                    ch.close();
                }
            });
        }
    }

    /** Records each answer and sends the next request on the same connection. */
    private final class Sender extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final Run run;

        Sender(Run run) {
            this.run = run;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            long latency = System.nanoTime() - ctx.channel().attr(STARTED).get();
            int status = response.status().code();
            boolean confirmed = status == protocol.acceptedStatus()
                    && (run.confirmation == null || response.content().toString(StandardCharsets.UTF_8).startsWith(run.confirmation));
            run.outcomes.answered(status, latency, confirmed ? run.entries : 0);
            run.next(ctx.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            run.finished.countDown();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            run.outcomes.failed(cause);
            ctx.close();
        }
    }
}
