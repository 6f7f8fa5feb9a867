package io.harbour.query.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;

/** An {@link ApiReply} as a Netty response. */
final class Responses {
    private Responses() {
    }

    static FullHttpResponse toResponse(ApiReply reply, HttpVersion version, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, reply.status(), Unpooled.wrappedBuffer(reply.body()));
        if (reply.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (reply.retryAfter() != null) {
            // Whole seconds, rounded up and never 0: "retry at once" would only repeat the refusal.
            long seconds = Math.max(1, (reply.retryAfter().toMillis() + 999) / 1000);
            response.headers().set(HttpHeaderNames.RETRY_AFTER, seconds);
        }
        reply.headers().forEach((name, value) -> response.headers().set(name, value));
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
