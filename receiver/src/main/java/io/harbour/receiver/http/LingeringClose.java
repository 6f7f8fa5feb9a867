package io.harbour.receiver.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/2 connection the way nginx's {@code lingering_close} does: first the sending half
 * (after what is queued, so after GOAWAY and TLS's close_notify), then it reads and throws away
 * what the client still sends until the client closes or {@link #LINGER_MILLIS} pass, then closes.
 *
 * <p>Why: a server that closes a socket while the client's frames are still unread in its receive
 * buffer makes the kernel answer with a reset, and a reset throws away whatever of the server's
 * last bytes has not left yet. A client flooding streams was seen to read the server's
 * REFUSED_STREAM resets and then a reset, never the GOAWAY ENHANCE_YOUR_CALM that says why
 * (HostileConnectionIT, once in about ten runs on a loaded machine). Placed next to the socket,
 * below TLS, so it sees the final close and the raw bytes.
 */
final class LingeringClose extends ChannelDuplexHandler {
    static final long LINGER_MILLIS = 1_000;

    private boolean lingering;

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (lingering || !ctx.channel().isActive() || !(ctx.channel() instanceof DuplexChannel duplex)
                || duplex.isOutputShutdown()) {
            ctx.close(promise);
            return;
        }
        lingering = true;
        ctx.channel().closeFuture().addListener(closed -> promise.trySuccess());
        ctx.flush();
        duplex.shutdownOutput().addListener(shut -> {
            // Reading on is what keeps the receive buffer empty; the client's close (end of stream) closes the channel.
            ctx.channel().config().setAutoRead(true);
            ctx.read();
            ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (lingering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
