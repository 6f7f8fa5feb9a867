package io.harbour.layout;

import java.time.LocalDate;
import java.util.Objects;

/** A daily index name taken apart: what retention reads to decide, per realm, what is past its days. */
public record IndexName(DocumentKind kind, String realm, LocalDate day) {

    public IndexName {
        Objects.requireNonNull(kind, "kind");
        IndexNames.requireRealm(realm);
        Objects.requireNonNull(day, "day");
    }

    public String name() {
        return IndexNames.writeIndex(kind, realm, day);
    }

    public String alias() {
        return IndexNames.alias(kind, realm);
    }

    @Override
    public String toString() {
        return name();
    }
}
