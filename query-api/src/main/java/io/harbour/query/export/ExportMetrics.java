package io.harbour.query.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What export counts, for {@code GET /metrics}: lines and bytes exported, pages read, cut answers,
 * and the most documents one export has held in memory at once (its pages), which stays at or
 * below page_size per kind however large the window: the flat-memory promise as a number.
 */
final class ExportMetrics {
    private final Counter lines;
    private final Counter bytes;
    private final Counter pages;
    private final Counter cuts;
    private final AtomicLong heldMax = new AtomicLong();

    ExportMetrics(MeterRegistry registry) {
        lines = Counter.builder("harbour.export.lines").description("lines exported").register(registry);
        bytes = Counter.builder("harbour.export.bytes").description("uncompressed bytes of lines exported").register(registry);
        pages = Counter.builder("harbour.export.pages").description("search_after pages read").register(registry);
        cuts = Counter.builder("harbour.export.cuts").description("answers ended by export.max_bytes").register(registry);
        Gauge.builder("harbour.export.held.documents.max", heldMax, AtomicLong::get)
                .description("the most documents one export held in memory at once since start").register(registry);
    }

    void page(int hits) {
        pages.increment();
    }

    void held(int documents) {
        heldMax.accumulateAndGet(documents, Math::max);
    }

    void exported(long lineCount, long byteCount) {
        lines.increment(lineCount);
        bytes.increment(byteCount);
    }

    void cut() {
        cuts.increment();
    }

    long heldMax() {
        return heldMax.get();
    }
}
