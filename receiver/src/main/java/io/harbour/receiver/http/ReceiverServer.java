package io.harbour.receiver.http;

import io.harbour.certs.ReloadingSslContext;
import io.harbour.certs.TlsPolicy;
import io.harbour.receiver.IngestPublisher;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS ingestion server: binds, serves until closed, and on {@link #close()} shuts down
 * gracefully: it stops accepting, tells every connection to finish what it is doing (idle
 * keep-alive connections close at once, HTTP/2 ones get GOAWAY), waits up to the shutdown
 * timeout for answers in progress, then stops its threads. The publisher is the caller's: close
 * it after the server, so every answered request had its records flushed.
 *
 * <pre>{@code
 * ReceiverServer server = new ReceiverServer(settings, tls, authenticator::authenticate, publisher, registry);
 * InetSocketAddress bound = server.start();
 * ...
 * server.close();
 * publisher.close();
 * }</pre>
 */
public final class ReceiverServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiverServer.class);

    private final ReceiverHttpSettings settings;
    private final ReloadingSslContext tls;
    private final SenderAuthentication authentication;
    private final IngestPublisher publisher;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private ExecutorService decoders;
    private ReceiverContext context;
    private Channel serverChannel;
    private InetSocketAddress address;

    /**
     * @param tls            the server's certificate, reloaded when its files change; build its config
     *                       {@code withAlpn(true)} to offer HTTP/2
     * @param authentication who a sender is; must answer from memory (it runs on the event loop)
     * @param publisher      where accepted records go; its acknowledgement is the 202
     * @param registry       where the receiver's meters live and what {@code GET /metrics} shows
     */
    public ReceiverServer(ReceiverHttpSettings settings, ReloadingSslContext tls, SenderAuthentication authentication,
                          IngestPublisher publisher, PrometheusMeterRegistry registry) {
        this(settings, tls, authentication, publisher, registry, Clock.systemUTC());
    }

    ReceiverServer(ReceiverHttpSettings settings, ReloadingSslContext tls, SenderAuthentication authentication,
                   IngestPublisher publisher, PrometheusMeterRegistry registry, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.authentication = Objects.requireNonNull(authentication, "authentication");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Binds and starts serving; returns the bound address (its port is the real one when settings say 0). */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        int decodeThreads = settings.effectiveDecodeThreads();
        // Unbounded queue, bounded in effect: each queued body holds in-flight budget, and the budget is finite.
        decoders = new ThreadPoolExecutor(decodeThreads, decodeThreads, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory("harbour-decode", true));
        context = new ReceiverContext(settings, authentication, publisher, registry, clock, decoders);
        Transport transport = Transport.pick();
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("harbour-accept"), transport.ioHandler());
        workers = new MultiThreadIoEventLoopGroup(settings.ioThreads(), new DefaultThreadFactory("harbour-io"), transport.ioHandler());
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ReceiverServerInitializer(tls, context));
            serverChannel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            stopThreads();
            throw e;
        }
        address = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("Harbour receiver listening on https://{}:{} ({}), TLS by {}, transport {}", settings.host(), address.getPort(),
                tls.config().alpn() ? "HTTP/2 and HTTP/1.1 by ALPN" : "HTTP/1.1 only: the TLS config has no ALPN",
                TlsPolicy.describe(tls.config().provider()), transport.name());
        return address;
    }

    /** The bound address; null before {@link #start()}. */
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
        context.startDraining();
        serverChannel.close().syncUninterruptibly();
        for (Channel connection : context.connections()) {
            connection.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        }
        boolean drained = context.connections().newCloseFuture()
                .awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (!drained) {
            LOG.warn("{} connection(s) still busy after {}; closing them", context.connections().size(), settings.shutdownTimeout());
            context.connections().close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        stopThreads();
        serverChannel = null;
        LOG.info("Harbour receiver stopped");
    }

    private void stopThreads() {
        if (acceptor != null) {
            acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (decoders != null) {
            decoders.shutdown();
            try {
                decoders.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
