package io.harbour.receiver.http;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The receiver's socket transport: Netty's native epoll on Linux (x86-64, the library the build
 * ships) and the JDK's NIO anywhere else. The one place that knows which: the event loops' I/O
 * handler and the server channel class must match.
 *
 * <p>Why epoll: with many keep-alive connections sending small requests, the receiver's CPU per
 * request is mostly fixed cost per read and write, and Netty's epoll transport calls epoll and the
 * socket directly where NIO goes through the JDK's selector (selected-key sets, an extra layer
 * over each system call). Nothing else in the receiver depends on the channel type: the pipeline
 * uses only what both give ({@code SocketChannel}, an {@code InetSocketAddress} as remote address,
 * the same options, SO_REUSEADDR on the listening socket), and a failed read is an
 * {@code IOException} either way.
 */
record Transport(String name, IoHandlerFactory ioHandler, Class<? extends ServerChannel> serverChannel) {

    /** Epoll if its native library loads here, else NIO, with the reason in {@link #name()}. */
    static Transport pick() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
        return new Transport("nio (epoll unavailable: " + Epoll.unavailabilityCause() + ")",
                NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
