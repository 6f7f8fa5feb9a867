package io.harbour.realms;

import java.time.Instant;
import java.util.Objects;

/**
 * A sender's key as the realm file keeps it: its id and the hash of the key, never the key.
 *
 * @param description optional, for the operator ({@code "sensor in rack 4"}); null when absent
 */
public record WriteKey(String id, Instant createdAt, String description, SecretHash hash) {
    public WriteKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(hash, "hash");
    }
}
