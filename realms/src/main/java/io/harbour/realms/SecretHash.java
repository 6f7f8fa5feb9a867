package io.harbour.realms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The SHA-256 of a whole write key or query token ({@code hk_<id>_<secret>}), which is all the
 * realm file keeps of it.
 *
 * <p>A plain SHA-256 is enough here, with no salt and no slow KDF (bcrypt, scrypt, Argon2): those
 * exist to make guessing low-entropy passwords expensive, and a key's secret is 256 bits from
 * {@link java.security.SecureRandom}, which no amount of hashing speed lets anyone guess. Staying
 * fast matters because every ingest request is verified. Hashing the whole key, prefix and id
 * included, also ties a hash to one kind and one id.
 */
public final class SecretHash {
    private static final HexFormat HEX = HexFormat.of();
    /** One per thread: looking the algorithm up in the providers cost more than hashing a key. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    private final byte[] sha256;

    private SecretHash(byte[] sha256) {
        this.sha256 = sha256;
    }

    /** The hash of a key or token as printed to its owner. */
    public static SecretHash of(String credential) {
        return new SecretHash(sha256(credential));
    }

    /**
     * @param hex 64 hexadecimal digits, as stored in the realm file
     * @throws IllegalArgumentException when it is not
     */
    public static SecretHash fromHex(String hex) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("must be 64 hexadecimal digits (a SHA-256)");
        }
        return new SecretHash(HEX.parseHex(hex.toLowerCase()));
    }

    /**
     * True when the presented credential hashes to this hash. The digests are compared in
     * constant time, so that the time taken says nothing about how many leading bytes matched.
     */
    public boolean matches(String presented) {
        return digestsEqual(sha256, sha256(presented));
    }

    /** The one place digests are compared; {@code SecretHashTest} checks that it stays this way. */
    static boolean digestsEqual(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    public String hex() {
        return HEX.formatHex(sha256);
    }

    private static byte[] sha256(String text) {
        // digest() resets the instance, so the next call on this thread starts clean.
        return SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretHash h && digestsEqual(sha256, h.sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return "sha256:" + hex();
    }
}
