package io.harbour.query.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * What the query server counts, for {@code GET /metrics}: requests by route and status, latency
 * by route, refusals by code. Labels come from closed sets (route paths, statuses, codes), never
 * from request input, so the series count stays small.
 */
public final class QueryMetrics {
    public static final String UNKNOWN_ROUTE = "unknown";

    private final MeterRegistry registry;

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void request(String route, int status, String code, long elapsedNanos) {
        Counter.builder("harbour.query.requests")
                .description("HTTP requests answered, by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .register(registry).increment();
        Timer.builder("harbour.query.request.duration")
                .description("from the complete request to its answer")
                .tag("route", route)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry).record(elapsedNanos, TimeUnit.NANOSECONDS);
        if (code != null) {
            Counter.builder("harbour.query.refusals")
                    .description("requests answered with an error, by code")
                    .tag("code", code)
                    .register(registry).increment();
        }
    }
}
