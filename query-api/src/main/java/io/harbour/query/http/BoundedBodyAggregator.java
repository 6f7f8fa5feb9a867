package io.harbour.query.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Aggregates a request and its body up to {@code http.max_body_bytes}; a larger one gets the
 * JSON 413 {@code body_too_large} and the connection (or HTTP/2 stream) is closed, because the
 * rest of the body may still be on its way. Query bodies are small JSON objects, so one limit
 * and aggregation in memory are right here.
 */
final class BoundedBodyAggregator extends HttpObjectAggregator {
    private final ServerContext context;

    BoundedBodyAggregator(ServerContext context) {
        super(context.settings().maxBodyBytes());
        this.context = context;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ApiReply reply = ApiReply.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "body_too_large",
                "the request body is larger than " + context.settings().maxBodyBytes() + " bytes (http.max_body_bytes)", null);
        context.metrics().request(QueryMetrics.UNKNOWN_ROUTE, reply.status().code(), reply.code(), 0);
        ctx.writeAndFlush(Responses.toResponse(reply, HttpVersion.HTTP_1_1, false)).addListener(ChannelFutureListener.CLOSE);
    }
}
