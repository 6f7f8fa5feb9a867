package io.harbour.receiver.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps open connections, first in every pipeline so a refused connection costs no TLS handshake.
 * Past the cap a connection is closed at once: before TLS there is no way to send it an HTTP answer.
 * Also registers each connection for the graceful shutdown.
 */
@ChannelHandler.Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    private final ReceiverContext context;
    private final AtomicInteger open;

    ConnectionLimit(ReceiverContext context) {
        this.context = context;
        this.open = context.metrics().openConnections();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Counted whether kept or not: channelInactive follows either way and takes it off again.
        if (open.incrementAndGet() > context.settings().maxConnections() || context.draining()) {
            context.metrics().refused(context.draining() ? "draining" : "too_many_connections");
            ctx.close();
            return;
        }
        context.connections().add(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open.decrementAndGet();
        ctx.fireChannelInactive();
    }
}
