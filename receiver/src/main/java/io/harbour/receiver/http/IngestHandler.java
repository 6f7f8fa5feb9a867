package io.harbour.receiver.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes. One instance per HTTP/1.1 connection or per HTTP/2 stream; both deliver the same
 * {@code HttpObject}s, so one handler serves both protocols.
 *
 * <p>Everything that can be decided from the headers is decided before the body is read: route
 * (404, 405), sender (401, 403), media type and coding (415), declared size (413) and room in
 * the in-flight budget (429). Only then is {@code 100 Continue} sent and the body collected. The
 * body then goes to {@link IngestService}, which reads a small one on the event loop and a larger
 * or gzip one off it; the answer comes back to the event loop through {@code ctx.executor()}, or
 * is written at once when it was known before {@code ingest()} returned.
 *
 * <p>HTTP/1.1 answers must leave in request order, so a request that arrives while the one before
 * it is being answered is held, and the handler stops reading until the answer is out. Reading is
 * stopped only then, not for every request: a sender that waits for each answer (nearly all do)
 * would otherwise cost two {@code epoll_ctl} calls per request.
 */
final class IngestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private enum State {
        /** Waiting for a request. */
        IDLE,
        /** Collecting an accepted request's body. */
        RECEIVING,
        /** The request was answered early; dropping the rest of its body. */
        DISCARDING,
        /** The body is in; waiting for the answer. Inbound messages wait in {@link #held}. */
        ANSWERING
    }

    /** One request in progress. */
    private static final class Exchange {
        final HttpVersion version;
        final long startNanos;
        final String routeLabel;
        boolean keepAlive;
        IngestRequest ingest;
        BodyBuffer body;

        Exchange(HttpVersion version, long startNanos, String routeLabel, boolean keepAlive) {
            this.version = version;
            this.startNanos = startNanos;
            this.routeLabel = routeLabel;
            this.keepAlive = keepAlive;
        }
    }

    private final ReceiverContext context;
    private final IngestAdmission admission;
    private final OperationalRoutes operational;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private State state = State.IDLE;
    private Exchange exchange;

    IngestHandler(ReceiverContext context) {
        this.context = context;
        this.admission = new IngestAdmission(context);
        this.operational = new OperationalRoutes(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.ANSWERING) {
            held.add(msg);
            // A pipelining sender: what one read decoded is held, and no more is read until the answer is out.
            ctx.channel().config().setAutoRead(false);
            return;
        }
        handle(ctx, msg);
    }

    private void handle(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                onRequest(ctx, request);
            }
            if (msg instanceof HttpContent content) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        if (state != State.IDLE) {
            // A new request while the previous body was unfinished: the stream is out of step.
            ctx.close();
            return;
        }
        long startNanos = System.nanoTime();
        Instant arrival = context.clock().instant();
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            exchange = new Exchange(request.protocolVersion(), startNanos, ReceiverMetrics.UNKNOWN_ROUTE, false);
            replyEarly(ctx, request, malformed(decoded.cause()), true);
            return;
        }
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            // Netty accepts any HTTP/x.y and the answer would echo it ("HTTP/9.9 401") and keep the
            // connection open: refuse it as HTTP/1.1 and close (HostileInputIT http-version-garbage).
            exchange = new Exchange(HttpVersion.HTTP_1_1, startNanos, ReceiverMetrics.UNKNOWN_ROUTE, false);
            replyEarly(ctx, request, Reply.error(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "http_version_not_supported",
                    "only HTTP/1.0, HTTP/1.1 and HTTP/2 are served, not " + version.text()), true);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        try {
            uri.path();
            uri.parameters();
        } catch (IllegalArgumentException badEscape) {
            // "%" or "%zz": Netty's decoder throws, which closed the connection unanswered with a
            // warning each. The sender's mistake (HostileInputIT, uri-bad-escape-*).
            exchange = new Exchange(request.protocolVersion(), startNanos, ReceiverMetrics.UNKNOWN_ROUTE, HttpUtil.isKeepAlive(request));
            replyEarly(ctx, request, Reply.error(HttpResponseStatus.BAD_REQUEST, "malformed_request",
                    "the request's URI is not valid percent-encoding: " + badEscape.getMessage()), false);
            return;
        }
        RouteTable.Match match = RouteTable.match(request.method(), uri.path());
        String label = match instanceof RouteTable.Match.Found found ? found.route().label()
                : match instanceof RouteTable.Match.WrongMethod wrong ? wrong.route().label() : ReceiverMetrics.UNKNOWN_ROUTE;
        exchange = new Exchange(request.protocolVersion(), startNanos, label, HttpUtil.isKeepAlive(request));
        if (match instanceof RouteTable.Match.NotFound) {
            replyEarly(ctx, request, Reply.error(HttpResponseStatus.NOT_FOUND, "not_found", "no route " + uri.path()), false);
        } else if (match instanceof RouteTable.Match.WrongMethod wrong) {
            replyEarly(ctx, request, Reply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    uri.path() + " answers " + wrong.route().method() + " only").withAllow(wrong.route().method().name()), false);
        } else {
            Route route = ((RouteTable.Match.Found) match).route();
            if (route.ingests()) {
                startIngest(ctx, request, uri, route, arrival);
            } else {
                replyEarly(ctx, request, operational.reply(route), false);
            }
        }
    }

    private void startIngest(ChannelHandlerContext ctx, HttpRequest request, QueryStringDecoder uri, Route route, Instant arrival) {
        IngestAdmission.Decision decision = admission.admit(ctx.channel(), request, uri, route, arrival);
        if (decision instanceof IngestAdmission.Decision.Refused refused) {
            replyEarly(ctx, request, refused.reply(), refused.close());
            return;
        }
        IngestAdmission.Decision.Admitted admitted = (IngestAdmission.Decision.Admitted) decision;
        exchange.ingest = admitted.request();
        exchange.body = admitted.body();
        state = State.RECEIVING;
        if (HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
        }
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        switch (state) {
            case RECEIVING -> {
                try {
                    if (content.decoderResult().isFailure()) {
                        // A broken chunk: what came so far is not the body the sender meant.
                        throw new HttpRefusal(HttpResponseStatus.BAD_REQUEST, "malformed_request",
                                "the request body is not valid HTTP: " + content.decoderResult().cause().getMessage());
                    }
                    exchange.body.append(content.content());
                } catch (HttpRefusal refusal) {
                    exchange.ingest.reservation().close();
                    exchange.keepAlive = false;
                    state = State.DISCARDING;
                    write(ctx, Reply.from(refusal));
                    return;
                }
                if (last) {
                    answer(ctx);
                }
            }
            case DISCARDING -> {
                if (last) {
                    state = State.IDLE;
                    exchange = null;
                    if (context.draining()) {
                        ctx.close();
                    }
                }
            }
            default -> {
                // Content with no request (IDLE) cannot come from the codecs; ANSWERING holds messages.
            }
        }
    }

    private void answer(ChannelHandlerContext ctx) {
        state = State.ANSWERING;
        Exchange current = exchange;
        byte[] body;
        try {
            body = current.body.toArray();
        } catch (HttpRefusal refusal) {
            current.ingest.reservation().close();
            finish(ctx, current, Reply.from(refusal));
            return;
        }
        current.body = null;
        context.ingest().ingest(current.ingest, body).thenAccept(reply -> {
            if (ctx.executor().inEventLoop()) {
                finish(ctx, current, reply);
            } else {
                ctx.executor().execute(() -> finish(ctx, current, reply));
            }
        });
    }

    private void finish(ChannelHandlerContext ctx, Exchange done, Reply reply) {
        if (!ctx.channel().isActive() || exchange != done) {
            return;
        }
        write(ctx, reply).addListener(future -> {
            if (!done.keepAlive || !future.isSuccess()) {
                return;
            }
            exchange = null;
            state = State.IDLE;
            ctx.channel().config().setAutoRead(true);
            while (state != State.ANSWERING && !held.isEmpty()) {
                handle(ctx, held.poll());
            }
        });
    }

    /** Answers before the body is in; the rest of the body is dropped, or the connection cut if {@code close}. */
    private void replyEarly(ChannelHandlerContext ctx, HttpRequest request, Reply reply, boolean close) {
        // A sender waiting for 100 Continue may or may not send its body now: only closing is unambiguous.
        if (close || HttpUtil.is100ContinueExpected(request) || context.draining()) {
            exchange.keepAlive = false;
        }
        state = State.DISCARDING;
        write(ctx, reply);
    }

    private ChannelFuture write(ChannelHandlerContext ctx, Reply reply) {
        Exchange current = exchange;
        boolean keepAlive = current.keepAlive && !context.draining();
        current.keepAlive = keepAlive;
        FullHttpResponse response = reply.toResponse(current.version);
        boolean http2 = ctx.channel() instanceof Http2StreamChannel;
        if (!http2) {
            HttpUtil.setKeepAlive(response, keepAlive);
        }
        ReceiverMetrics metrics = context.metrics();
        metrics.request(current.routeLabel, reply.status().code(), System.nanoTime() - current.startNanos);
        if (reply.code() != null) {
            metrics.refused(reply.code());
        }
        ChannelFuture written = ctx.writeAndFlush(response);
        // An HTTP/2 stream is not reset after an early answer, though RFC 9113 8.1 allows it: the
        // JDK's HTTP/2 client (17) then never completes the request. The rest of the body is
        // dropped as it comes, and the body timeout bounds how long that may take.
        if (!keepAlive && !http2) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }

    private static Reply malformed(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return Reply.error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
                    "the request's header fields are too large");
        }
        if (cause instanceof TooLongHttpLineException) {
            return Reply.error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request_line_too_long",
                    "the request line is too long");
        }
        return Reply.error(HttpResponseStatus.BAD_REQUEST, "malformed_request",
                "the request is not valid HTTP: " + cause.getMessage());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == DrainEvent.INSTANCE) {
            if (state == State.IDLE) {
                ctx.close();
            } else if (exchange != null) {
                exchange.keepAlive = false;
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (state == State.RECEIVING && exchange != null) {
            exchange.ingest.reservation().close();
        }
        while (!held.isEmpty()) {
            ReferenceCountUtil.release(held.poll());
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception.StreamException streamError) {
            // The peer broke HTTP/2 on this stream (a WINDOW_UPDATE of 0, say). Netty hands such
            // errors to the stream rather than resetting it, and a plain close resets it with
            // CANCEL, which Netty's limit on the resets a server sends (200 in 30 s) does not
            // count: reset it with the error's own code, so that a connection provoking resets by
            // the thousand ("MadeYouReset", CVE-2025-8671) is ended with GOAWAY ENHANCE_YOUR_CALM.
            // The peer's doing: not worth a stack trace each (HostileConnectionIT, h2-made-you-reset).
            LOG.debug("stream {} broke HTTP/2: {}", ctx.channel(), cause.toString());
            context.metrics().refused("http2_stream_error");
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(streamError.error())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        // Resets and broken TLS records are the network's doing, not ours: not worth a stack trace.
        if (cause instanceof IOException || cause.getCause() instanceof SSLException) {
            LOG.debug("connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            LOG.warn("connection {} failed", ctx.channel(), cause);
        }
        ctx.close();
    }
}
