package io.harbour.traffic;

/**
 * KSUID text as the Go library's ids are ({@code github.com/segmentio/ksuid}): 4 bytes of seconds
 * since 2014-05-13T16:53:20Z (KSUID's epoch, 1400000000) and 16 bytes of payload, as a 27-character
 * base62 number ({@code 0-9A-Za-z}), so ids sort by time like the library's do.
 */
final class Ksuid {
    static final int LENGTH = 27;
    static final long EPOCH_SECONDS = 1_400_000_000L;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ksuid() {
    }

    /** The id for {@code epochSecond} with payload {@code high}, {@code low}; times before the epoch clamp to it. */
    static String of(long epochSecond, long high, long low) {
        long stamp = Math.min(Math.max(epochSecond - EPOCH_SECONDS, 0), 0xFFFF_FFFFL);
        // The 160-bit number as five 32-bit words, most significant first, divided by 62 repeatedly.
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

    /** The seconds since the Unix epoch that {@code id} carries. */
    static long epochSecond(String id) {
        if (id.length() != LENGTH) {
            throw new IllegalArgumentException("a KSUID has 27 characters: " + id);
        }
        long[] words = new long[5];
        for (int c = 0; c < LENGTH; c++) {
            long carry = digit(id.charAt(c));
            for (int i = words.length - 1; i >= 0; i--) {
                long value = words[i] * 62 + carry;
                words[i] = value & 0xFFFF_FFFFL;
                carry = value >>> 32;
            }
        }
        return words[0] + EPOCH_SECONDS;
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
        throw new IllegalArgumentException("not a base62 digit: " + c);
    }
}
