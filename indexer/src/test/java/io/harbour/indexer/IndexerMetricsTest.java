package io.harbour.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexerMetricsTest {
    @Test
    void watermarkAgeIsNowMinusTheOldestWatermarkWritten() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        IndexerMetrics metrics = new IndexerMetrics(registry, Clock.fixed(now, ZoneOffset.UTC));
        double before = registry.get("harbour.indexer.watermark.age").gauge().value();
        assertTrue(Double.isNaN(before), "nothing written yet: " + before);

        metrics.watermarksWritten(List.of(now.minusSeconds(4), now.minusMillis(90_500), now.minusSeconds(10)));
        assertEquals(90.5, registry.get("harbour.indexer.watermark.age").gauge().value(), 1e-9);

        // No partition with a watermark any more: this indexer vouches for nothing.
        metrics.watermarksWritten(List.of());
        assertTrue(Double.isNaN(registry.get("harbour.indexer.watermark.age").gauge().value()));
    }
}
