package io.harbour.client.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpillLogTest {
    @TempDir
    Path dir;

    private static byte[] entry(int i) {
        return ("{\"id\":\"" + i + "\",\"app\":\"A\",\"when\":\"2026-11-23T05:56:38Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> texts(Batch b) {
        return b.lines().stream().map(l -> new String(l, StandardCharsets.UTF_8)).toList();
    }

    /** Reads and commits everything, as the sender does, returning the ids in order. */
    private static List<String> drain(SpillLog spill, int batch) throws IOException {
        List<String> ids = new ArrayList<>();
        while (true) {
            Batch b = spill.read(batch, 1 << 20);
            if (b.isEmpty()) {
                return ids;
            }
            for (String t : texts(b)) {
                ids.add(t.substring(7, t.indexOf('"', 7)));
            }
            spill.commit(b, b.size());
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(SpillLog.PREFIX)).sorted().toList();
        }
    }

    /** The queue's move to disk: one write per segment, yet the same segments and order as one by one. */
    @Test
    void appendAllFillsSegmentsLikeAppendingOneByOne() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(entry(i));
        }
        Path oneByOne = dir.resolve("one");
        Path together = dir.resolve("all");
        List<String> expected = new ArrayList<>();
        try (SpillLog spill = SpillLog.open(oneByOne, 200)) {
            spill.append(entry(-1));
            for (byte[] line : lines) {
                spill.append(line);
            }
        }
        try (SpillLog spill = SpillLog.open(together, 200)) {
            spill.append(entry(-1));
            spill.appendAll(lines);
            assertEquals(51, spill.pendingEntries());
        }
        for (Path d : List.of(oneByOne, together)) {
            List<String> sizes = new ArrayList<>();
            try (Stream<Path> files = Files.list(d)) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith(SpillLog.PREFIX)).sorted().toList()) {
                    sizes.add(p.getFileName() + "=" + Files.size(p));
                }
            }
            expected.add(String.join(",", sizes));
        }
        assertEquals(expected.get(0), expected.get(1), "segment names and sizes");
        try (SpillLog spill = SpillLog.open(together, 200)) {
            List<String> ids = drain(spill, 7);
            assertEquals(51, ids.size());
            assertEquals("-1", ids.get(0));
            for (int i = 0; i < 50; i++) {
                assertEquals(Integer.toString(i), ids.get(i + 1));
            }
        }
    }

    @Test
    void entriesComeBackInOrderAcrossSegmentsAndFinishedSegmentsAreDeleted() throws IOException {
        try (SpillLog spill = SpillLog.open(dir, 200)) {
            for (int i = 0; i < 20; i++) {
                spill.append(entry(i));
            }
            assertEquals(20, spill.pendingEntries());
            assertTrue(segments().size() > 5, "small segments roll over: " + segments());
            List<String> ids = drain(spill, 3);
            assertEquals(java.util.stream.IntStream.range(0, 20).mapToObj(String::valueOf).toList(), ids);
            assertTrue(spill.isDrained());
            assertEquals(0, spill.pendingEntries());
            assertEquals(1, segments().size(), "only the open tail is left");
            spill.clear();
            assertEquals(List.of(), segments());
            assertFalse(Files.exists(dir.resolve(SpillLog.CURSOR)));
        }
    }

    @Test
    void batchesRespectEntryAndByteLimits() throws IOException {
        try (SpillLog spill = SpillLog.open(dir, 1 << 20)) {
            for (int i = 0; i < 10; i++) {
                spill.append(entry(i));
            }
            assertEquals(4, spill.read(4, 1 << 20).size());
            int lineBytes = entry(0).length + 1;
            assertEquals(2, spill.read(100, lineBytes * 2L + 5).size());
            assertEquals(1, spill.read(100, 3).size(), "an entry larger than the byte limit still comes, alone");
        }
    }

    @Test
    void aPrependedBatchGoesBeforeEverythingAlreadySpilled() throws IOException {
        try (SpillLog spill = SpillLog.open(dir, 1 << 20)) {
            spill.append(entry(10));
            spill.append(entry(11));
            spill.prepend(List.of(entry(1), entry(2)));
            spill.append(entry(12));
            assertEquals(5, spill.pendingEntries());
            assertEquals(List.of("1", "2", "10", "11", "12"), drain(spill, 100));
        }
    }

    @Test
    void progressSurvivesARestart() throws IOException {
        try (SpillLog spill = SpillLog.open(dir, 1 << 20)) {
            for (int i = 0; i < 10; i++) {
                spill.append(entry(i));
            }
            Batch first = spill.read(4, 1 << 20);
            spill.commit(first, first.size());
            spill.read(3, 1 << 20); // read but never acknowledged: must come again
        }
        try (SpillLog again = SpillLog.open(dir, 1 << 20)) {
            assertEquals(new SpillRecovery(6, 1, 0, false), again.recovery());
            again.append(entry(10));
            assertEquals(List.of("4", "5", "6", "7", "8", "9", "10"), drain(again, 100));
        }
    }

    @Test
    void aTornLastLineAfterACrashIsCutOffAndNewEntriesStartOnAFreshLine() throws IOException {
        try (SpillLog spill = SpillLog.open(dir, 1 << 20)) {
            for (int i = 0; i < 3; i++) {
                spill.append(entry(i));
            }
        }
        Path segment = segments().get(0);
        byte[] torn = "{\"id\":\"3\",\"app\":\"A\",\"wh".getBytes(StandardCharsets.UTF_8);
        Files.write(segment, torn, StandardOpenOption.APPEND);
        try (SpillLog recovered = SpillLog.open(dir, 1 << 20)) {
            assertEquals(new SpillRecovery(3, 1, torn.length, false), recovered.recovery());
            recovered.append(entry(4));
            assertEquals(List.of("0", "1", "2", "4"), drain(recovered, 100));
        }
    }

    @Test
    void aLastLineThatLostOnlyItsNewlineIsKept() throws IOException {
        try (SpillLog spill = SpillLog.open(dir, 1 << 20)) {
            spill.append(entry(0));
        }
        Files.write(segments().get(0), entry(1), StandardOpenOption.APPEND);
        try (SpillLog recovered = SpillLog.open(dir, 1 << 20)) {
            assertEquals(new SpillRecovery(2, 1, 0, true), recovered.recovery());
            assertEquals(List.of("0", "1"), drain(recovered, 100));
        }
    }

    @Test
    void aHalfWrittenHeadSegmentAndACursorBeyondTheEndAreHandled() throws IOException {
        try (SpillLog spill = SpillLog.open(dir, 1 << 20)) {
            spill.append(entry(0));
            spill.append(entry(1));
        }
        Path segment = segments().get(0);
        long number = Long.parseLong(segment.getFileName().toString().replaceAll("\\D", ""));
        Files.writeString(dir.resolve("spill-0000000000000000001.ndjson.tmp"), "{\"id\":\"head");
        Files.writeString(dir.resolve(SpillLog.CURSOR), number + " 999999\n");
        try (SpillLog recovered = SpillLog.open(dir, 1 << 20)) {
            assertEquals(0, recovered.pendingEntries(), "the cursor is clamped to the segment's end");
            assertTrue(recovered.isDrained());
            assertFalse(Files.exists(dir.resolve("spill-0000000000000000001.ndjson.tmp")));
        }
    }

    @Test
    void oneShipperPerDirectory() throws IOException {
        try (SpillLog first = SpillLog.open(dir, 1 << 20)) {
            IOException e = assertThrows(IOException.class, () -> SpillLog.open(dir, 1 << 20));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        try (SpillLog afterClose = SpillLog.open(dir, 1 << 20)) {
            assertTrue(afterClose.isDrained());
        }
    }

    @Test
    void anUnusableDirectoryFailsToOpen() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThrows(IOException.class, () -> SpillLog.open(file.resolve("spill"), 1 << 20));
    }
}
