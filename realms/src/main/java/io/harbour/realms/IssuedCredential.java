package io.harbour.realms;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Predicate;

/**
 * A key or token just made: the only moment its secret exists in clear. Printed as
 * {@code hk_<id>_<secret>} or {@code hq_<id>_<secret>}, where the secret is 32 bytes from
 * {@link SecureRandom} in unpadded base64url (43 characters) and the id is 10 hex digits. The id
 * lets a server find the one stored hash to compare against instead of trying them all.
 *
 * @param kind  write key or query token
 * @param id    the public part, shown by {@code harbour token list} and used to revoke
 * @param key   the whole credential, to be shown to its owner once and then forgotten
 */
public record IssuedCredential(CredentialKind kind, String id, String key) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 5;

    /**
     * @param idTaken says whether an id is already used in the realm file; ids are 40 random
     *                bits, so a collision is rare but would make two keys share a lookup slot
     */
    public static IssuedCredential generate(CredentialKind kind, Predicate<String> idTaken) {
        String id;
        do {
            byte[] idBytes = new byte[ID_BYTES];
            RANDOM.nextBytes(idBytes);
            id = HexFormat.of().formatHex(idBytes);
        } while (idTaken.test(id));
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new IssuedCredential(kind, id, kind.prefix() + "_" + id + "_" + encoded);
    }

    /** What the realm file stores instead of {@link #key()}. */
    public SecretHash hash() {
        return SecretHash.of(key);
    }

    /** Never the key: records print their fields, and a key must not reach a log by accident. */
    @Override
    public String toString() {
        return "IssuedCredential[kind=" + kind + ", id=" + id + ", key=(hidden)]";
    }
}
