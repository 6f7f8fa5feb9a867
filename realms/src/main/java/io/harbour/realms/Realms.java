package io.harbour.realms;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Everything the realm file says, checked and indexed for the questions asked on every request:
 * which realm owns this key id, this certificate subject, this address. Immutable; an edit makes a
 * new one, so a running server can swap snapshots without locks.
 */
public final class Realms {
    private static final Realms EMPTY = new Realms(List.of());

    private final List<Realm> realms;
    private final Map<String, Realm> byName = new HashMap<>();
    private final Map<String, Realm> byCredentialId = new HashMap<>();
    private final Map<String, Realm> bySubject = new HashMap<>();

    private Realms(List<Realm> realms) {
        this.realms = List.copyOf(realms);
        for (Realm realm : this.realms) {
            byName.put(realm.name(), realm);
            realm.writeKeys().forEach(k -> byCredentialId.put(k.id(), realm));
            realm.queryTokens().forEach(t -> byCredentialId.put(t.id(), realm));
            realm.clientSubjects().forEach(s -> bySubject.put(canonicalSubject(s), realm));
        }
    }

    public static Realms empty() {
        return EMPTY;
    }

    /** @throws RealmException listing every rule the realms break together (see {@link #problems}) */
    public static Realms of(List<Realm> realms) {
        List<String> problems = problems(realms);
        if (!problems.isEmpty()) {
            throw new RealmException(problems);
        }
        return new Realms(realms);
    }

    /**
     * The rules that hold across fields and realms: valid unique names, ids unique in the whole
     * file (revoke takes an id alone), each certificate subject in one realm, and source ranges
     * of different realms disjoint, because an unauthenticated sender must land in exactly one.
     */
    static List<String> problems(List<Realm> realms) {
        List<String> problems = new ArrayList<>();
        Map<String, String> realmOfId = new HashMap<>();
        Map<String, String> realmOfSubject = new HashMap<>();
        Map<String, Integer> seenNames = new LinkedHashMap<>();
        for (int r = 0; r < realms.size(); r++) {
            Realm realm = realms.get(r);
            String place = "realm \"" + realm.name() + "\"";
            if (!Realm.NAME.matcher(realm.name()).matches()) {
                problems.add(place + ": name must be 1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
            }
            if (seenNames.putIfAbsent(realm.name(), r) != null) {
                problems.add(place + ": the name is used twice (realms[" + seenNames.get(realm.name()) + "] and realms[" + r + "])");
            }
            if (realm.requireSourceRange() && realm.sourceRanges().isEmpty()) {
                problems.add(place + ": require_source_range is true but source_ranges is empty, which would refuse every key");
            }
            for (int i = 0; i < realm.writeKeys().size(); i++) {
                checkId(realm.writeKeys().get(i).id(), place + ": write_keys[" + i + "]", realm.name(), realmOfId, problems);
            }
            for (int i = 0; i < realm.queryTokens().size(); i++) {
                checkId(realm.queryTokens().get(i).id(), place + ": query_tokens[" + i + "]", realm.name(), realmOfId, problems);
            }
            for (int i = 0; i < realm.clientSubjects().size(); i++) {
                String subject = realm.clientSubjects().get(i);
                String subjectPlace = place + ": client_subjects[" + i + "]";
                String canonical;
                try {
                    canonical = canonicalSubject(subject);
                } catch (IllegalArgumentException e) {
                    problems.add(subjectPlace + ": \"" + subject + "\" is not an RFC 2253 distinguished name");
                    continue;
                }
                String other = realmOfSubject.putIfAbsent(canonical, realm.name());
                if (other != null) {
                    problems.add(subjectPlace + ": \"" + subject + "\" is already mapped to realm \"" + other + "\"");
                }
            }
            for (int i = 0; i < realm.sourceRanges().size(); i++) {
                Cidr range = realm.sourceRanges().get(i);
                for (int o = 0; o < r; o++) {
                    Realm earlier = realms.get(o);
                    for (Cidr theirs : earlier.sourceRanges()) {
                        if (range.overlaps(theirs)) {
                            problems.add(place + ": source_ranges[" + i + "]: \"" + range + "\" overlaps \"" + theirs
                                    + "\" of realm \"" + earlier.name() + "\"; a sender without credentials must map to one realm");
                        }
                    }
                }
            }
        }
        return problems;
    }

    private static void checkId(String id, String place, String realm, Map<String, String> realmOfId, List<String> problems) {
        if (!id.matches("[0-9a-z]{4,32}")) {
            problems.add(place + ": id \"" + id + "\" must be 4 to 32 lower-case letters or digits");
        }
        String other = realmOfId.putIfAbsent(id, realm);
        if (other != null) {
            problems.add(place + ": id \"" + id + "\" is used twice (also in realm \"" + other + "\")");
        }
    }

    /**
     * Subjects are compared as X.500 names, not as strings: the TLS stack and the person who
     * typed the subject may differ in spacing or attribute case, which RFC 5280 name matching
     * ignores. Nothing looser than that is accepted.
     *
     * @throws IllegalArgumentException when it is not a distinguished name
     */
    static String canonicalSubject(String subject) {
        return new X500Principal(subject).getName(X500Principal.CANONICAL);
    }

    public List<Realm> all() {
        return realms;
    }

    public Optional<Realm> realm(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The realm holding the write key or query token of that id. */
    public Optional<Realm> realmOfCredential(String id) {
        return Optional.ofNullable(byCredentialId.get(id));
    }

    public boolean hasCredential(String id) {
        return byCredentialId.containsKey(id);
    }

    /** The realm a verified client certificate of this subject writes into. */
    public Optional<Realm> realmOfSubject(String subject) {
        try {
            return Optional.ofNullable(bySubject.get(canonicalSubject(subject)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The realm whose source ranges hold this address; at most one, since ranges are disjoint. */
    public Optional<Realm> realmOfAddress(InetAddress address) {
        return realms.stream().filter(r -> r.acceptsAddress(address)).findFirst();
    }

    /** These realms with that one added, or replacing the realm of the same name. */
    public Realms with(Realm realm) {
        List<Realm> changed = new ArrayList<>(realms);
        int index = changed.indexOf(byName.get(realm.name()));
        if (index >= 0) {
            changed.set(index, realm);
        } else {
            changed.add(realm);
        }
        return of(changed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Realms other && realms.equals(other.realms);
    }

    @Override
    public int hashCode() {
        return realms.hashCode();
    }

    @Override
    public String toString() {
        return "Realms" + realms.stream().map(Realm::name).toList();
    }
}
