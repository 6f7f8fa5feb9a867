package io.harbour.realms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SecretHashTest {

    @Test
    void matchesOnlyTheCredentialItWasMadeFrom() {
        IssuedCredential key = IssuedCredential.generate(CredentialKind.WRITE, id -> false);
        SecretHash hash = key.hash();
        assertTrue(hash.matches(key.key()));
        String k = key.key();
        // One character changed: the last, to one it is not (a key ending in "A" made this test fail once in 64 runs).
        char last = k.charAt(k.length() - 1);
        assertFalse(hash.matches(k.substring(0, k.length() - 1) + (last == 'A' ? 'B' : 'A')));
        assertFalse(hash.matches(""));
    }

    @Test
    void isTheSha256OfTheWholeKeyInHex() {
        // echo -n abc | sha256sum
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", SecretHash.of("abc").hex());
        assertEquals(SecretHash.of("abc"), SecretHash.fromHex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
    }

    @Test
    void refusesAStoredHashThatIsNotOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SecretHash.fromHex("abc"));
        assertEquals("must be 64 hexadecimal digits (a SHA-256)", e.getMessage());
    }

    @Test
    void comparesDigestsInConstantTimeWithMessageDigestIsEqual() throws Exception {
        // Timing cannot be measured reliably in a unit test; what can be held in place is that
        // every comparison of digests goes through the one method, and that it is isEqual.
        String source = Files.readString(Path.of("src/main/java/io/harbour/realms/SecretHash.java"));
        assertTrue(source.contains("return MessageDigest.isEqual(a, b);"), "digestsEqual must use MessageDigest.isEqual");
        assertFalse(Pattern.compile("Arrays\\.equals|\\.equals\\(sha256|sha256\\.equals").matcher(source).find(),
                "digests must not be compared with a short-circuiting equals");
        for (String file : new String[] {"SenderAuthenticator.java", "QueryAuthenticator.java"}) {
            String authenticator = Files.readString(Path.of("src/main/java/io/harbour/realms/" + file));
            assertTrue(authenticator.contains(".matches(token.text())") || authenticator.contains(".matches(key.text())"), file);
            assertFalse(authenticator.contains("Arrays.equals"), file);
        }
        assertTrue(SecretHash.digestsEqual(new byte[] {1, 2}, new byte[] {1, 2}));
        assertFalse(SecretHash.digestsEqual(new byte[] {1, 2}, new byte[] {1, 3}));
    }

    @Test
    void issuedKeysHaveTheirFormAndNeverPrintTheSecret() {
        IssuedCredential write = IssuedCredential.generate(CredentialKind.WRITE, id -> false);
        IssuedCredential query = IssuedCredential.generate(CredentialKind.QUERY, id -> false);
        assertTrue(write.key().matches("hk_[0-9a-f]{10}_[A-Za-z0-9_-]{43}"), write.key());
        assertTrue(query.key().matches("hq_[0-9a-f]{10}_[A-Za-z0-9_-]{43}"), query.key());
        assertTrue(write.key().startsWith("hk_" + write.id() + "_"));
        assertFalse(write.toString().contains(write.key().substring(14)));
        assertNotEquals(write.key(), IssuedCredential.generate(CredentialKind.WRITE, id -> false).key());
    }

    @Test
    void anIdAlreadyTakenIsNeverIssuedAgain() {
        Set<String> asked = new HashSet<>();
        IssuedCredential c = IssuedCredential.generate(CredentialKind.WRITE, id -> asked.add(id) && asked.size() <= 3);
        assertEquals(4, asked.size(), "three taken ids were drawn again");
        assertTrue(asked.contains(c.id()));
    }

    @Test
    void presentedKeyParsesOnlyTheIssuedForm() {
        IssuedCredential key = IssuedCredential.generate(CredentialKind.QUERY, id -> false);
        PresentedKey parsed = PresentedKey.parse(" " + key.key() + " ").orElseThrow();
        assertEquals(CredentialKind.QUERY, parsed.kind());
        assertEquals(key.id(), parsed.id());
        assertFalse(parsed.toString().contains(key.key()));
        assertTrue(PresentedKey.parse("hk_abc_" + "A".repeat(43)).isEmpty(), "id too short");
        assertTrue(PresentedKey.parse("hx_abcdef_" + "A".repeat(43)).isEmpty());
        assertTrue(PresentedKey.parse("hk_abcdef_" + "A".repeat(42)).isEmpty());
        assertTrue(PresentedKey.parse("hk_abcdef_" + "A".repeat(500)).isEmpty());
        assertTrue(PresentedKey.parse(null).isEmpty());
    }
}
