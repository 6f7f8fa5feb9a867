package io.harbour.client.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.model.Json;
import io.harbour.stack.FreePorts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only ways the shipper loses an entry, each of which must be counted in {@code dropped} and
 * told to the listener with the entry: memory full while the spill directory cannot be written,
 * and a log call after close. No receiver is needed: the address has nothing listening, so
 * nothing is ever delivered and every entry stays in the shipper's hands until it is dropped.
 */
class ShipperDropTest {
    private static final int QUEUE = 4;

    @TempDir
    Path dir;

    private final RecordingListener listener = new RecordingListener();

    private Shipper shipper(Path spill) {
        return Shipper.builder(URI.create("https://127.0.0.1:" + FreePorts.pick()), "hk_test")
                .spillDirectory(spill)
                .queueCapacity(QUEUE)
                // One entry in the sender's hands at most, so what memory holds is known exactly.
                .maxBatchEntries(1)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .listener(listener)
                .build();
    }

    /** Logs {@code count} entries through {@code sink}, returning their ids in order. */
    private static List<String> log(EntrySink sink, int count) {
        List<String> ids = new ArrayList<>();
        Logger logger = Logger.create(LoggerContext.defaults(), "ShipperDropTest", entry -> {
            ids.add(entry.id());
            sink.write(entry);
        });
        for (int i = 0; i < count; i++) {
            logger.logActivity("entry " + i, null);
        }
        return ids;
    }

    /** The ids of the dropped entries as the listener was told them. */
    private List<String> droppedIds() throws Exception {
        List<String> ids = new ArrayList<>();
        for (RecordingListener.Report report : listener.dropped) {
            ids.add(Json.mapper().readTree(report.entryJson()).path("id").asText());
        }
        return ids;
    }

    @Test
    void aFullQueueWithAnUnusableSpillDirectoryDropsEntriesAndCountsEachOne() throws Exception {
        Path spill = dir.resolve("spill");
        Shipper shipper = shipper(spill);
        // The disk goes away under a running shipper (unmounted, deleted): nothing can be written there any more.
        try (var files = Files.list(spill)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(spill);

        int total = 50;
        List<String> written = log(shipper, total);

        // Memory holds at most the queue and the sender's one-entry batch; everything else was dropped, at the log call.
        ShipperStats during = shipper.stats();
        assertEquals(total, during.enqueued());
        assertEquals(0, during.delivered());
        assertEquals(0, during.pendingSpill());
        assertTrue(during.dropped() >= total - QUEUE - 1, during.toString());
        assertEquals(total, during.dropped() + during.pendingMemory(), "every entry is either held or counted as dropped: " + during);
        assertEquals(during.dropped(), listener.dropped.size(), "each drop told to the listener");
        assertTrue(listener.dropped.stream().allMatch(r -> r.reason().startsWith("queue full and the spill file is unusable: ")),
                listener.dropped.toString());

        // Closing cannot park the rest on disk either: it is dropped too, so nothing is left unaccounted.
        shipper.close(Duration.ZERO);
        ShipperStats after = shipper.stats();
        assertEquals(total, after.dropped(), after.toString());
        assertEquals(0, after.pending(), after.toString());
        List<String> reported = droppedIds();
        assertEquals(total, reported.size(), "one report per dropped entry");
        assertEquals(new HashSet<>(written), new HashSet<>(reported), "the listener got the dropped entries themselves");
        assertTrue(listener.dropped.stream().allMatch(r -> r.reason().contains("spill file is unusable")), listener.dropped.toString());
    }

    @Test
    void aLogCallAfterCloseIsDroppedAndCounted() throws Exception {
        Shipper shipper = shipper(dir.resolve("spill"));
        shipper.close(Duration.ZERO);
        List<String> late = log(shipper, 3);
        ShipperStats stats = shipper.stats();
        assertEquals(3, stats.enqueued());
        assertEquals(3, stats.dropped());
        assertEquals(0, stats.pending());
        assertEquals(late, droppedIds());
        assertEquals(Set.of("the shipper is closed"),
                listener.dropped.stream().map(RecordingListener.Report::reason).collect(java.util.stream.Collectors.toSet()));
    }
}
