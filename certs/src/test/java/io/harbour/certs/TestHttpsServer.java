package io.harbour.certs;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The smallest HTTPS server that exercises this module the way the receiver will: a TLS handler
 * from the current context per connection, HTTP/1.1, and a 200 that names the client certificate.
 * Every handshake outcome is recorded, so tests can tell a server refusal from a client one.
 */
final class TestHttpsServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final BlockingQueue<SslHandshakeCompletionEvent> handshakes = new LinkedBlockingQueue<>();
    private final Channel channel;

    private TestHttpsServer(Function<SocketChannel, ChannelHandler> tlsHandler) throws InterruptedException {
        channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tlsHandler.apply(ch), new HandshakeRecorder(),
                                new HttpServerCodec(), new HttpObjectAggregator(65_536), new OkHandler());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** One handler per connection from {@code contexts}, as a server using ReloadingSslContext does. */
    static TestHttpsServer start(Supplier<SslContext> contexts) throws InterruptedException {
        return new TestHttpsServer(ch -> contexts.get().newHandler(ch.alloc()));
    }

    static TestHttpsServer start(SslContext context) throws InterruptedException {
        return start(() -> context);
    }

    /** Through Netty's SniHandler, the other way a server can consult ReloadingSslContext. */
    static TestHttpsServer startWithSni(ReloadingSslContext contexts) throws InterruptedException {
        return new TestHttpsServer(ch -> new SniHandler(contexts));
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** The outcome of the next server-side handshake, waiting at most ten seconds. */
    SslHandshakeCompletionEvent nextHandshake() throws InterruptedException {
        SslHandshakeCompletionEvent event = handshakes.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "the server saw no handshake within 10 s");
        return event;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class HandshakeRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                handshakes.add(completion);
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Refused handshakes surface here too; the recorded event is what tests look at.
            ctx.close();
        }
    }

    private static final class OkHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String body = "ok " + peer(ctx) + "\n";
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        private static String peer(ChannelHandlerContext ctx) {
            try {
                return ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerPrincipal().getName();
            } catch (SSLPeerUnverifiedException e) {
                return "anonymous";
            }
        }
    }
}
