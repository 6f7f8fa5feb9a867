package io.harbour.receiver.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Closes an HTTP/2 connection that has been idle (no frames either way) with no stream open, and
 * drains it on shutdown.
 *
 * <p>Draining waits for the open streams to finish before it closes (which sends GOAWAY). A
 * graceful GOAWAY with a last-stream id would be the textbook way, but the JDK's HTTP/2 client
 * before Java 24 fails every open stream on any GOAWAY (JDK-8335181), and senders and Harbour's
 * own client run on such JDKs; their requests in progress must get their answer. The server's
 * shutdown timeout bounds the wait.
 */
final class Http2ConnectionGuard extends ChannelInboundHandlerAdapter {
    private final Http2FrameCodec codec;
    private boolean draining;

    Http2ConnectionGuard(Http2FrameCodec codec) {
        this.codec = codec;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                // Deferred: the count may still include this stream while its listeners run.
                ctx.executor().execute(() -> closeIfDrained(ctx));
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            // A stream waiting for Kafka's acknowledgement is quiet but not idle.
            if (codec.connection().numActiveStreams() == 0) {
                ctx.close();
            }
            return;
        }
        if (event == DrainEvent.INSTANCE) {
            draining = true;
            closeIfDrained(ctx);
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    private void closeIfDrained(ChannelHandlerContext ctx) {
        if (draining && ctx.channel().isActive() && codec.connection().numActiveStreams() == 0) {
            ctx.close();
        }
    }
}
