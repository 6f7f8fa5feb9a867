package io.harbour.receiver.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines against slow and silent senders, which otherwise hold a connection and its memory for
 * as long as they like. On HTTP/1.1: a request's headers must be in within the header timeout of
 * its first byte (408), its body within the body timeout of its headers (408), and a connection
 * with nothing in progress is closed after the idle timeout. On an HTTP/2 stream only the body
 * deadline applies; the connection's idleness is {@link Http2ConnectionGuard}'s.
 *
 * <p>It sits after the codec, where it sees whole requests, and learns that bytes of a new
 * request arrived from a read that decoded nothing: the codec forwards every read's completion.
 * No timer runs while an answer is awaited: that wait is the publisher's deadline, not the sender's fault.
 */
final class SlowSenderGuard extends ChannelDuplexHandler {

    private enum Reading { NOTHING, HEADERS, BODY }

    private final ReceiverContext context;
    private final boolean http2Stream;
    private Reading reading = Reading.NOTHING;
    /** Requests read (at least their headers) and not yet answered. */
    private int unanswered;
    /** Whether the request being read was already answered (early refusal). */
    private boolean answeredEarly;
    private boolean decodedInThisRead;
    private ScheduledFuture<?> deadline;
    private boolean started;

    SlowSenderGuard(ReceiverContext context, boolean http2Stream) {
        this.context = context;
        this.http2Stream = http2Stream;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started || http2Stream) {
            return;
        }
        started = true;
        // A new connection (its TLS handshake done) exists to send a request: expect its first byte
        // promptly. One that never sends is closed without an answer, like an idle one: an
        // unsolicited 408 would only confuse a client that opened the connection in advance.
        reading = Reading.NOTHING;
        arm(ctx, context.settings().headerTimeout());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        decodedInThisRead = true;
        if (msg instanceof HttpRequest) {
            unanswered++;
            answeredEarly = false;
            reading = Reading.BODY;
            arm(ctx, context.settings().bodyTimeout());
        }
        if (msg instanceof LastHttpContent) {
            reading = Reading.NOTHING;
            disarm();
            armIdleIfQuiet(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!decodedInThisRead && reading == Reading.NOTHING && !http2Stream) {
            // Bytes came in but made no complete request line and headers yet.
            reading = Reading.HEADERS;
            arm(ctx, context.settings().headerTimeout());
        }
        decodedInThisRead = false;
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean interim = msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !interim) {
            unanswered = Math.max(0, unanswered - 1);
            if (reading == Reading.BODY) {
                answeredEarly = true;
            }
            armIdleIfQuiet(ctx);
        }
        ctx.write(msg, promise);
    }

    private void armIdleIfQuiet(ChannelHandlerContext ctx) {
        if (!http2Stream && reading == Reading.NOTHING && unanswered == 0) {
            arm(ctx, context.settings().idleTimeout());
        }
    }

    private void arm(ChannelHandlerContext ctx, Duration after) {
        disarm();
        deadline = ctx.executor().schedule(() -> expired(ctx), after.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expired(ChannelHandlerContext ctx) {
        deadline = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        switch (reading) {
            case HEADERS -> timeout(ctx, "the request's headers did not arrive within " + context.settings().headerTimeout().toSeconds() + " s");
            case BODY -> {
                if (answeredEarly) {
                    ctx.close();
                } else {
                    timeout(ctx, "the request's body did not arrive within " + context.settings().bodyTimeout().toSeconds() + " s");
                }
            }
            case NOTHING -> {
                if (unanswered == 0) {
                    ctx.close();
                }
            }
        }
    }

    private void timeout(ChannelHandlerContext ctx, String message) {
        Reply reply = Reply.error(HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout", message);
        context.metrics().request(ReceiverMetrics.UNKNOWN_ROUTE, reply.status().code(), 0);
        context.metrics().refused(reply.code());
        FullHttpResponse response = reply.toResponse(HttpVersion.HTTP_1_1);
        if (!http2Stream) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }
}
