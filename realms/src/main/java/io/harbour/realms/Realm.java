package io.harbour.realms;

import io.harbour.model.RealmName;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A tenant: its write keys and query tokens (as hashes), the client-certificate subjects that
 * write into it, and the source-address ranges from which sensors that cannot send headers are
 * accepted without credentials.
 *
 * @param requireSourceRange when true, the realm's write keys are accepted only from its source
 *                           ranges too (a stolen key is then useless elsewhere); 403 otherwise
 * @param clientSubjects     RFC 2253 subjects of client certificates, compared as X.500 names
 */
public record Realm(String name, List<Cidr> sourceRanges, boolean requireSourceRange, List<String> clientSubjects,
                    List<WriteKey> writeKeys, List<QueryToken> queryTokens) {

    /**
     * Realm names become part of Elasticsearch index names and Kafka header values, so they keep
     * to what index names allow: lower case, digits, '-' and '_', not starting with either.
     */
    public static final Pattern NAME = RealmName.PATTERN;

    public Realm {
        Objects.requireNonNull(name, "name");
        sourceRanges = List.copyOf(sourceRanges);
        clientSubjects = List.copyOf(clientSubjects);
        writeKeys = List.copyOf(writeKeys);
        queryTokens = List.copyOf(queryTokens);
    }

    /** A realm with nothing in it yet. */
    public static Realm named(String name) {
        return new Realm(name, List.of(), false, List.of(), List.of(), List.of());
    }

    public boolean acceptsAddress(InetAddress address) {
        return sourceRanges.stream().anyMatch(r -> r.contains(address));
    }

    public Optional<WriteKey> writeKey(String id) {
        return writeKeys.stream().filter(k -> k.id().equals(id)).findFirst();
    }

    public Optional<QueryToken> queryToken(String id) {
        return queryTokens.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public Realm withWriteKey(WriteKey key) {
        List<WriteKey> keys = new ArrayList<>(writeKeys);
        keys.add(key);
        return new Realm(name, sourceRanges, requireSourceRange, clientSubjects, keys, queryTokens);
    }

    public Realm withQueryToken(QueryToken token) {
        List<QueryToken> tokens = new ArrayList<>(queryTokens);
        tokens.add(token);
        return new Realm(name, sourceRanges, requireSourceRange, clientSubjects, writeKeys, tokens);
    }

    /** This realm without the key or token of that id (unchanged when it has none). */
    public Realm withoutCredential(String id) {
        Predicate<String> keep = other -> !other.equals(id);
        return new Realm(name, sourceRanges, requireSourceRange, clientSubjects,
                writeKeys.stream().filter(k -> keep.test(k.id())).toList(),
                queryTokens.stream().filter(t -> keep.test(t.id())).toList());
    }
}
