package io.harbour.cli;

import io.harbour.realms.IssuedCredential;
import io.harbour.realms.QueryScope;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.realms.Realms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The realm {@code harbour up} sends its examples into, and its write key. The realm file keeps
 * only the key's hash, like every key; the clear key is kept for {@code up} alone in
 * {@code <state>/dev-write-key} (mode 600), so that each start prints the same key instead of
 * piling up new ones.
 */
final class DevelopmentRealm {
    static final String NAME = "dev";

    private DevelopmentRealm() {
    }

    /** Ensures the realm and a live write key; returns the key. */
    static String writeKey(StateDir state) {
        RealmFile file = new RealmFile(state.realmsFile());
        Realms realms = file.load();
        if (realms.realm(NAME).isEmpty()) {
            file.createRealm(Realm.named(NAME));
            realms = file.load();
        }
        Path keyFile = state.root().resolve("dev-write-key");
        Optional<String> kept = read(keyFile);
        Realm dev = realms.realm(NAME).orElseThrow();
        if (kept.isPresent() && dev.writeKeys().stream().anyMatch(k -> k.hash().matches(kept.get()))) {
            return kept.get();
        }
        IssuedCredential issued = file.issueWriteKey(NAME, "harbour up development key");
        write(keyFile, issued.key());
        return issued.key();
    }

    /**
     * Ensures a live query token of the realm that reads every app and class (no debug), kept in
     * {@code <state>/dev-query-token} (mode 600) like the write key, so each start prints the same one.
     */
    static String queryToken(StateDir state) {
        RealmFile file = new RealmFile(state.realmsFile());
        writeKey(state);
        Path tokenFile = queryTokenFile(state);
        Optional<String> kept = read(tokenFile);
        Realm dev = file.load().realm(NAME).orElseThrow();
        if (kept.isPresent() && dev.queryTokens().stream().anyMatch(t -> t.hash().matches(kept.get()))) {
            return kept.get();
        }
        IssuedCredential issued = file.issueQueryToken(NAME, QueryScope.EVERYTHING_BUT_DEBUG, "harbour up development query token");
        write(tokenFile, issued.key());
        return issued.key();
    }

    static Path queryTokenFile(StateDir state) {
        return state.root().resolve("dev-query-token");
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String key) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
