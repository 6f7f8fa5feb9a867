package io.harbour.model.logharbour;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * K-sortable unique ids in the format of segmentio/ksuid, which the Go LogHarbour library puts in
 * every entry's {@code id}: 4 bytes of seconds since 2014-05-13T16:53:20Z (KSUID's epoch,
 * 1400000000) and 16 bytes of payload, written as a 27-character base62 number ({@code 0-9A-Za-z}).
 * Ids sort by creation second, and 128 random bits make a clash between two writers negligible,
 * which is what lets the indexer use the id as the document id: a resent entry is the same
 * document, never a second one. The client's writer and the traffic generator both make ids here.
 */
public final class Ksuid {
    public static final int LENGTH = 27;
    /** The ksuid epoch in Unix seconds. */
    public static final long EPOCH_SECONDS = 1_400_000_000L;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    // One generator per thread: SecureRandom is thread-safe but contended under many logging threads.
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private Ksuid() {
    }

    /** A new random id for now. */
    public static String next() {
        return next(Instant.now());
    }

    /** A new random id for the second of {@code at}. */
    public static String next(Instant at) {
        SecureRandom random = RANDOM.get();
        return of(at.getEpochSecond(), random.nextLong(), random.nextLong());
    }

    /**
     * The id of a Unix second and a 16-byte payload given as two longs (high, low; big-endian).
     * Seconds outside what 32 bits after the ksuid epoch can hold clamp to the nearest end.
     */
    public static String of(long epochSecond, long high, long low) {
        long stamp = Math.min(Math.max(epochSecond - EPOCH_SECONDS, 0), 0xFFFF_FFFFL);
        // The 160-bit number as five 32-bit words, most significant first, divided by 62 repeatedly
        // (no BigInteger: the traffic generator makes millions of these).
        long[] words = {stamp, high >>> 32, high & 0xFFFF_FFFFL, low >>> 32, low & 0xFFFF_FFFFL};
        char[] out = new char[LENGTH];
        for (int pos = LENGTH - 1; pos >= 0; pos--) {
            long remainder = 0;
            for (int i = 0; i < words.length; i++) {
                long value = remainder << 32 | words[i];
                words[i] = value / 62;
                remainder = value % 62;
            }
            out[pos] = BASE62[(int) remainder];
        }
        return new String(out);
    }

    /**
     * The creation second of an id made here or by the Go library.
     *
     * @throws IllegalArgumentException when {@code id} is not 27 base62 digits of at most 160 bits
     */
    public static Instant time(String id) {
        if (id == null || id.length() != LENGTH) {
            throw new IllegalArgumentException("not a ksuid (27 base62 characters): " + id);
        }
        long[] words = new long[5];
        for (int c = 0; c < LENGTH; c++) {
            long carry = digit(id, id.charAt(c));
            for (int i = words.length - 1; i >= 0; i--) {
                long value = words[i] * 62 + carry;
                words[i] = value & 0xFFFF_FFFFL;
                carry = value >>> 32;
            }
            if (carry != 0) {
                throw new IllegalArgumentException("not a ksuid (over 160 bits): " + id);
            }
        }
        return Instant.ofEpochSecond(words[0] + EPOCH_SECONDS);
    }

    private static int digit(String id, char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        throw new IllegalArgumentException("not a ksuid (" + c + " is not a base62 digit): " + id);
    }
}
