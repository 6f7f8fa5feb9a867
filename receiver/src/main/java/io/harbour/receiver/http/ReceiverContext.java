package io.harbour.receiver.http;

import io.harbour.receiver.IngestPublisher;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What every connection of one server shares: settings, the services behind the routes, the
 * in-flight budget, the metrics, and the open connections (for a graceful shutdown). Handlers are
 * per connection (or per HTTP/2 stream) and hold only their own request's state.
 */
final class ReceiverContext {
    private final ReceiverHttpSettings settings;
    private final SenderAuthentication authentication;
    private final IngestPublisher publisher;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final InFlightBudget budget;
    private final ReceiverMetrics metrics;
    private final IngestService ingest;
    private final ChannelGroup connections = new DefaultChannelGroup("harbour-receiver", GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;

    ReceiverContext(ReceiverHttpSettings settings, SenderAuthentication authentication, IngestPublisher publisher,
                    PrometheusMeterRegistry registry, Clock clock, Executor decodeExecutor) {
        this.settings = settings;
        this.authentication = authentication;
        this.publisher = publisher;
        this.registry = registry;
        this.clock = clock;
        this.budget = new InFlightBudget(settings.maxInFlightBytes());
        this.metrics = new ReceiverMetrics(registry, budget);
        this.ingest = new IngestService(settings, publisher, metrics, decodeExecutor);
    }

    ReceiverHttpSettings settings() {
        return settings;
    }

    SenderAuthentication authentication() {
        return authentication;
    }

    IngestPublisher publisher() {
        return publisher;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    Clock clock() {
        return clock;
    }

    InFlightBudget budget() {
        return budget;
    }

    ReceiverMetrics metrics() {
        return metrics;
    }

    IngestService ingest() {
        return ingest;
    }

    ChannelGroup connections() {
        return connections;
    }

    /** True once a shutdown began: readiness turns false and keep-alive connections are closed after their answer. */
    boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }
}
