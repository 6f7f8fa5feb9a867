package io.harbour.query.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;

/**
 * Turns {@link Drain#EVENT} into the close that suits the connection's protocol, so that answers
 * in progress finish and nothing new starts. Sits in every connection's pipeline before ALPN's
 * choice, which adds the protocol's handlers after it.
 */
@ChannelHandler.Sharable
final class DrainHandler extends ChannelInboundHandlerAdapter {
    static final DrainHandler INSTANCE = new DrainHandler();

    private DrainHandler() {
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event != Drain.EVENT) {
            super.userEventTriggered(ctx, event);
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        Http2FrameCodec http2 = p.get(Http2FrameCodec.class);
        if (http2 != null) {
            closeWhenNoStreamIsOpen(ctx, http2);
        } else if (p.get(HttpServerCodec.class) != null) {
            // QueryRequestHandler knows whether an answer is under way: it closes now or after it.
            ctx.fireUserEventTriggered(event);
        } else {
            // TLS or ALPN still under way: no request can be in progress.
            ctx.close();
        }
    }

    /**
     * Waits for the open streams to finish before closing (which sends GOAWAY). A graceful GOAWAY
     * with a last-stream id first would be the textbook way, but the JDK's HTTP/2 client before
     * Java 24 fails every open stream on any GOAWAY (JDK-8335181; the receiver waits the same way
     * for the same reason). QueryServer's shutdown timeout bounds the wait.
     */
    private static void closeWhenNoStreamIsOpen(ChannelHandlerContext ctx, Http2FrameCodec codec) {
        if (codec.connection().numActiveStreams() == 0) {
            ctx.channel().close();
            return;
        }
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                // Deferred: the count may still include this stream while its listeners run.
                ctx.executor().execute(() -> {
                    if (ctx.channel().isActive() && codec.connection().numActiveStreams() == 0) {
                        ctx.channel().close();
                    }
                });
            }
        });
    }
}
