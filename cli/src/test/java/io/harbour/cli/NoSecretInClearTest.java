package io.harbour.cli;

import static io.harbour.cli.RealmCommandTest.harbour;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harbour.cli.RealmCommandTest.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No key or token is stored in clear: the real {@code harbour realm create} and
 * {@code harbour token create} commands make realms, write keys and query tokens of every
 * scope; then every byte of every file under the state directory (the realm file, its lock file,
 * anything else the commands left) is searched for each printed credential, and for every
 * 12-character window of its secret part, in the printed alphabet and in the other encodings a
 * careless store might use (standard base64, hex, the raw bytes). The realm file must hold, for
 * each credential, exactly its id and the SHA-256 of the printed text, and be readable by its
 * owner only. The same holds after revocations, and {@code token list} and {@code realm list}
 * print no secret either.
 */
class NoSecretInClearTest {
    private static final Pattern PRINTED = Pattern.compile("(hk|hq)_([0-9a-f]{10})_([A-Za-z0-9_-]{43})");
    private static final int WINDOW = 12;

    @TempDir
    Path dir;

    /** A credential as {@code token create} printed it. */
    record Printed(String text, String kind, String id, String secret) {
        static Printed of(String text) {
            Matcher m = PRINTED.matcher(text);
            assertTrue(m.matches(), "a key or token as printed: " + text);
            return new Printed(text, m.group(1), m.group(2), m.group(3));
        }
    }

    @Test
    void keysAndTokensAreStoredOnlyAsTheirHashes() throws Exception {
        Path state = dir.resolve("state");
        Path realms = state.resolve("realms.yaml");
        ok(harbour(realms, "realm", "create", "acme", "--source-range", "10.0.0.0/8", "--client-subject", "CN=sensor-1,O=acme"));
        ok(harbour(realms, "realm", "create", "globex", "--source-range", "192.0.2.0/24", "--require-source-range"));

        List<Printed> printed = new ArrayList<>();
        List<String[]> creates = List.of(
                new String[] {"--realm", "acme", "--kind", "write", "--description", "rack 4"},
                new String[] {"--realm", "acme", "--kind", "write"},
                new String[] {"--realm", "globex", "--kind", "write"},
                new String[] {"--realm", "acme", "--kind", "query"},
                new String[] {"--realm", "acme", "--kind", "query", "--apps", "crm,billing", "--classes", "Order"},
                new String[] {"--realm", "acme", "--kind", "query", "--debug", "--cidr", "10.0.0.0/8", "--cidr", "fd00::/8"},
                new String[] {"--realm", "globex", "--kind", "query", "--apps", "shop", "--description", "analysts"});
        for (String[] options : creates) {
            List<String> args = new ArrayList<>(List.of("token", "create"));
            args.addAll(List.of(options));
            Run run = ok(harbour(realms, args.toArray(String[]::new)));
            Printed p = Printed.of(run.out().strip());
            assertFalse(run.err().contains(p.secret()), "the notice on stderr names the id, never the secret");
            printed.add(p);
        }

        assertNoSecretIn(state, printed);
        assertStoredAsHashes(realms, printed);

        // Revoking rewrites the file: still nothing in clear, and the revoked ones are gone entirely.
        List<Printed> revoked = List.of(printed.get(1), printed.get(4));
        ok(harbour(realms, "token", "revoke", revoked.get(0).id()));
        ok(harbour(realms, "token", "revoke", revoked.get(1).text()));
        List<Printed> kept = new ArrayList<>(printed);
        kept.removeAll(revoked);
        assertNoSecretIn(state, printed);
        assertStoredAsHashes(realms, kept);

        for (Run listing : List.of(ok(harbour(realms, "token", "list")), ok(harbour(realms, "realm", "list")))) {
            for (Printed p : printed) {
                assertFalse(windows(p).stream().anyMatch(w -> listing.out().contains(w) || listing.err().contains(w)),
                        "a listing shows part of " + p.kind() + "_" + p.id() + "'s secret");
            }
        }
    }

    private static Run ok(Run run) {
        assertEquals(0, run.exitCode(), run.out() + run.err());
        return run;
    }

