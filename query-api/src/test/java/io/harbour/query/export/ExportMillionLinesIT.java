package io.harbour.query.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.layout.Times;
import io.harbour.model.Json;
import io.harbour.query.QueryApiConfig;
import io.harbour.realms.QueryScope;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6's "a one-million-line window exported with the heap measured flat": 1,000,000
 * observations in one closed minute, exported in one call over HTTPS by the query API in this
 * JVM with its default export settings (pages of 1000), the body read line by line into a
 * counter and never held. The heap retained after a full collection is measured before the call
 * and at every 100,000th line: what the stream keeps alive must stay below a fixed bound however
 * far the stream has gone.
 */
@ExtendWith(HarbourStackExtension.class)
class ExportMillionLinesIT {
    private static final String REALM = "exportmillion";
    private static final int LINES = 1_000_000;
    private static final int CHECKPOINT = 100_000;
    /** 50 µs apart: the million lines span 50 s, one minute's window, each line its own receive time. */
    private static final long SPACING_NANOS = 50_000;
    /**
     * What the stream may retain beyond the heap before it. The server holds one page (1000
     * documents as trees, a few MiB), the Elasticsearch client one page's answer, Netty and the
     * JDK client their buffers (Netty's pooled ones are mostly off-heap): a few MiB together. The
     * body is about 300 MB of lines, which as Java strings or trees would be several times that,
     * so a server that held the window, or any growing part of it, would pass this bound within
     * the first checkpoints. The test also checks the body is at least eight times the bound.
     */
    private static final long RETAINED_BOUND = 32L << 20;

    @Test
    void aMillionLineWindowStreamsInOrderWithTheRetainedHeapFlat(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        Instant base = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        long baseNanos = Times.nanos(base);
        // Two loaders, each its half: while the node indexes one's bulk (one write thread for the
        // one shard), the other builds its next, so both cores work. Large bulks, flushed as they
        // fill: each loader holds one bulk request, not its half a million documents.
        ExecutorService loaders = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> halves = new ArrayList<>();
            for (int half = 0; half < 2; half++) {
                int from = half * LINES / 2;
                halves.add(loaders.submit(() -> {
                    try (ExportLoader loader = new ExportLoader(es.httpUri().toString(), 20_000)) {
                        for (int i = from; i < from + LINES / 2; i++) {
                            loader.observation(REALM, base.plusNanos(i * SPACING_NANOS),
                                    "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), base.getEpochSecond());
                        }
                        loader.flush();
                    }
                    return null;
                }));
            }
            for (Future<Void> h : halves) {
                h.get();
            }
        } finally {
            loaders.shutdownNow();
        }
        try (ExportLoader loader = new ExportLoader(es.httpUri().toString())) {
            loader.watermark(base.plus(Duration.ofMinutes(2)));
        }
        try (ExportFixture api = new ExportFixture(dir, es.httpUri().toString(), QueryApiConfig.Export.defaults())) {
            String token = api.token(REALM, QueryScope.EVERYTHING_BUT_DEBUG);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long before = retained(memory);
            long maxRetained = before;
            long lines = 0;
            long bytes = 0;
            // The default two-minute timeout is for an answer's headers; a million lines may take longer on a loaded machine.
            HttpResponse<InputStream> r = api.http.send(api.request(token, ExportRoutes.RECEIVED + ExportFixture.query("start",
                    base.toString(), "end", base.plusSeconds(60).toString())).timeout(Duration.ofMinutes(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    long received = Json.mapper().readTree(line).path("received_at").asLong();
                    // Exact receive times: the count, the order and "each once" in one check per line.
                    assertEquals(baseNanos + lines * SPACING_NANOS, received, "line " + lines);
                    lines++;
                    bytes += line.length() + 1;
                    if (lines % CHECKPOINT == 0) {
                        maxRetained = Math.max(maxRetained, retained(memory));
                    }
                }
            }
            assertEquals(LINES, lines);
            assertTrue(bytes > 8 * RETAINED_BOUND, "the body (" + bytes + " bytes) must dwarf the bound for the bound to mean anything");
            long grown = maxRetained - before;
            System.out.printf("ExportMillionLinesIT: %,d lines, %,d bytes; heap retained before %,d KiB, most during %,d KiB%n",
                    lines, bytes, before >> 10, maxRetained >> 10);
            assertTrue(grown < RETAINED_BOUND, "the stream retained " + (grown >> 20) + " MiB more than before it (before "
                    + (before >> 20) + " MiB, most " + (maxRetained >> 20) + " MiB); bound " + (RETAINED_BOUND >> 20) + " MiB");
        }
    }

    /** The heap in use right after a full collection: what is reachable, not garbage waiting for the next one. */
    private static long retained(MemoryMXBean memory) {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
