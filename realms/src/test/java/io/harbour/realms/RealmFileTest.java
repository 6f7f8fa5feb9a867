package io.harbour.realms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealmFileTest {
    private static final String HASH = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;

    private RealmFile file() {
        return new RealmFile(dir.resolve("realms.yaml"));
    }

    private RealmException loadFails(String yaml) throws Exception {
        Files.writeString(dir.resolve("realms.yaml"), yaml);
        return assertThrows(RealmException.class, () -> file().load());
    }

    @Test
    void aMissingFileHasNoRealms() {
        assertTrue(file().load().all().isEmpty());
    }

    @Test
    void whatIsSavedLoadsBackTheSame() {
        RealmFile file = file();
        file.createRealm(new Realm("acme", List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32")), true,
                List.of("CN=sensor-1,O=Acme: Corp #1"), List.of(), List.of()));
        file.createRealm(Realm.named("globex"));
        file.issueWriteKey("acme", "rack 4: \"east\" # primary");
        file.issueWriteKey("acme", null);
        file.issueQueryToken("acme", new QueryScope(QueryScope.Allowed.only(List.of("crm", "0123", "true")), QueryScope.Allowed.ALL,
                Set.of(Capability.DEBUG), List.of(Cidr.parse("192.168.0.0/16"))), "analysts");
        file.issueQueryToken("globex", QueryScope.EVERYTHING_BUT_DEBUG, null);
        Realms saved = file.load();
        assertEquals(2, saved.all().size());
        assertEquals(2, saved.realm("acme").orElseThrow().writeKeys().size());
        assertEquals("rack 4: \"east\" # primary", saved.realm("acme").orElseThrow().writeKeys().get(0).description());
        assertEquals(Set.of("crm", "0123", "true"), saved.realm("acme").orElseThrow().queryTokens().get(0).scope().apps().names());
        assertEquals(saved, new RealmFile(file.path()).load());
    }

    @Test
    void noKeyOrTokenAppearsInClearInTheFile() throws Exception {
        RealmFile file = file();
        file.createRealm(Realm.named("acme"));
        IssuedCredential key = file.issueWriteKey("acme", null);
        IssuedCredential token = file.issueQueryToken("acme", QueryScope.EVERYTHING_BUT_DEBUG, null);
        String text = Files.readString(file.path());
        for (IssuedCredential c : List.of(key, token)) {
            String secret = c.key().substring(c.key().lastIndexOf('_', c.key().length() - 44) + 1);
            assertEquals(43, secret.length());
            byte[] raw = Base64.getUrlDecoder().decode(secret);
            assertFalse(text.contains(c.key()), "the whole key");
            assertFalse(text.contains(secret), "the secret as printed");
            assertFalse(text.contains(HexFormat.of().formatHex(raw)), "the secret in hex");
            assertFalse(text.contains(Base64.getEncoder().encodeToString(raw)), "the secret in base64");
            assertTrue(text.contains(c.id()), "the id is public");
            assertTrue(text.contains(c.hash().hex()), "only the hash");
        }
    }

    @Test
    void theFileIsOwnerOnlyAndNoTemporaryFileIsLeft() throws Exception {
        RealmFile file = new RealmFile(dir.resolve("state/realms.yaml"));
        file.createRealm(Realm.named("acme"));
        file.issueWriteKey("acme", null);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent())));
        try (Stream<Path> files = Files.list(file.path().getParent())) {
            assertEquals(List.of("realms.yaml", "realms.yaml.lock"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aSaveReplacesTheFileRatherThanRewritingIt() throws Exception {
        RealmFile file = file();
        file.createRealm(Realm.named("acme"));
        Object before = Files.readAttributes(file.path(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        file.issueWriteKey("acme", null);
        Object after = Files.readAttributes(file.path(), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        assertFalse(before.equals(after), "a new inode: the old file was never half-written");
    }

    @Test
    void aBadSourceRangeIsNamedByRealmAndIndex() throws Exception {
        RealmException e = loadFails("""
                realms:
                  - name: acme
                    source_ranges: [10.1.0.0/16, 10.0.0.0/33]
                """);
        assertEquals(List.of("realms.yaml: realm \"acme\": source_ranges[1]: \"10.0.0.0/33\" is not a CIDR"), e.problems());
        assertEquals("realms.yaml: realm \"acme\": source_ranges[1]: \"10.0.0.0/33\" is not a CIDR", e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPlace() throws Exception {
        RealmException e = loadFails("""
                version: 1
                realms:
                  - source_ranges: []
                  - name: acme
                    source_range: [10.0.0.0/8]
                    require_source_range: "yes"
                    write_keys:
                      - id: k1k1k1
                        created_at: yesterday
                        sha256: abc
                    query_tokens:
                      - id: t1t1t1
                        created_at: 2025-01-31T12:00:00Z
                        apps: []
                        classes: all
                        capabilities: [debug, admin]
                        sha256: %s
                """.formatted(HASH));
        assertEquals(List.of(
                "realms.yaml: realms[0]: name is missing",
                "realms.yaml: realm \"acme\": unknown key \"source_range\" (known: client_subjects, name, query_tokens, require_source_range, source_ranges, write_keys)",
                "realms.yaml: realm \"acme\": require_source_range: must be true or false",
                "realms.yaml: realm \"acme\": write_keys[0]: created_at: \"yesterday\" is not a UTC time such as 2025-01-31T12:00:00Z",
                "realms.yaml: realm \"acme\": write_keys[0]: sha256: must be 64 hexadecimal digits (a SHA-256)",
                "realms.yaml: realm \"acme\": query_tokens[0]: apps: must be all or a non-empty list of names",
                "realms.yaml: realm \"acme\": query_tokens[0]: capabilities: \"admin\" is not a capability (known: debug)"),
                e.problems());
    }

    @Test
    void debugWithoutRangesIsRefused() throws Exception {
        RealmException e = loadFails("""
                realms:
                  - name: acme
                    query_tokens:
                      - id: t1t1t1
                        created_at: 2025-01-31T12:00:00Z
                        apps: all
                        classes: [Order]
                        capabilities: [debug]
                        sha256: %s
                """.formatted(HASH));
        assertEquals("realms.yaml: realm \"acme\": query_tokens[0]: the debug capability needs at least one debug range"
                + " (0.0.0.0/0 and ::/0 allow every address)", e.getMessage());
    }

    @Test
    void rulesAcrossRealmsAreChecked() throws Exception {
        RealmException e = loadFails("""
                realms:
                  - name: acme
                    source_ranges: [10.0.0.0/8]
                    client_subjects: ["CN=sensor,O=Acme"]
                    write_keys:
                      - {id: k1k1k1, created_at: "2025-01-31T12:00:00Z", sha256: %1$s}
                  - name: Globex
                    source_ranges: [10.20.0.0/16]
                    require_source_range: true
                    client_subjects: ["cn=Sensor, o=acme"]
                    write_keys:
                      - {id: k1k1k1, created_at: "2025-01-31T12:00:00Z", sha256: %1$s}
                  - name: acme
                    require_source_range: true
                """.formatted(HASH));
        assertEquals(List.of(
                "realms.yaml: realm \"Globex\": name must be 1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit",
                "realms.yaml: realm \"Globex\": write_keys[0]: id \"k1k1k1\" is used twice (also in realm \"acme\")",
                "realms.yaml: realm \"Globex\": client_subjects[0]: \"cn=Sensor, o=acme\" is already mapped to realm \"acme\"",
                "realms.yaml: realm \"Globex\": source_ranges[0]: \"10.20.0.0/16\" overlaps \"10.0.0.0/8\" of realm \"acme\"; a sender without credentials must map to one realm",
                "realms.yaml: realm \"acme\": the name is used twice (realms[0] and realms[2])",
                "realms.yaml: realm \"acme\": require_source_range is true but source_ranges is empty, which would refuse every key"),
                e.problems());
    }

    @Test
    void notYamlNamesTheLine() throws Exception {
        RealmException e = loadFails("realms:\n  - name: acme\n    source_ranges: [10.0.0.0/8\n");
        assertTrue(e.getMessage().startsWith("realms.yaml: not valid YAML at line "), e.getMessage());
    }

    @Test
    void aKeyWrittenTwiceIsRefused() throws Exception {
        RealmException e = loadFails("realms:\n  - name: acme\n    name: globex\n");
        assertTrue(e.getMessage().startsWith("realms.yaml: not valid YAML at line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("Duplicate field 'name'"), e.getMessage());
    }

    @Test
    void bareNumbersAreAskedForInQuotesRatherThanConverted() throws Exception {
        RealmException e = loadFails("realms:\n  - name: 0123\n");
        assertEquals("realms.yaml: realms[0]: name: must be a string; put it in quotes", e.getMessage());
    }

    @Test
    void anEmptyFileHasNoRealmsAndAWrongVersionIsRefused() throws Exception {
        Files.writeString(dir.resolve("realms.yaml"), "# nothing yet\n");
        assertTrue(file().load().all().isEmpty());
        assertEquals("realms.yaml: version: must be 1, found 2", loadFails("version: 2\nrealms: []\n").getMessage());
        assertEquals("realms.yaml: must be a mapping with a realms list", loadFails("- a\n").getMessage());
    }

    @Test
    void aBadSubjectIsNamed() throws Exception {
        RealmException e = loadFails("realms:\n  - name: acme\n    client_subjects: [\"not a dn\"]\n");
        assertEquals("realms.yaml: realm \"acme\": client_subjects[0]: \"not a dn\" is not an RFC 2253 distinguished name", e.getMessage());
    }

    @Test
    void editsRefuseWhatTheyCannotDo() {
        RealmFile file = file();
        file.createRealm(Realm.named("acme"));
        assertEquals("realm \"acme\" already exists",
                assertThrows(RealmException.class, () -> file.createRealm(Realm.named("acme"))).getMessage());
        assertEquals("realm \"nope\" does not exist (realms: acme)",
                assertThrows(RealmException.class, () -> file.issueWriteKey("nope", null)).getMessage());
        assertEquals("no write key or query token has the id \"0000000000\"",
                assertThrows(RealmException.class, () -> file.revoke("0000000000")).getMessage());
        assertThrows(RealmException.class, () -> file.issueWriteKey("acme", "two\nlines"));
        assertThrows(RealmException.class, () -> file.createRealm(Realm.named("Bad Name")));
    }

    @Test
    void revokeTakesAnIdOrTheWholeKey() {
        RealmFile file = file();
        file.createRealm(Realm.named("acme"));
        IssuedCredential a = file.issueWriteKey("acme", null);
        IssuedCredential b = file.issueQueryToken("acme", QueryScope.EVERYTHING_BUT_DEBUG, null);
        assertEquals(new RealmFile.Revoked("acme", CredentialKind.WRITE, a.id()), file.revoke(a.id()));
        assertEquals(new RealmFile.Revoked("acme", CredentialKind.QUERY, b.id()), file.revoke(b.key()));
        Realm acme = file.load().realm("acme").orElseThrow();
        assertTrue(acme.writeKeys().isEmpty() && acme.queryTokens().isEmpty());
    }

    @Test
    void aFailedEditLeavesTheFileAsItWas() throws Exception {
        RealmFile file = file();
        file.createRealm(Realm.named("acme"));
        byte[] before = Files.readAllBytes(file.path());
        assertThrows(RealmException.class, () -> file.createRealm(new Realm("globex", List.of(), true, List.of(), List.of(), List.of())));
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(file.path()));
    }
}
