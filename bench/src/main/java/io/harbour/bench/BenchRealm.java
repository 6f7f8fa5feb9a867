package io.harbour.bench;

import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import java.nio.file.Path;

/** A realm file with one realm and one write key, as {@code harbour realm create} and {@code harbour token create} make them. */
record BenchRealm(Path file, String realm, String writeKey) {
    static BenchRealm create(Path file, String realm) {
        RealmFile realms = new RealmFile(file);
        realms.createRealm(Realm.named(realm));
        return new BenchRealm(file, realm, realms.issueWriteKey(realm, "benchmark sender").key());
    }
}
