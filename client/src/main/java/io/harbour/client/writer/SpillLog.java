package io.harbour.client.writer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local append-only spill: entries that could not go to the receiver yet, in the order they
 * must be sent, surviving a restart of the application.
 *
 * <p>Format: a directory of segment files {@code spill-<number>.ndjson}, each entry one line of
 * JSON ending in {@code \n} (the exact bytes that will be sent), read in ascending segment number;
 * and a {@code cursor} file whose lines {@code <segment> <offset>} say how many bytes of a segment
 * were delivered. Appends go to the newest segment, which rolls over at {@code maxSegmentBytes};
 * a fully delivered segment is deleted. Entries that must go before everything spilled (a batch
 * that was in flight when the receiver went away) become a new lowest-numbered segment, written to
 * a temporary file and renamed, so a process crash never leaves it half-written.
 *
 * <p>Crash recovery, at {@link #open}: a segment whose last line has no {@code \n} was torn by a
 * crash mid-append. If the fragment is nevertheless a complete JSON object, only the newline was
 * lost and it is kept; otherwise the fragment is cut off and counted in
 * {@link SpillRecovery#tornBytesDiscarded()} (that entry was being written at the moment of the crash
 * and had not been counted as spilled). Recovered segments are never appended to again; new
 * entries go to a new segment. A cursor pointing past a segment's end is clamped.
 *
 * <p>Not thread-safe: the {@link Shipper} calls it under its own lock. A lock file keeps a second
 * process (or a second shipper) from using the same directory.
 */
final class SpillLog implements Closeable {
    static final String PREFIX = "spill-";
    static final String SUFFIX = ".ndjson";
    static final String CURSOR = "cursor";
    static final String LOCK = ".lock";
    /** Numbers start high so that lower-numbered head segments always have room below. */
    static final long FIRST_SEGMENT = 1_000_000_000_000L;

    private final Path dir;
    private final long maxSegmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Segment number to its size in bytes. */
    private final TreeMap<Long, Long> segments = new TreeMap<>();
    /** Segment number to bytes delivered from its start (absent: none). */
    private final TreeMap<Long, Long> delivered = new TreeMap<>();
    private final SpillRecovery recovery;
    private FileChannel tail;
    private long tailNumber = -1;
    private long pendingEntries;
    private long pendingBytes;

    private SpillLog(Path dir, long maxSegmentBytes, FileChannel lockChannel, FileLock lock) throws IOException {
        this.dir = dir;
        this.maxSegmentBytes = maxSegmentBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.recovery = recover();
    }

    /**
     * Opens (creating) the directory and recovers what an earlier run left.
     *
     * @throws IOException when the directory cannot be used, or another shipper holds it
     */
    static SpillLog open(Path dir, long maxSegmentBytes) throws IOException {
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // Another shipper in this same JVM holds it.
            lock = null;
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("spill directory " + dir + " is in use by another shipper (" + LOCK + " is locked)");
        }
        try {
            return new SpillLog(dir, maxSegmentBytes, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    SpillRecovery recovery() {
        return recovery;
    }

    Path directory() {
        return dir;
    }

    /** Entries spilled and not yet delivered. */
    long pendingEntries() {
        return pendingEntries;
    }

    long pendingBytes() {
        return pendingBytes;
    }

    boolean isDrained() {
        return pendingBytes == 0;
    }

    /** Appends one entry (its JSON, without newline) after everything spilled so far. */
    void append(byte[] line) throws IOException {
        long size = line.length + 1L;
        if (tail == null || (segments.get(tailNumber) > 0 && segments.get(tailNumber) + size > maxSegmentBytes)) {
            rollTail();
        }
        // One gathering write per entry: a process crash leaves at most this line torn.
        ByteBuffer[] buffers = {ByteBuffer.wrap(line), ByteBuffer.wrap(NEWLINE)};
        long written = 0;
        while (written < size) {
            written += tail.write(buffers);
        }
        segments.merge(tailNumber, size, Long::sum);
        pendingEntries++;
        pendingBytes += size;
    }

    /**
     * Appends many entries with one gathering write per segment they land in, rather than one
     * system call each: this runs while log calls wait on the shipper's lock (a full queue moving
     * to disk), and ten thousand small writes kept them waiting for half a second under load. A
     * crash still leaves at most the last line torn, which recovery cuts off.
     */
    void appendAll(List<byte[]> lines) throws IOException {
        int from = 0;
        while (from < lines.size()) {
            long first = lines.get(from).length + 1L;
            if (tail == null || (segments.get(tailNumber) > 0 && segments.get(tailNumber) + first > maxSegmentBytes)) {
                rollTail();
            }
            long room = maxSegmentBytes - segments.get(tailNumber);
            List<ByteBuffer> buffers = new ArrayList<>();
            long size = 0;
            int to = from;
            // At least one line per segment, as append does for a line longer than a segment.
            while (to < lines.size() && (to == from || size + lines.get(to).length + 1L <= room)) {
                buffers.add(ByteBuffer.wrap(lines.get(to)));
                buffers.add(ByteBuffer.wrap(NEWLINE));
                size += lines.get(to).length + 1L;
                to++;
            }
            ByteBuffer[] array = buffers.toArray(ByteBuffer[]::new);
            long written = 0;
            while (written < size) {
                written += tail.write(array);
            }
            segments.merge(tailNumber, size, Long::sum);
            pendingEntries += to - from;
            pendingBytes += size;
            from = to;
        }
    }

    /** Puts entries before everything spilled so far: a batch that was in flight, and what queued behind it. */
    void prepend(List<byte[]> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        long number = segments.isEmpty() ? FIRST_SEGMENT : segments.firstKey() - 1;
        Path target = segment(number);
        Path temporary = dir.resolve(target.getFileName() + ".tmp");
        long size = 0;
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            for (byte[] line : lines) {
                ByteBuffer[] buffers = {ByteBuffer.wrap(line), ByteBuffer.wrap(NEWLINE)};
                long want = line.length + 1L;
                long written = 0;
                while (written < want) {
                    written += out.write(buffers);
                }
                size += want;
            }
            // No fsync here: this runs while log calls wait on the shipper's lock, and the rename
            // alone already keeps a process crash from leaving half a segment.
        }
        move(temporary, target);
        segments.put(number, size);
        pendingEntries += lines.size();
        pendingBytes += size;
    }

    /**
     * Up to {@code maxEntries} entries and about {@code maxBytes} from the oldest undelivered
     * position, all from one segment (a single entry larger than {@code maxBytes} comes alone).
     * Fully delivered older segments are deleted on the way. Empty when nothing is pending.
     */
    Batch read(int maxEntries, long maxBytes) throws IOException {
        while (!segments.isEmpty()) {
            Map.Entry<Long, Long> first = segments.firstEntry();
            long number = first.getKey();
            long size = first.getValue();
            long offset = delivered.getOrDefault(number, 0L);
            if (offset >= size) {
                if (number == tailNumber) {
                    return Batch.inMemory(List.of());
                }
                deleteSegment(number);
                continue;
            }
            try (FileChannel in = FileChannel.open(segment(number), StandardOpenOption.READ)) {
                long window = Math.max(1, Math.min(size - offset, maxBytes));
                while (true) {
                    byte[] data = readFully(in, offset, (int) Math.min(window, Integer.MAX_VALUE - 8));
                    List<byte[]> lines = new ArrayList<>();
                    int start = 0;
                    for (int i = 0; i < data.length && lines.size() < maxEntries; i++) {
                        if (data[i] == '\n') {
                            byte[] line = new byte[i - start];
                            System.arraycopy(data, start, line, 0, line.length);
                            lines.add(line);
                            start = i + 1;
                        }
                    }
                    if (!lines.isEmpty()) {
                        return new Batch(lines, number, offset, offset + start);
                    }
                    if (offset + window >= size) {
                        // Only an unterminated fragment is left: nothing complete to send.
                        return Batch.inMemory(List.of());
                    }
                    window = Math.min(size - offset, window * 2);
                }
            }
        }
        return Batch.inMemory(List.of());
    }

    /** Records that {@code batch} (read from here, {@code entries} lines in its range) was delivered or refused. */
    void commit(Batch batch, int entries) throws IOException {
        long number = batch.segment();
        Long size = segments.get(number);
        if (size == null) {
            return;
        }
        long before = delivered.getOrDefault(number, 0L);
        long after = Math.max(before, batch.endOffset());
        delivered.put(number, after);
        pendingBytes -= after - before;
        pendingEntries = Math.max(0, pendingEntries - entries);
        if (after >= size && number != tailNumber) {
            deleteSegment(number);
        }
        writeCursor();
    }

    /** Once drained: removes every file, so the next spill starts a fresh segment. */
    void clear() throws IOException {
        if (!isDrained()) {
            throw new IllegalStateException("spill not drained: " + pendingBytes + " bytes pending");
        }
        closeTail();
        for (Long number : new ArrayList<>(segments.keySet())) {
            Files.deleteIfExists(segment(number));
        }
        segments.clear();
        delivered.clear();
        Files.deleteIfExists(dir.resolve(CURSOR));
        pendingEntries = 0;
    }

    /** Makes the spill durable on disk (fsync) without closing it. */
    void force() throws IOException {
        if (tail != null) {
            tail.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            closeTail();
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
    }

    private static final byte[] NEWLINE = {'\n'};
    /** A kept fragment must be exactly one object: trailing bytes mean it is not what was written. */
    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private void rollTail() throws IOException {
        closeTail();
        long number = segments.isEmpty() ? FIRST_SEGMENT : segments.lastKey() + 1;
        tail = FileChannel.open(segment(number), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        tailNumber = number;
        segments.put(number, 0L);
    }

    private void closeTail() throws IOException {
        if (tail != null) {
            try {
                tail.force(true);
            } finally {
                tail.close();
                tail = null;
                long closed = tailNumber;
                tailNumber = -1;
                // A closed tail that was fully delivered is an ordinary finished segment now.
                Long size = segments.get(closed);
                if (size != null && delivered.getOrDefault(closed, 0L) >= size) {
                    deleteSegment(closed);
                    writeCursor();
                }
            }
        }
    }

    private void deleteSegment(long number) throws IOException {
        Files.deleteIfExists(segment(number));
        segments.remove(number);
        delivered.remove(number);
    }

    private Path segment(long number) {
        return dir.resolve(PREFIX + String.format("%019d", number) + SUFFIX);
    }

    private void writeCursor() throws IOException {
        Path cursor = dir.resolve(CURSOR);
        if (delivered.isEmpty()) {
            Files.deleteIfExists(cursor);
            return;
        }
        StringBuilder text = new StringBuilder();
        delivered.forEach((number, offset) -> text.append(number).append(' ').append(offset).append('\n'));
        Path temporary = dir.resolve(CURSOR + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        move(temporary, cursor);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private SpillRecovery recover() throws IOException {
        long torn = 0;
        boolean kept = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    // A head segment or cursor whose rename never happened: its content was still in memory then.
                    Files.deleteIfExists(file);
                } else if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                    long number;
                    try {
                        number = Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    Repair repair = repairTornTail(file);
                    torn += repair.discarded;
                    kept |= repair.kept;
                    segments.put(number, Files.size(file));
                }
            }
        }
        Path cursor = dir.resolve(CURSOR);
        if (Files.exists(cursor)) {
            for (String line : Files.readAllLines(cursor, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length != 2) {
                    continue;
                }
                try {
                    long number = Long.parseLong(parts[0]);
                    long offset = Long.parseLong(parts[1]);
                    Long size = segments.get(number);
                    if (size != null && offset > 0) {
                        delivered.put(number, Math.min(offset, size));
                    }
                } catch (NumberFormatException ignored) {
                    // A damaged cursor line costs a resend of that segment, never a loss.
                }
            }
        }
        long entries = 0;
        long bytes = 0;
        for (Map.Entry<Long, Long> s : segments.entrySet()) {
            long from = delivered.getOrDefault(s.getKey(), 0L);
            bytes += s.getValue() - from;
            entries += countLines(segment(s.getKey()), from);
        }
        pendingEntries = entries;
        pendingBytes = bytes;
        return new SpillRecovery(entries, segments.size(), torn, kept);
    }

    private record Repair(long discarded, boolean kept) {
    }

    private static Repair repairTornTail(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size == 0 || readFully(ch, size - 1, 1)[0] == '\n') {
                return new Repair(0, false);
            }
            long lastNewline = -1;
            long pos = size;
            int chunk = 64 * 1024;
            while (pos > 0 && lastNewline < 0) {
                long from = Math.max(0, pos - chunk);
                byte[] data = readFully(ch, from, (int) (pos - from));
                for (int i = data.length - 1; i >= 0; i--) {
                    if (data[i] == '\n') {
                        lastNewline = from + i;
                        break;
                    }
                }
                pos = from;
            }
            long fragmentStart = lastNewline + 1;
            byte[] fragment = readFully(ch, fragmentStart, (int) Math.min(size - fragmentStart, Integer.MAX_VALUE - 8));
            if (isCompleteObject(fragment)) {
                ch.write(ByteBuffer.wrap(NEWLINE), size);
                ch.force(true);
                return new Repair(0, true);
            }
            ch.truncate(fragmentStart);
            ch.force(true);
            return new Repair(size - fragmentStart, false);
        }
    }

    private static boolean isCompleteObject(byte[] fragment) {
        try {
            JsonNode node = STRICT.readTree(fragment);
            return node != null && node.isObject();
        } catch (IOException e) {
            return false;
        }
    }

    private static long countLines(Path file, long from) throws IOException {
        long count = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
            long pos = from;
            int n;
            while ((n = ch.read(buffer, pos)) > 0) {
                byte[] array = buffer.array();
                for (int i = 0; i < n; i++) {
                    if (array[i] == '\n') {
                        count++;
                    }
                }
                pos += n;
                buffer.clear();
            }
        }
        return count;
    }

    private static byte[] readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = ch.read(buffer, pos);
            if (n < 0) {
                break;
            }
            pos += n;
        }
        return buffer.array();
    }
}
