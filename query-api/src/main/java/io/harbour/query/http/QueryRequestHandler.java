package io.harbour.query.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per HTTP/1.1 connection or HTTP/2 stream; both deliver complete requests (after
 * {@link BoundedBodyAggregator}). Routing, CORS preflights, 404 and 405 are answered on the event
 * loop; everything else goes to the worker pool (a full pool is 503 {@code busy}) and its answer
 * comes back to the event loop. HTTP/1.1 answers must leave in request order, so a pipelined
 * request waits in {@link #waiting} until the one before it is answered. While the server drains
 * ({@link Drain}), an HTTP/1.1 connection closes as soon as it has nothing left to answer.
 */
final class QueryRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(QueryRequestHandler.class);

    private final ServerContext context;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean answering;

    QueryRequestHandler(ServerContext context) {
        super(false);
        this.context = context;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (answering) {
            waiting.add(request);
            return;
        }
        start(ctx, request);
    }

    private void start(ChannelHandlerContext ctx, FullHttpRequest request) {
        long startNanos = System.nanoTime();
        answering = true;
        try {
            serve(ctx, request, startNanos);
        } finally {
            request.release();
        }
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request, long startNanos) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            finish(ctx, QueryMetrics.UNKNOWN_ROUTE, malformed(decoded.cause()), origin, false, startNanos);
            return;
        }
        io.netty.handler.codec.http.HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            // Netty's codec accepts any HTTP/x.y; as the receiver does, refuse what is not HTTP/1.x and close.
            finish(ctx, QueryMetrics.UNKNOWN_ROUTE, ApiReply.error(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
                    "http_version_not_supported", "only HTTP/1.0, HTTP/1.1 and HTTP/2 are served, not " + version.text(), null),
                    origin, false, startNanos);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        try {
            uri.path();
            uri.parameters();
        } catch (IllegalArgumentException badEscape) {
            // "%" or "%zz": Netty's decoder throws, and unanswered it closed the connection with a
            // warning each (QueryInjectionIT, raw-getlogs-who-raw-bad-escape). The caller's mistake.
            finish(ctx, QueryMetrics.UNKNOWN_ROUTE, ApiReply.error(HttpResponseStatus.BAD_REQUEST, "malformed_request",
                    "the request's URI is not valid percent-encoding: " + badEscape.getMessage(), null), origin, false, startNanos);
            return;
        }
        RouteTable.Match match = context.routes().match(request.method(), uri.path());
        if (match instanceof RouteTable.Match.NotFound) {
            finish(ctx, QueryMetrics.UNKNOWN_ROUTE, ApiReply.error(HttpResponseStatus.NOT_FOUND, "not_found",
                    "no route " + uri.path(), null), origin, keepAlive, startNanos);
            return;
        }
        Route route = match instanceof RouteTable.Match.Found found ? found.route() : ((RouteTable.Match.WrongMethod) match).route();
        if (request.method().equals(HttpMethod.OPTIONS)) {
            finish(ctx, route.label(), context.cors().preflight(route, request.headers()), null, keepAlive, startNanos);
            return;
        }
        if (match instanceof RouteTable.Match.WrongMethod) {
            finish(ctx, route.label(), ApiReply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    uri.path() + " answers " + route.allow(), null).withHeader("Allow", route.allow()), origin, keepAlive, startNanos);
            return;
        }
        ApiRequest api = new ApiRequest(request.method(), uri.path(), uri.parameters(), request.headers().copy(),
                ByteBufUtil.getBytes(request.content()), remoteAddress(ctx), null);
        if (route.inline()) {
            finish(ctx, route.label(), context.dispatcher().dispatch(route, api), origin, keepAlive, startNanos);
            return;
        }
        try {
            context.workers().execute(() -> {
                if (route.handler() instanceof StreamingHandler streaming) {
                    new ResponseStreamer(ctx, context, route, origin, keepAlive, startNanos,
                            refusal -> finish(ctx, route.label(), refusal, origin, keepAlive, startNanos), () -> answered(ctx))
                            .run(api, streaming);
                    return;
                }
                ApiReply reply = context.dispatcher().dispatch(route, api);
                ctx.executor().execute(() -> finish(ctx, route.label(), reply, origin, keepAlive, startNanos));
            });
        } catch (RejectedExecutionException e) {
            finish(ctx, route.label(), context.dispatcher().busy(), origin, keepAlive, startNanos);
        }
    }

    private void finish(ChannelHandlerContext ctx, String label, ApiReply reply, String origin,
                        boolean keepAlive, long startNanos) {
        ApiReply decorated = context.cors().decorate(reply, origin);
        context.metrics().request(label, decorated.status().code(), decorated.code(), System.nanoTime() - startNanos);
        if (!ctx.channel().isActive()) {
            return;
        }
        boolean http2 = ctx.channel() instanceof Http2StreamChannel;
        if (!http2 && waiting.isEmpty() && context.drain().started()) {
            keepAlive = false;
        }
        FullHttpResponse response = Responses.toResponse(decorated, io.netty.handler.codec.http.HttpVersion.HTTP_1_1, keepAlive || http2);
        if (http2) {
            response.headers().remove(HttpHeaderNames.CONNECTION);
        }
        var written = ctx.writeAndFlush(response);
        if (!keepAlive && !http2) {
            written.addListener(ChannelFutureListener.CLOSE);
            return;
        }
        answered(ctx);
    }

    /** The answer in progress has left (a streamed one included): the next pipelined request may start. */
    private void answered(ChannelHandlerContext ctx) {
        answering = false;
        FullHttpRequest next = waiting.poll();
        if (next != null) {
            start(ctx, next);
        } else if (context.drain().started() && !(ctx.channel() instanceof Http2StreamChannel)) {
            // A streamed answer whose head promised keep-alive before the drain began: it has left now.
            ctx.close();
        }
    }

    private static InetAddress remoteAddress(ChannelHandlerContext ctx) {
        SocketAddress address = ctx.channel() instanceof Http2StreamChannel stream
                ? stream.parent().remoteAddress() : ctx.channel().remoteAddress();
        return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    private static ApiReply malformed(Throwable cause) {
        if (cause instanceof TooLongHttpHeaderException) {
            return ApiReply.error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
                    "the request's header fields are too large", null);
        }
        if (cause instanceof TooLongHttpLineException) {
            return ApiReply.error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request_line_too_long",
                    "the request line is too long (http.max_initial_line_length); send the parameters as a POST body", null);
        }
        return ApiReply.error(HttpResponseStatus.BAD_REQUEST, "malformed_request", "the request is not valid HTTP: " + cause.getMessage(), null);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        if (event == Drain.EVENT) {
            // HTTP/1.1 only (DrainHandler): an idle connection closes now, a busy one after its answer (finish, answered).
            if (!answering) {
                ctx.close();
            }
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        while (!waiting.isEmpty()) {
            waiting.poll().release();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception.StreamException streamError) {
            // The peer broke HTTP/2 on this stream (a WINDOW_UPDATE of 0, say). Netty hands such
            // errors to the stream rather than resetting it, and a plain close resets it with
            // CANCEL, which Netty's limit on the resets a server sends (200 in 30 s) does not
            // count: reset it with the error's own code, so that a connection provoking resets by
            // the thousand ("MadeYouReset", CVE-2025-8671) is ended with GOAWAY ENHANCE_YOUR_CALM.
            // The peer's doing: not worth a stack trace each (QueryHttp2AbuseIT).
            LOG.debug("stream {} broke HTTP/2: {}", ctx.channel(), cause.toString());
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(streamError.error())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        // Resets and broken TLS records are the network's doing: not worth a stack trace.
        if (cause instanceof IOException || cause.getCause() instanceof SSLException) {
            LOG.debug("connection {} failed: {}", ctx.channel(), cause.toString());
        } else {
            LOG.warn("connection {} failed", ctx.channel(), cause);
        }
        ctx.close();
    }
}
