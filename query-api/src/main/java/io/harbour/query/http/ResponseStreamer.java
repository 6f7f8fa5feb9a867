package io.harbour.query.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one {@link StreamingHandler}'s answer: the handler opens the stream on a worker (through
 * the {@link Dispatcher}, so authentication and every refusal are answered as usual), then the
 * head leaves, then the parts, one at a time:
 * <pre>
 *   worker: part = body.writeNext()  ->  event loop: write(part)  ->  written and channel writable?
 *        ^                                                                 |
 *        +---------------------------- yes, on a worker -------------------+
 * </pre>
 * A part is produced only after the previous one has been written to the connection and the
 * channel is writable (for HTTP/2 that includes the stream's flow-control window), so the server
 * holds at most one part per answer however slowly the client reads. Workers are held only while
 * a part is produced, never while a client is slow. A failure after the head is sent resets the
 * connection (HTTP/1.1) or the stream (HTTP/2): the status is already 200, and a truncated body
 * must not look complete. HTTP/1.1 bodies are chunked; gzip is applied here, part by part with
 * a sync flush, so each part can be decompressed as it arrives.
 */
final class ResponseStreamer {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseStreamer.class);
    /** What the opening handler answers in place of the stream: compared by identity, never sent. */
    private static final ApiReply OPENED = ApiReply.empty(io.netty.handler.codec.http.HttpResponseStatus.OK);
    private static final long RETRY_REJECTED_MILLIS = 50;

    private final ChannelHandlerContext ctx;
    private final ServerContext context;
    private final Route route;
    private final String origin;
    private final boolean keepAlive;
    private final long startNanos;
    private final Consumer<ApiReply> refuse;
    private final Runnable answered;
    private final boolean http2;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private StreamedReply reply;
    private OutputStream out;
    private GZIPOutputStream gzip;
    private boolean ended;
    private Runnable whenWritable;
    private final ChannelInboundHandlerAdapter watcher = new ChannelInboundHandlerAdapter() {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext c) throws Exception {
            if (c.channel().isWritable() && whenWritable != null) {
                Runnable r = whenWritable;
                whenWritable = null;
                r.run();
            }
            super.channelWritabilityChanged(c);
        }

        @Override
        public void channelInactive(ChannelHandlerContext c) throws Exception {
            end(false, "the client went away");
            super.channelInactive(c);
        }
    };

    /**
     * @param refuse   sends an ordinary answer (a refusal) on the event loop, as any route's
     * @param answered called on the event loop once the whole body has left on a connection that stays open
     */
    ResponseStreamer(ChannelHandlerContext ctx, ServerContext context, Route route, String origin, boolean keepAlive,
                     long startNanos, Consumer<ApiReply> refuse, Runnable answered) {
        this.ctx = ctx;
        this.context = context;
        this.route = route;
        this.origin = origin;
        this.keepAlive = keepAlive;
        this.startNanos = startNanos;
        this.refuse = refuse;
        this.answered = answered;
        this.http2 = ctx.channel() instanceof Http2StreamChannel;
    }

    /** On a worker: authenticate and open, then hand the head to the event loop. */
    void run(ApiRequest request, StreamingHandler handler) {
        StreamedReply[] opened = new StreamedReply[1];
        Route opening = new Route(route.path(), route.methods(), route.authenticated(), false, authenticated -> {
            try {
                opened[0] = handler.open(authenticated);
                return OPENED;
            } catch (ReplyException refusal) {
                return refusal.reply();
            }
        });
        ApiReply answer = context.dispatcher().dispatch(opening, request);
        if (answer != OPENED) {
            ctx.executor().execute(() -> refuse.accept(answer));
            return;
        }
        reply = opened[0];
        try {
            if (reply.gzip()) {
                gzip = new GZIPOutputStream(buffer, 8192, true);
                out = gzip;
            } else {
                out = buffer;
            }
        } catch (IOException e) {
            throw new IllegalStateException("a gzip header into memory cannot fail", e);
        }
        ctx.executor().execute(this::sendHead);
    }

    private void sendHead() {
        if (!ctx.channel().isActive()) {
            end(false, "the client went away before the answer");
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, reply.status());
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach(head.headers()::set);
        context.cors().decorate(ApiReply.empty(reply.status()), origin).headers().forEach(head.headers()::set);
        head.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        if (reply.gzip()) {
            head.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        if (!http2) {
            HttpUtil.setTransferEncodingChunked(head, true);
            if (!keepAlive) {
                head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }
        ctx.pipeline().addLast(watcher);
        ctx.writeAndFlush(head).addListener(f -> {
            if (!f.isSuccess()) {
                abort(f.cause());
                return;
            }
            produceWhenWritable();
        });
    }

    /** On the event loop: the next part once the channel can take it. */
    private void produceWhenWritable() {
        if (ended) {
            return;
        }
        if (ctx.channel().isWritable()) {
            submit();
        } else {
            whenWritable = this::submit;
        }
    }

    private void submit() {
        try {
            context.workers().execute(this::produce);
        } catch (RejectedExecutionException e) {
            // Every worker busy and the queue full: this answer is already under way, so wait a little rather than fail it.
            ctx.executor().schedule(this::submit, RETRY_REJECTED_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** On a worker. */
    private void produce() {
        boolean more;
        byte[] bytes;
        try {
            more = reply.body().writeNext(out);
            if (gzip != null) {
                if (more) {
                    gzip.flush();
                } else {
                    gzip.finish();
                }
            }
            bytes = buffer.toByteArray();
            buffer.reset();
        } catch (IOException | RuntimeException e) {
            // The source failed (Elasticsearch away, a bug): worth a warning, unlike a client leaving.
            LOG.warn("{}: the streamed answer failed after its head was sent", route.path(), e);
            ctx.executor().execute(() -> abort(e));
            return;
        }
        ctx.executor().execute(() -> write(bytes, more));
    }

    private void write(byte[] bytes, boolean more) {
        if (ended) {
            return;
        }
        if (!ctx.channel().isActive()) {
            end(false, "the client went away");
            return;
        }
        if (bytes.length == 0 && more) {
            produceWhenWritable();
            return;
        }
        HttpContent part = more ? new DefaultHttpContent(Unpooled.wrappedBuffer(bytes))
                : new DefaultLastHttpContent(Unpooled.wrappedBuffer(bytes));
        ctx.writeAndFlush(part).addListener(f -> {
            if (!f.isSuccess()) {
                abort(f.cause());
            } else if (more) {
                produceWhenWritable();
            } else {
                complete();
            }
        });
    }

    private void complete() {
        end(true, null);
        if (!keepAlive && !http2) {
            ctx.close();
        } else {
            answered.run();
        }
    }

    private void abort(Throwable cause) {
        end(false, String.valueOf(cause));
        // The head said 200: only a reset tells the client the body is not whole.
        ctx.close();
    }

    private void end(boolean whole, String why) {
        if (ended) {
            return;
        }
        ended = true;
        whenWritable = null;
        if (ctx.pipeline().context(watcher) != null) {
            ctx.pipeline().remove(watcher);
        }
        context.metrics().request(route.label(), reply == null ? 499 : reply.status().code(), whole ? null : "stream_ended_early",
                System.nanoTime() - startNanos);
        if (!whole) {
            LOG.debug("{}: stream ended early: {}", route.path(), why);
        }
        BodyStream body = reply == null ? null : reply.body();
        if (body != null) {
            // Closing may call Elasticsearch (a point in time to delete): never on the event loop.
            try {
                context.workers().execute(body::close);
            } catch (RejectedExecutionException e) {
                ForkJoinPool.commonPool().execute(body::close);
            }
        }
    }
}
