package io.harbour.query.http;

import io.harbour.certs.ReloadingSslContext;
import io.harbour.certs.TlsPolicy;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.micrometer.core.instrument.Gauge;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API's HTTPS server: binds, serves its {@link RouteTable} until closed. Handlers run
 * on a bounded worker pool ({@code http.worker_threads} + {@code http.worker_queue}), never on the
 * event loop, so a slow Elasticsearch holds workers, not connections; a full pool answers 503
 * {@code busy} at once. {@link #close()} is graceful: it stops accepting (new connections are
 * refused), closes idle connections, lets every answer in progress finish on its connection (a
 * streamed export included, whose parts still need the workers), and closes each connection once
 * its answer has left (HTTP/2: once its streams are done), up to {@code http.shutdown_timeout}; then it closes what is
 * left and stops its threads.
 */
public final class QueryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);

    private final QueryHttpSettings settings;
    private final ReloadingSslContext tls;
    private final RouteTable routes;
    private final Dispatcher dispatcher;
    private final Cors cors;
    private final QueryMetrics metrics;
    private EventLoopGroup acceptor;
    private EventLoopGroup io;
    private ThreadPoolExecutor workers;
    private DefaultChannelGroup connections;
    private Drain drain;
    private Channel serverChannel;
    private InetSocketAddress address;

    public QueryServer(QueryHttpSettings settings, ReloadingSslContext tls, RouteTable routes, Dispatcher dispatcher, Cors cors,
                       QueryMetrics metrics) {
        this.settings = settings;
        this.tls = tls;
        this.routes = routes;
        this.dispatcher = dispatcher;
        this.cors = cors;
        this.metrics = metrics;
    }

    public synchronized InetSocketAddress start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        BlockingQueue<Runnable> queue = settings.workerQueue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.workerQueue());
        workers = new ThreadPoolExecutor(settings.workerThreads(), settings.workerThreads(), 0, TimeUnit.SECONDS, queue,
                new DefaultThreadFactory("harbour-query-worker", true), new ThreadPoolExecutor.AbortPolicy());
        Gauge.builder("harbour.query.workers.queued", queue, BlockingQueue::size)
                .description("requests waiting for a query worker").register(metrics.registry());
        Gauge.builder("harbour.query.workers.active", workers, ThreadPoolExecutor::getActiveCount)
                .description("query workers running a request").register(metrics.registry());
        connections = new DefaultChannelGroup("harbour-query-connections", GlobalEventExecutor.INSTANCE);
        drain = new Drain();
        ServerContext context = new ServerContext(settings, routes, dispatcher, cors, metrics, workers, connections, drain);
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("harbour-query-accept"), NioIoHandler.newFactory());
        io = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("harbour-query-io"), NioIoHandler.newFactory());
        try {
            serverChannel = new ServerBootstrap()
                    .group(acceptor, io)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new QueryServerInitializer(tls, context))
                    .bind(settings.host(), settings.port()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            stopThreads();
            throw e;
        }
        address = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("Harbour query API listening on https://{}:{} ({}), TLS by {}", settings.host(), address.getPort(),
                tls.config().alpn() ? "HTTP/2 and HTTP/1.1 by ALPN" : "HTTP/1.1 only: the TLS config has no ALPN",
                TlsPolicy.describe(tls.config().provider()));
        return address;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Graceful: see the class comment. Safe to call twice or without a start. */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        drain.start();
        serverChannel.close().syncUninterruptibly();
        for (Channel connection : connections) {
            connection.pipeline().fireUserEventTriggered(Drain.EVENT);
        }
        // The workers keep running meanwhile: a streamed answer needs them for each of its parts.
        boolean drained = connections.newCloseFuture()
                .awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (!drained) {
            LOG.warn("{} connection(s) still answering after {}; closing them", connections.size(), settings.shutdownTimeout());
            connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        // What the answers left behind (closing a stream deletes its Elasticsearch point in time) may finish.
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopThreads();
        serverChannel = null;
        LOG.info("Harbour query API stopped");
    }

    private void stopThreads() {
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (io != null) {
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
