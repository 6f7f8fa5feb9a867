package io.harbour.receiver.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the TLS handshake, then builds the HTTP/2 or the HTTP/1.1 pipeline, whichever ALPN
 * chose. A client that offers no ALPN (older curl builds, many scripts) gets HTTP/1.1.
 */
final class ProtocolNegotiationHandler extends ApplicationProtocolNegotiationHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolNegotiationHandler.class);

    private final ReceiverContext context;

    ProtocolNegotiationHandler(ReceiverContext context) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.context = context;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            ReceiverServerInitializer.addHttp2(ctx.pipeline(), context);
        } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
            ReceiverServerInitializer.addHttp1(ctx.pipeline(), context);
        } else {
            throw new IllegalStateException("ALPN chose a protocol the server never offered: " + protocol);
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        // Scanners and clients that distrust our CA fail here all day: not worth a warning each.
        LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        context.metrics().refused("tls_handshake_failed");
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == DrainEvent.INSTANCE) {
            // Still in the handshake: no request is in progress yet.
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }
}
