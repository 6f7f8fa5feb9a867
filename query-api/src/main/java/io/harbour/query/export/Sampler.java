package io.harbour.query.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code sample=s}: keeps a document when a hash of its id, read as a number in [0, 1), is below
 * s. The hash is SHA-256 (the first 64 bits, unsigned), computed here in Java rather than by
 * Elasticsearch (this node has no scripts), so the same id is kept or dropped on every call, on
 * every server, in every version: a repeated call returns the same sample, and a sample of 0.1
 * is contained in a sample of 0.2 of the same window. Unlike Logpull's random sample.
 */
public final class Sampler {
    private final double rate;

    /** @param rate 0 < rate <= 1 */
    public Sampler(double rate) {
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("sample rate must be in (0, 1]: " + rate);
        }
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    public boolean keeps(String docId) {
        return rate >= 1 || position(docId) < rate;
    }

    /** Where the id falls in [0, 1). */
    static double position(String docId) {
        byte[] digest = sha256().digest(docId.getBytes(StandardCharsets.UTF_8));
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (digest[i] & 0xff);
        }
        // Unsigned: the top 53 bits give a double in [0, 1) without rounding up to 1.
        return (bits >>> 11) * 0x1.0p-53;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
