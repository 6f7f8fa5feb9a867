package io.harbour.model;

import java.util.regex.Pattern;

/**
 * What a realm may be called: lower case, digits, '_' and '-', at most 63 characters. The realm
 * file checks it and index names embed it, so one pattern serves both: a name the realm file
 * accepts is always valid in an Elasticsearch index name.
 */
public final class RealmName {
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private RealmName() {
    }
}