    /** Every 12-character window of the secret, and of the whole printed text. */
    private static Set<String> windows(Printed p) {
        Set<String> out = new LinkedHashSet<>();
        for (String text : List.of(p.secret(), p.text())) {
            for (int i = 0; i + WINDOW <= text.length(); i++) {
                String w = text.substring(i, i + WINDOW);
                if (!w.contains(p.id())) {
                    out.add(w); // the id is public: it is stored and listed on purpose
                }
            }
        }
        return out;
    }

    /** The same secret as a careless store might write it: its bytes, in hex and standard base64. */
    private static List<byte[]> encodedWindows(Printed p) {
        byte[] raw = Base64.getUrlDecoder().decode(p.secret());
        List<byte[]> out = new ArrayList<>();
        for (String encoded : List.of(HexFormat.of().formatHex(raw), HexFormat.of().withUpperCase().formatHex(raw),
                Base64.getEncoder().encodeToString(raw))) {
            for (int i = 0; i + WINDOW <= encoded.length(); i++) {
                out.add(encoded.substring(i, i + WINDOW).getBytes(StandardCharsets.US_ASCII));
            }
        }
        for (int i = 0; i + 9 <= raw.length; i++) { // 9 bytes: the information of 12 base64 characters
            byte[] w = new byte[9];
            System.arraycopy(raw, i, w, 0, 9);
            out.add(w);
        }
        for (String window : windows(p)) {
            out.add(window.getBytes(StandardCharsets.UTF_8));
            out.add(window.getBytes(StandardCharsets.UTF_16BE));
            out.add(window.getBytes(StandardCharsets.UTF_16LE));
        }
        return out;
    }

    private static void assertNoSecretIn(Path state, List<Printed> printed) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(state)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.contains(state.resolve("realms.yaml")), files.toString());
        assertTrue(files.stream().noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left: " + files);
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            for (Printed p : printed) {
                for (byte[] needle : encodedWindows(p)) {
                    assertFalse(contains(bytes, needle), () -> file + " holds part of the secret of " + p.kind() + "_" + p.id()
                            + " (" + new String(needle, StandardCharsets.ISO_8859_1) + ")");
                }
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Each credential is one entry of its kind: its id and sha256 = SHA-256(printed text), nothing else secret. */
    private static void assertStoredAsHashes(Path realms, List<Printed> expected) throws Exception {
        if (Files.getFileStore(realms).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(realms)), "the realm file is the owner's only");
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(realms.getParent())),
                    "the directory the command made is the owner's only");
        }
        JsonNode root = new YAMLMapper().readTree(realms.toFile());
        Map<String, JsonNode> stored = new LinkedHashMap<>();
        Set<String> allowed = Set.of("id", "created_at", "description", "apps", "classes", "capabilities", "debug_ranges", "sha256");
        for (JsonNode realm : root.path("realms")) {
            for (String list : List.of("write_keys", "query_tokens")) {
                for (JsonNode entry : realm.path(list)) {
                    entry.fieldNames().forEachRemaining(name -> assertTrue(allowed.contains(name), "an unexpected member " + name + " in " + entry));
                    String kind = list.equals("write_keys") ? "hk" : "hq";
                    assertTrue(stored.put(kind + "_" + entry.path("id").asText(), entry) == null, "ids are unique");
                }
            }
        }
        Set<String> expectedIds = new LinkedHashSet<>();
        for (Printed p : expected) {
            expectedIds.add(p.kind() + "_" + p.id());
            JsonNode entry = stored.get(p.kind() + "_" + p.id());
            assertTrue(entry != null, p.kind() + "_" + p.id() + " is stored: " + stored.keySet());
            String sha256 = entry.path("sha256").asText();
            assertTrue(sha256.matches("[0-9a-f]{64}"), "a SHA-256 in hex: " + sha256);
            String ofPrinted = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(p.text().getBytes(StandardCharsets.UTF_8)));
            assertEquals(ofPrinted, sha256.toLowerCase(Locale.ROOT), "the stored value is the SHA-256 of the printed text");
        }
        assertEquals(expectedIds, stored.keySet(), "exactly the live credentials are stored");
    }
}
