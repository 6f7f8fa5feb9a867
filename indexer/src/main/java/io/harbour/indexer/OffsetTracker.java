package io.harbour.indexer;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The records of one partition between "read" and "safe to commit". Records finish in any order
 * (bulk requests run concurrently, retries come back late, a dead letter waits for Kafka's ack),
 * but the committed offset may only move over a contiguous run of finished records: committing
 * past an unfinished one would lose it in a crash. This is the lesson kafka-connect-elasticsearch
 * learned the hard way; here it is a small pure class so it can be proven by unit tests.
 *
 * <p>A record finishes when each of its documents is stored, or when it is dead-lettered (one bad
 * document sends the whole record there, once). A record with no document finishes at once. Not
 * thread-safe: the poll thread owns it.
 */
final class OffsetTracker {

    /** One record read and not yet behind the safe offset. */
    static final class Entry {
        final long offset;
        final long receivedAtNanos;
        final long bytes;
        int remainingDocuments;
        boolean deadLettering;
        boolean done;

        Entry(long offset, long receivedAtNanos, int documents, long bytes) {
            this.offset = offset;
            this.bytes = bytes;
            this.receivedAtNanos = receivedAtNanos;
            this.remainingDocuments = documents;
            this.done = documents == 0;
        }
    }

    private final ArrayDeque<Entry> inOrder = new ArrayDeque<>();
    private final Map<Long, Entry> byOffset = new HashMap<>();
    private long safeOffset = -1;
    private long committedOffset = -1;
    private long lastReadReceivedAtNanos = Long.MIN_VALUE;
    private long pendingBytes;

    /**
     * A record was read. Offsets must grow (they may skip: compaction and transaction markers leave gaps).
     *
     * @param documents how many documents must be stored before the record is finished
     * @param bytes     the record's size, for the in-flight memory bound
     */
    void track(long offset, long receivedAtNanos, int documents, long bytes) {
        Entry last = inOrder.peekLast();
        if ((last != null && offset <= last.offset) || offset < safeOffset) {
            throw new IllegalArgumentException("offset " + offset + " read out of order");
        }
        if (documents < 0) {
            throw new IllegalArgumentException("documents must not be negative");
        }
        Entry e = new Entry(offset, receivedAtNanos, documents, bytes);
        pendingBytes += bytes;
        inOrder.addLast(e);
        byOffset.put(offset, e);
        if (receivedAtNanos > lastReadReceivedAtNanos) {
            lastReadReceivedAtNanos = receivedAtNanos;
        }
        advance();
    }

    /** One document of the record is stored. Ignored for a record already finished or being dead-lettered. */
    void documentStored(long offset) {
        Entry e = byOffset.get(offset);
        if (e == null || e.done || e.deadLettering) {
            return;
        }
        if (--e.remainingDocuments <= 0) {
            e.done = true;
            advance();
        }
    }

    /**
     * The record must go to the dead-letter topic. Returns true the first time only, so a record
     * with two bad documents is dead-lettered once; until {@link #deadLettered} it stays unfinished.
     */
    boolean startDeadLetter(long offset) {
        Entry e = byOffset.get(offset);
        if (e == null || e.done || e.deadLettering) {
            return false;
        }
        e.deadLettering = true;
        return true;
    }

    /** Kafka acknowledged the dead letter: the record is finished. */
    void deadLettered(long offset) {
        Entry e = byOffset.get(offset);
        if (e == null || e.done) {
            return;
        }
        e.done = true;
        advance();
    }

    /** Whether the record is still tracked and unfinished (results for a forgotten record are ignored). */
    boolean isPending(long offset) {
        Entry e = byOffset.get(offset);
        return e != null && !e.done;
    }

    /** The offset to commit (the next record to read after the finished prefix) if it moved since the last commit. */
    OptionalLong committable() {
        return safeOffset > committedOffset ? OptionalLong.of(safeOffset) : OptionalLong.empty();
    }

    /** The offset after the finished prefix, or -1 before any record. */
    long safeOffset() {
        return safeOffset;
    }

    void committed(long offset) {
        committedOffset = Math.max(committedOffset, offset);
    }

    /** Records read and not yet finished, or finished but behind an unfinished one. */
    int pending() {
        return inOrder.size();
    }

    /** Bytes of the records counted by {@link #pending()}. */
    long pendingBytes() {
        return pendingBytes;
    }

    /** The receive time of the newest record read so far (Long.MIN_VALUE before any). */
    long lastReadReceivedAtNanos() {
        return lastReadReceivedAtNanos;
    }

    /** The earliest receive time among unfinished records (Long.MAX_VALUE if none): what holds the watermark back. */
    long earliestPendingNanos() {
        long min = Long.MAX_VALUE;
        for (Entry e : inOrder) {
            if (!e.done) {
                min = Math.min(min, e.receivedAtNanos);
            }
        }
        return min;
    }

    private void advance() {
        while (!inOrder.isEmpty() && inOrder.peekFirst().done) {
            Entry e = inOrder.pollFirst();
            byOffset.remove(e.offset);
            pendingBytes -= e.bytes;
            safeOffset = e.offset + 1;
        }
    }
}
