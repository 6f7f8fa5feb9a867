package io.harbour.layout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Deterministic document ids. A derived id is the first 128 bits of a SHA-256 over a purpose
 * tag and the parts, each length-prefixed so that {@code ("ab","c")} and {@code ("a","bc")}
 * differ, written base64url (22 characters): short in every bulk line, safe in a URL path.
 */
public final class DocumentIds {
    /** Elasticsearch refuses ids longer than 512 bytes. */
    public static final int MAX_ID_BYTES = 512;

    private static final int ID_BYTES = 16;
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private DocumentIds() {
    }

    /** The id of {@code parts} for {@code purpose} ({@code "logharbour"}, {@code "exchange"}, ...). */
    public static String derive(String purpose, Object... parts) {
        MessageDigest sha = sha256();
        update(sha, purpose.getBytes(StandardCharsets.UTF_8));
        for (Object part : parts) {
            if (part == null) {
                sha.update((byte) 0);
            } else if (part instanceof byte[] bytes) {
                sha.update((byte) 2);
                update(sha, bytes);
            } else {
                sha.update((byte) 1);
                update(sha, part.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] digest = sha.digest();
        byte[] id = new byte[ID_BYTES];
        System.arraycopy(digest, 0, id, 0, ID_BYTES);
        return BASE64URL.encodeToString(id);
    }

    /** The SHA-256 of bytes, hex: how an ExtraHop half remembers its body to recognise a resend. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** True when {@code id} can be a document id as it is. */
    public static boolean fitsAsId(String id) {
        return id != null && !id.isEmpty() && id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES;
    }

    private static void update(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
