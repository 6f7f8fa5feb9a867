package io.harbour.receiver.http;

import io.harbour.model.LogKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

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
    private final ConcurrentMap<String, RouteMeters> routes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> refusals = new ConcurrentHashMap<>();
    private final ConcurrentMap<LogKind, Counter> accepted = new ConcurrentHashMap<>();

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
        RouteMeters meters = routes.computeIfAbsent(route, RouteMeters::new);
        meters.requests(status).increment();
        meters.duration.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    void accepted(LogKind kind, int records) {
        accepted.computeIfAbsent(kind, k -> Counter.builder("harbour.receiver.records.accepted")
                .description("records Kafka acknowledged, by kind")
                .tag("kind", k.wireName())
                .register(registry)).increment(records);
    }

    void refused(String reason) {
        refusals.computeIfAbsent(reason, r -> Counter.builder("harbour.receiver.refusals")
                .description("requests and connections refused, by reason")
                .tag("reason", r)
                .register(registry)).increment();
    }

    /**
     * One route's meters, each registered the first time it is used (as before: a series appears
     * with its first request), then kept, so a request costs a lookup instead of a registration.
     */
    private final class RouteMeters {
        private final String route;
        private final Timer duration;
        private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);

        RouteMeters(String route) {
            this.route = route;
            this.duration = Timer.builder("harbour.receiver.request.duration")
                    .description("from the request's first line to its answer")
                    .tag("route", route)
                    .register(registry);
        }

        Counter requests(int status) {
            if (status < 0 || status >= byStatus.length()) {
                return counter(status);
            }
            Counter counter = byStatus.get(status);
            if (counter == null) {
                counter = counter(status);
                byStatus.set(status, counter); // a race registers twice: the registry returns the same meter
            }
            return counter;
        }

        private Counter counter(int status) {
            return Counter.builder("harbour.receiver.requests")
                    .description("HTTP requests answered, by route and status")
                    .tag("route", route).tag("status", Integer.toString(status))
                    .register(registry);
        }
    }
}
