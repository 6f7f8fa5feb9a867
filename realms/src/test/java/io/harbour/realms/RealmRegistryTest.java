package io.harbour.realms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealmRegistryTest {
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    final AtomicLong clock = new AtomicLong(Long.MAX_VALUE - SECOND / 2); // wraps around: only differences count

    @Test
    void looksAtTheFileAtMostOnceASecond() {
        RealmFile file = new RealmFile(dir.resolve("realms.yaml"));
        file.createRealm(Realm.named("acme"));
        RealmRegistry registry = RealmRegistry.open(file.path(), clock::get);
        Realms first = registry.current();
        file.createRealm(Realm.named("globex"));
        clock.addAndGet(SECOND - 1);
        assertSame(first, registry.current());
        clock.addAndGet(1);
        assertEquals(List.of("acme", "globex"), registry.current().all().stream().map(Realm::name).toList());
    }

    @Test
    void anUnchangedFileIsNotReadAgain() {
        RealmFile file = new RealmFile(dir.resolve("realms.yaml"));
        file.createRealm(Realm.named("acme"));
        RealmRegistry registry = RealmRegistry.open(file.path(), clock::get);
        Realms first = registry.current();
        clock.addAndGet(5 * SECOND);
        assertSame(first, registry.current());
    }

    @Test
    void anInvalidEditKeepsTheLastGoodRealms() throws Exception {
        RealmFile file = new RealmFile(dir.resolve("realms.yaml"));
        file.createRealm(Realm.named("acme"));
        RealmRegistry registry = RealmRegistry.open(file.path(), clock::get);
        Files.writeString(file.path(), "realms:\n  - name: acme\n    source_ranges: [10.0.0.0/33]\n");
        clock.addAndGet(SECOND);
        assertEquals(List.of("acme"), registry.current().all().stream().map(Realm::name).toList());
        file.save(Realms.of(List.of(Realm.named("acme"), Realm.named("globex"))));
        clock.addAndGet(SECOND);
        assertEquals(2, registry.current().all().size(), "the repaired file is used");
    }

    @Test
    void aFileThatAppearsLaterIsPickedUp() {
        RealmFile file = new RealmFile(dir.resolve("realms.yaml"));
        RealmRegistry registry = RealmRegistry.open(file.path(), clock::get);
        assertTrue(registry.current().all().isEmpty());
        file.save(Realms.of(List.of(Realm.named("acme"))));
        clock.addAndGet(SECOND);
        assertEquals(1, registry.current().all().size());
    }

    @Test
    void anInvalidFileStopsAServiceFromStarting() throws Exception {
        Files.writeString(dir.resolve("realms.yaml"), "realms: {}\n");
        RealmException e = assertThrows(RealmException.class, () -> RealmRegistry.open(dir.resolve("realms.yaml")));
        assertEquals("realms.yaml: realms: must be a list", e.getMessage());
    }
}
