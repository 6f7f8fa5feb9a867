package io.harbour.receiver.http;

import io.harbour.model.LogKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the receiver counts, for {@code GET /metrics}: requests by route and status, their
 * latency by route, records accepted by kind (counted only after Kafka acknowledged them) and
 * refusals by reason (the error code of the answer). Label values come from closed sets (routes,
 * statuses, codes), never from request input, so the series count stays small.
 */
final class ReceiverMetrics {
    static final String UNKNOWN_ROUTE = "unknown";

    private final MeterRegistry registry;
    private final AtomicInteger openConnections = new AtomicInteger();

    ReceiverMetrics(MeterRegistry registry, InFlightBudget budget) {
        this.registry = registry;
        Gauge.builder("harbour.receiver.connections", openConnections, AtomicInteger::get)
                .description("open client connections").register(registry);
        Gauge.builder("harbour.receiver.inflight.request.bytes", budget, InFlightBudget::used)
                .description("request bytes held in memory across connections").baseUnit("bytes").register(registry);
    }

    AtomicInteger openConnections() {
        return openConnections;
    }

    void request(String route, int status, long elapsedNanos) {
        Counter.builder("harbour.receiver.requests")
                .description("HTTP requests answered, by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .register(registry).increment();
        Timer.builder("harbour.receiver.request.duration")
                .description("from the request's first line to its answer")
                .tag("route", route)
                .register(registry).record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    void accepted(LogKind kind, int records) {
        Counter.builder("harbour.receiver.records.accepted")
                .description("records Kafka acknowledged, by kind")
                .tag("kind", kind.wireName())
                .register(registry).increment(records);
    }

    void refused(String reason) {
        Counter.builder("harbour.receiver.refusals")
                .description("requests and connections refused, by reason")
                .tag("reason", reason)
                .register(registry).increment();
    }
}
