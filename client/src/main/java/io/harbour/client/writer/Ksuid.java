package io.harbour.client.writer;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;

/**
 * K-sortable unique ids in the format of segmentio/ksuid, which the Go LogHarbour library puts in
 * every entry's {@code id}: 4 bytes of seconds since 2014-05-13T16:53:20Z and 16 random bytes,
 * written as 27 base62 characters. Ids sort by creation second, and 128 random bits make a clash
 * between two writers negligible, which is what lets the indexer use the id as the document id:
 * a resent entry overwrites itself instead of becoming a second document.
 */
public final class Ksuid {
    /** The ksuid epoch, 1400000000 in Unix seconds. */
    static final long EPOCH_SECONDS = 1_400_000_000L;
    static final int LENGTH = 27;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger SIXTY_TWO = BigInteger.valueOf(62);
    // One generator per thread: SecureRandom is thread-safe but contended under many logging threads.
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private Ksuid() {
    }

    /** A new id for now. */
    public static String next() {
        return next(Instant.now());
    }

    static String next(Instant at) {
        byte[] payload = new byte[16];
        RANDOM.get().nextBytes(payload);
        return of(at.getEpochSecond() - EPOCH_SECONDS, payload);
    }

    /** The id of a timestamp (seconds since the ksuid epoch, unsigned 32 bits) and a 16-byte payload. */
    static String of(long ksuidSeconds, byte[] payload) {
        if (ksuidSeconds < 0 || ksuidSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("time outside the ksuid range: " + ksuidSeconds);
        }
        if (payload.length != 16) {
            throw new IllegalArgumentException("payload must be 16 bytes");
        }
        byte[] raw = new byte[21];
        // raw[0] stays 0 so BigInteger reads the 20 bytes as unsigned.
        raw[1] = (byte) (ksuidSeconds >>> 24);
        raw[2] = (byte) (ksuidSeconds >>> 16);
        raw[3] = (byte) (ksuidSeconds >>> 8);
        raw[4] = (byte) ksuidSeconds;
        System.arraycopy(payload, 0, raw, 5, 16);
        BigInteger value = new BigInteger(raw);
        char[] out = new char[LENGTH];
        Arrays.fill(out, '0');
        for (int i = LENGTH - 1; i >= 0 && value.signum() > 0; i--) {
            BigInteger[] qr = value.divideAndRemainder(SIXTY_TWO);
            out[i] = BASE62[qr[1].intValue()];
            value = qr[0];
        }
        return new String(out);
    }

    /** The creation second of an id made by this class (or the Go library). */
    public static Instant time(String ksuid) {
        if (ksuid == null || ksuid.length() != LENGTH) {
            throw new IllegalArgumentException("not a ksuid: " + ksuid);
        }
        BigInteger value = BigInteger.ZERO;
        for (int i = 0; i < LENGTH; i++) {
            int digit = digit(ksuid.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("not a ksuid: " + ksuid);
            }
            value = value.multiply(SIXTY_TWO).add(BigInteger.valueOf(digit));
        }
        if (value.bitLength() > 160) {
            throw new IllegalArgumentException("not a ksuid (over 160 bits): " + ksuid);
        }
        long seconds = value.shiftRight(128).longValueExact();
        return Instant.ofEpochSecond(seconds + EPOCH_SECONDS);
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 36;
        }
        return -1;
    }
}
