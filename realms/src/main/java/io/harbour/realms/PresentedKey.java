package io.harbour.realms;

import java.util.Optional;

/** A credential as a sender or reader presented it, split into kind and id for the lookup. */
record PresentedKey(CredentialKind kind, String id, String text) {
    /** Of the whole credential, before stripping: absurd headers are refused before any hashing. */
    private static final int MAX_TEXT_LENGTH = 100;
    private static final CredentialKind[] KINDS = CredentialKind.values();
    private static final int MIN_ID_LENGTH = 4;
    private static final int MAX_ID_LENGTH = 32;
    private static final int SECRET_LENGTH = 43;

    /**
     * Reads {@code PREFIX_ID_SECRET}, PREFIX being a {@link CredentialKind#prefix()}: ID is 4 to
     * 32 of {@code [0-9a-z]}, SECRET is 43 of the base64url alphabet {@code [A-Za-z0-9_-]} (which
     * has {@code _}, so the id ends at the first {@code _} after the prefix). Checked character by character rather than by a regular
     * expression: every ingest request is authenticated, and the match was most of its cost
     * ({@code PresentedKeyTest} holds the expression as the specification).
     */
    static Optional<PresentedKey> parse(String text) {
        if (text == null || text.length() > MAX_TEXT_LENGTH) {
            return Optional.empty();
        }
        String s = text.strip();
        CredentialKind kind = null;
        for (CredentialKind k : KINDS) {
            if (s.startsWith(k.prefix()) && s.length() > k.prefix().length() && s.charAt(k.prefix().length()) == '_') {
                kind = k;
                break;
            }
        }
        if (kind == null) {
            return Optional.empty();
        }
        int idStart = kind.prefix().length() + 1;
        int idEnd = s.indexOf('_', idStart);
        int idLength = idEnd - idStart;
        if (idLength < MIN_ID_LENGTH || idLength > MAX_ID_LENGTH || s.length() - idEnd - 1 != SECRET_LENGTH) {
            return Optional.empty();
        }
        for (int i = idStart; i < idEnd; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
                return Optional.empty();
            }
        }
        for (int i = idEnd + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-')) {
                return Optional.empty();
            }
        }
        return Optional.of(new PresentedKey(kind, s.substring(idStart, idEnd), s));
    }

    @Override
    public String toString() {
        return "PresentedKey[kind=" + kind + ", id=" + id + "]";
    }
}
