package io.harbour.client.writer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * Entries sent in one request, each one encoded line (no newline). A batch read from the spill
 * file knows the segment and byte range it came from, so delivering it moves the spill cursor to
 * {@link #endOffset()}; a batch from memory has segment -1.
 */
final class Batch {
    static final long FROM_MEMORY = -1;

    private final List<byte[]> lines;
    private final long bytes;
    private final long segment;
    private final long startOffset;
    private final long endOffset;

    Batch(List<byte[]> lines, long segment, long startOffset, long endOffset) {
        this.lines = Collections.unmodifiableList(new ArrayList<>(lines));
        long total = 0;
        for (byte[] line : lines) {
            total += line.length + 1;
        }
        this.bytes = total;
        this.segment = segment;
        this.startOffset = startOffset;
        this.endOffset = endOffset;
    }

    static Batch inMemory(List<byte[]> lines) {
        return new Batch(lines, FROM_MEMORY, 0, 0);
    }

    List<byte[]> lines() {
        return lines;
    }

    int size() {
        return lines.size();
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** NDJSON bytes: every line followed by {@code \n}. */
    long bytes() {
        return bytes;
    }

    boolean fromSpill() {
        return segment != FROM_MEMORY;
    }

    long segment() {
        return segment;
    }

    long endOffset() {
        return endOffset;
    }

    /** The request body: NDJSON, gzip-compressed when asked. */
    byte[] body(boolean gzip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, gzip ? bytes / 4 + 64 : bytes));
        try {
            if (gzip) {
                try (GZIPOutputStream zip = new GZIPOutputStream(out, 64 * 1024)) {
                    writeLines(zip);
                }
            } else {
                writeLines(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory streams do not fail", e);
        }
        return out.toByteArray();
    }

    private void writeLines(java.io.OutputStream out) throws IOException {
        for (byte[] line : lines) {
            out.write(line);
            out.write('\n');
        }
    }

    /** The first {@code count} lines; from the spill, it ends where they end. */
    Batch prefix(int count) {
        List<byte[]> head = lines.subList(0, count);
        long end = startOffset;
        for (byte[] line : head) {
            end += line.length + 1;
        }
        return new Batch(head, segment, startOffset, fromSpill() ? end : 0);
    }

    /** The lines after the first {@code count}. */
    Batch suffix(int count) {
        long start = startOffset;
        for (byte[] line : lines.subList(0, count)) {
            start += line.length + 1;
        }
        return new Batch(lines.subList(count, lines.size()), segment, fromSpill() ? start : 0, endOffset);
    }

    /**
     * The batch without the given lines (1-based, as the receiver numbers them). It still ends
     * where this one ends: delivering the rest completes the whole range.
     */
    Batch without(Set<Integer> lineNumbers) {
        List<byte[]> kept = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (!lineNumbers.contains(i + 1)) {
                kept.add(lines.get(i));
            }
        }
        return new Batch(kept, segment, startOffset, endOffset);
    }
}
