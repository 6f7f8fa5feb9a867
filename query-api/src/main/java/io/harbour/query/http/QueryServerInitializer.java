package io.harbour.query.http;

import io.harbour.certs.ReloadingSslContext;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of one connection: TLS (a context from {@link ReloadingSslContext}, so a renewed
 * certificate serves the next connection), then ALPN picks HTTP/2 or HTTP/1.1 (a client without
 * ALPN gets HTTP/1.1). Both end in {@link BoundedBodyAggregator} and {@link QueryRequestHandler},
 * per connection for HTTP/1.1 and per stream for HTTP/2.
 */
final class QueryServerInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServerInitializer.class);

    private final ReloadingSslContext tls;
    private final ServerContext context;

    QueryServerInitializer(ReloadingSslContext tls, ServerContext context) {
        this.tls = tls;
        this.context = context;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        if (context.drain().started()) {
            // Accepted in the moment before the listener closed: the server is shutting down.
            ch.close();
            return;
        }
        context.connections().add(ch);
        ChannelPipeline p = ch.pipeline();
        SslHandler ssl = tls.newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(10_000);
        p.addLast(ssl);
        p.addLast(new IdleStateHandler(0, 0, context.settings().idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
        p.addLast(DrainHandler.INSTANCE);
        p.addLast(new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
            @Override
            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                    addHttp2(ctx.pipeline());
                } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
                    addHttp1(ctx.pipeline());
                } else {
                    throw new IllegalStateException("ALPN chose a protocol the server never offered: " + protocol);
                }
            }

            @Override
            protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                // Scanners and clients that distrust our CA fail here all day: not worth a warning each.
                LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
                ctx.close();
            }
        });
    }

    private void addHttp1(ChannelPipeline p) {
        QueryHttpSettings s = context.settings();
        p.addLast(new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(s.maxInitialLineLength())
                .setMaxHeaderSize(s.maxHeaderSize())));
        p.addLast(new HttpServerKeepAliveHandler());
        p.addLast(new BoundedBodyAggregator(context));
        p.addLast(new QueryRequestHandler(context));
    }

    private void addHttp2(ChannelPipeline p) {
        QueryHttpSettings s = context.settings();
        p.addLast(Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(s.maxConcurrentStreams())
                        .maxHeaderListSize(s.maxHeaderSize()))
                .gracefulShutdownTimeoutMillis(s.shutdownTimeout().toMillis())
                .build());
        p.addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                stream.pipeline().addLast(new BoundedBodyAggregator(context));
                stream.pipeline().addLast(new QueryRequestHandler(context));
            }
        }));
    }
}
