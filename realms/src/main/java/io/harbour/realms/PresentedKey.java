package io.harbour.realms;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A credential as a sender or reader presented it, split into kind and id for the lookup. */
record PresentedKey(CredentialKind kind, String id, String text) {
    // Bounded lengths keep the match linear and refuse absurd headers before any hashing.
    private static final Pattern FORM = Pattern.compile("(hk|hq)_([0-9a-z]{4,32})_([A-Za-z0-9_-]{43})");

    static Optional<PresentedKey> parse(String text) {
        if (text == null || text.length() > 100) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        CredentialKind kind = m.group(1).equals(CredentialKind.WRITE.prefix()) ? CredentialKind.WRITE : CredentialKind.QUERY;
        return Optional.of(new PresentedKey(kind, m.group(2), text.strip()));
    }

    @Override
    public String toString() {
        return "PresentedKey[kind=" + kind + ", id=" + id + "]";
    }
}
