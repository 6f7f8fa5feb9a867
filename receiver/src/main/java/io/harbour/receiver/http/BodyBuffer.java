package io.harbour.receiver.http;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.Arrays;

/**
 * A request body collected into one array, bounded twice: by a size limit (413, the answer for
 * the sender) and by the shared {@link InFlightBudget} (429, the answer for the server's memory).
 * Memory is taken from the budget before the array grows, so a refusal never follows an
 * allocation. With a declared Content-Length the array is allocated once, at its final size;
 * otherwise it doubles, and for a moment both the old and the new array are counted.
 */
final class BodyBuffer {
    private static final int FIRST_CAPACITY = 64 * 1024;

    private final long limit;
    private final String what;
    private final InFlightBudget.Reservation reservation;
    private final Duration retryAfter;
    private byte[] bytes;
    private int size;

    /**
     * @param expected the declared size, or -1 when unknown
     * @param limit    the most bytes this buffer may hold
     * @param what     for messages: "body" or "decompressed body"
     */
    BodyBuffer(long expected, long limit, String what, InFlightBudget.Reservation reservation, Duration retryAfter) {
        this.limit = limit;
        this.what = what;
        this.reservation = reservation;
        this.retryAfter = retryAfter;
        if (expected > limit) {
            throw tooLarge(expected);
        }
        int capacity = (int) (expected >= 0 ? expected : Math.min(limit, FIRST_CAPACITY));
        reserve(capacity);
        this.bytes = new byte[capacity];
    }

    /** Copies the readable bytes of {@code content} (without releasing it). */
    void append(ByteBuf content) {
        int n = content.readableBytes();
        ensureRoom(n);
        content.getBytes(content.readerIndex(), bytes, size, n);
        size += n;
    }

    void append(byte[] source, int offset, int length) {
        ensureRoom(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    int size() {
        return size;
    }

    /** The body, exactly {@link #size()} long; copies only when the array was grown past it. */
    byte[] toArray() {
        if (bytes.length == size) {
            return bytes;
        }
        // The trimmed copy exists next to the buffer for a moment: count it, then drop the buffer.
        reserve(size);
        byte[] exact = Arrays.copyOf(bytes, size);
        reservation.shrink(bytes.length);
        bytes = exact;
        return exact;
    }

    private void ensureRoom(int n) {
        long needed = (long) size + n;
        if (needed <= bytes.length) {
            return;
        }
        if (needed > limit) {
            throw tooLarge(needed);
        }
        long grown = Math.min(limit, Math.max(needed, (long) bytes.length * 2));
        reserve(grown);
        byte[] old = bytes;
        bytes = Arrays.copyOf(old, (int) grown);
        reservation.shrink(old.length);
    }

    private void reserve(long bytesNeeded) {
        if (!reservation.grow(bytesNeeded)) {
            throw HttpRefusal.busy("the receiver holds too many request bytes in memory; retry shortly", retryAfter);
        }
    }

    private HttpRefusal tooLarge(long bytesSeen) {
        return HttpRefusal.tooLarge("the " + what + " is larger than the limit of " + limit + " bytes"
                + (bytesSeen > limit ? " (at least " + bytesSeen + ")" : ""));
    }
}
