package io.harbour.receiver.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Receipt ids: one per request, in every record header of that request and in its 202, so a
 * sender can trace an answer to the stored logs. 26 characters of Crockford base32, like a ULID:
 * 48 bits of milliseconds (so ids sort by time) and 80 random bits (so two receivers never clash).
 * Not secret, so a thread-local generator is enough.
 */
final class ReceiptIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private ReceiptIds() {
    }

    static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & 0xFFFFL;           // 16 random bits
        long low = random.nextLong();                      // 64 random bits
        char[] out = new char[26];
        // 10 characters of time (50 bits, top two zero), then 16 of randomness (80 bits).
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (epochMillis & 31)];
            epochMillis >>>= 5;
        }
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | ((high & 31) << 59);
            high >>>= 5;
        }
        return new String(out);
    }
}
