package io.harbour.query.export;

import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.query.QueryApiConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/** What the export handlers share; one per server. */
public record ExportContext(ExportSearch search, QueryApiConfig.Export settings, WindowRules rules, RateLimiter limiter,
                            ExportMetrics metrics) {

    /** @param clock what retention counts days back from */
    public static ExportContext of(ElasticsearchConnection es, QueryApiConfig.Export settings, Clock clock, MeterRegistry registry) {
        return new ExportContext(new ExportSearch(es), settings, new WindowRules(clock, settings.retention()),
                new RateLimiter(settings.burst(), settings.ratePerMinute(), System::nanoTime), new ExportMetrics(registry));
    }
}
