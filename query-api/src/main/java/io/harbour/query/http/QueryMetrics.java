package io.harbour.query.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * What the query server counts, for {@code GET /metrics}: requests by route and status, latency
 * by route, refusals by code. Labels come from closed sets (route paths, statuses, codes), never
 * from request input, so the series count stays small.
 */
public final class QueryMetrics {
    public static final String UNKNOWN_ROUTE = "unknown";

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> durations = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> refusals = new ConcurrentHashMap<>();

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Meters are registered on first use and then kept: a request costs map lookups, not a
     * registration (what the receiver's CPU pass measured as worth removing per request).
     */
    public void request(String route, int status, String code, long elapsedNanos) {
        requests.computeIfAbsent(route + ' ' + status, k -> Counter.builder("harbour.query.requests")
                .description("HTTP requests answered, by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .register(registry)).increment();
        durations.computeIfAbsent(route, r -> Timer.builder("harbour.query.request.duration")
                .description("from the complete request to its answer")
                .tag("route", r)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry)).record(elapsedNanos, TimeUnit.NANOSECONDS);
        if (code != null) {
            refusals.computeIfAbsent(code, c -> Counter.builder("harbour.query.refusals")
                    .description("requests answered with an error, by code")
                    .tag("code", c)
                    .register(registry)).increment();
        }
    }
}
