package io.harbour.realms;

import java.time.Instant;
import java.util.Objects;

/**
 * A reader's token as the realm file keeps it: its id, what it may read, and the hash of the
 * token, never the token.
 *
 * @param description optional, for the operator; null when absent
 */
public record QueryToken(String id, Instant createdAt, String description, QueryScope scope, SecretHash hash) {
    public QueryToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(hash, "hash");
    }
}
