package io.harbour.client.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BatchTest {
    private static List<byte[]> lines(String... texts) {
        return java.util.Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static String text(Batch b) {
        return new String(b.body(false), StandardCharsets.UTF_8);
    }

    @Test
    void bodyIsNdjsonAndGzipInflatesToTheSame() throws IOException {
        Batch b = Batch.inMemory(lines("{\"a\":1}", "{\"b\":2}"));
        assertEquals("{\"a\":1}\n{\"b\":2}\n", text(b));
        assertEquals(16, b.bytes());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b.body(true)))) {
            assertEquals(text(b), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void splittingASpillBatchKeepsByteRanges() {
        // Three lines of 4, 5 and 6 bytes (with newline) starting at offset 100 of segment 7.
        Batch b = new Batch(lines("aaa", "bbbb", "ccccc"), 7, 100, 115);
        Batch head = b.prefix(1);
        Batch rest = b.suffix(1);
        assertEquals("aaa\n", text(head));
        assertEquals(104, head.endOffset());
        assertEquals("bbbb\nccccc\n", text(rest));
        assertEquals(115, rest.endOffset());
        assertEquals(7, rest.segment());
    }

    @Test
    void withoutDropsNumberedLinesAndStillEndsAtTheEnd() {
        Batch b = new Batch(lines("1", "2", "3", "4"), 7, 0, 8);
        Batch kept = b.without(Set.of(2, 4));
        assertEquals("1\n3\n", text(kept));
        assertEquals(8, kept.endOffset());
        assertEquals(Batch.FROM_MEMORY, Batch.inMemory(lines("x")).segment());
    }
}
