package io.harbour.receiver.http;

import io.harbour.certs.ReloadingSslContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one connection: connection cap, TLS (a context from {@link ReloadingSslContext},
 * so a renewed certificate serves the next connection), then ALPN picks HTTP/2 or HTTP/1.1.
 * <ul>
 * <li>HTTP/1.1: codec (request line and header limits), {@link SlowSenderGuard}, {@link IngestHandler}.</li>
 * <li>HTTP/2: idle detection, frame codec (stream and header list limits), {@link Http2ConnectionGuard},
 * and per stream a codec to {@code HttpObject}s, so the same guard and handler serve each stream.</li>
 * </ul>
 */
final class ReceiverServerInitializer extends ChannelInitializer<SocketChannel> {
    /** Content arrives in pieces of at most this size: fewer, larger copies into the body. */
    private static final int MAX_CHUNK_SIZE = 64 * 1024;

    private final ReloadingSslContext tls;
    private final ReceiverContext context;
    private final ConnectionLimit connectionLimit;

    ReceiverServerInitializer(ReloadingSslContext tls, ReceiverContext context) {
        this.tls = tls;
        this.context = context;
        this.connectionLimit = new ConnectionLimit(context);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast(connectionLimit);
        SslHandler ssl = tls.newHandler(ch.alloc());
        // A handshake that drags on is a slow sender too.
        ssl.setHandshakeTimeoutMillis(context.settings().headerTimeout().toMillis());
        p.addLast(ssl);
        p.addLast(new ProtocolNegotiationHandler(context));
    }

    static void addHttp1(ChannelPipeline p, ReceiverContext context) {
        ReceiverHttpSettings s = context.settings();
        p.addLast(new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(s.maxInitialLineLength())
                .setMaxHeaderSize(s.maxHeaderSize())
                .setMaxChunkSize(MAX_CHUNK_SIZE)));
        p.addLast(new SlowSenderGuard(context, false));
        p.addLast(new IngestHandler(context));
    }

    static void addHttp2(ChannelPipeline p, ReceiverContext context) {
        ReceiverHttpSettings s = context.settings();
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(s.maxConcurrentStreams())
                        // Past this Netty answers the stream 431 itself.
                        .maxHeaderListSize(s.maxHeaderSize()))
                .gracefulShutdownTimeoutMillis(s.shutdownTimeout().toMillis())
                .build();
        p.addFirst(new LingeringClose());
        p.addLast(new IdleStateHandler(0, 0, s.idleTimeout().toNanos(), TimeUnit.NANOSECONDS));
        p.addLast(codec);
        p.addLast(new Http2ConnectionGuard(codec));
        p.addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
                stream.pipeline().addLast(new SlowSenderGuard(context, true));
                stream.pipeline().addLast(new IngestHandler(context));
            }
        }));
    }
}
