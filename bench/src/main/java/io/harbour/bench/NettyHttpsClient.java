package io.harbour.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The load generators' HTTPS client: Netty HTTP/1.1 over TLS by the same provider as the receiver
 * (BoringSSL when netty-tcnative loads), every connection on one event-loop thread, so that the
 * client takes as little of the two shared cores as it can. Large bodies go out in chunks as the
 * socket drains ({@link ChunkedWriteHandler}), never encrypted all at once.
 */
final class NettyHttpsClient implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final SslContext tls;
    private final URI uri;

    NettyHttpsClient(SslContext tls, URI uri) {
        this.tls = tls;
        this.uri = uri;
    }

    URI uri() {
        return uri;
    }

    /**
     * Opens one connection whose last handler is {@code handler} (it receives {@code FullHttpResponse}s);
     * {@code ready} runs once TLS is up; {@code failed} runs instead if the connection or the handshake
     * fails, told whether the TCP connection was open (then its handler also sees channelInactive).
     */
    void connect(Supplier<ChannelHandler> handler, Consumer<Channel> ready, BiConsumer<Throwable, Boolean> failed) {
        new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                // A refusal may arrive while a large body is still being written: a failed write must
                // not close the connection before the answer already in the socket has been read.
                .option(ChannelOption.AUTO_CLOSE, false)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = tls.newHandler(ch.alloc(), uri.getHost(), uri.getPort());
                        ssl.setHandshakeTimeoutMillis(60_000);
                        ch.pipeline().addLast(ssl, new HttpClientCodec(), new ChunkedWriteHandler(),
                                new HttpObjectAggregator(1024 * 1024), handler.get());
                        ssl.handshakeFuture().addListener(done -> {
                            if (done.isSuccess()) {
                                ready.accept(ch);
                            } else {
                                failed.accept(done.cause(), true);
                                ch.close();
                            }
                        });
                    }
                })
                .connect(uri.getHost(), uri.getPort())
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        failed.accept(f.cause(), false);
                    }
                });
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
