package io.harbour.realms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@link PresentedKey#parse} against the regular expression that states the form. */
class PresentedKeyTest {
    /** The specification: what the hand-written check must accept, and nothing else. */
    private static final Pattern FORM = Pattern.compile("(hk|hq)_([0-9a-z]{4,32})_([A-Za-z0-9_-]{43})");
    private static final String ALPHABET = "hkqx_-09azAZ \t.é";

    @Test
    void agreesWithTheFormOnIssuedKeysAndTheirMutations() {
        Random random = new Random(20261124);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            String key = IssuedCredential.generate(random.nextBoolean() ? CredentialKind.WRITE : CredentialKind.QUERY, id -> false).key();
            String text = mutate(key, random);
            accepted += check(text) ? 1 : 0;
        }
        // Mutations keep some keys valid; both outcomes must have been exercised.
        assertTrue(accepted > 1000 && accepted < 19_000, "accepted " + accepted);
    }

    @Test
    void agreesWithTheFormOnRandomText() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "h" + "kq".charAt(random.nextInt(2)) + "_" : "");
            int length = random.nextInt(90);
            for (int j = 0; j < length; j++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            check(b.toString());
        }
    }

    @Test
    void agreesAtTheLengthLimits() {
        for (int id = 2; id <= 34; id++) {
            for (int secret = 41; secret <= 45; secret++) {
                check("hk_" + "a".repeat(id) + "_" + "_".repeat(secret));
                check("hq_" + "9".repeat(id) + "_" + "-".repeat(secret));
                check("  hk_" + "z".repeat(id) + "_" + "Z".repeat(secret) + "\t");
            }
        }
    }

    /** True when accepted; fails when parse and the form disagree. */
    private static boolean check(String text) {
        Optional<PresentedKey> parsed = PresentedKey.parse(text);
        Matcher m = FORM.matcher(text.strip());
        boolean expected = text.length() <= 100 && m.matches();
        assertEquals(expected, parsed.isPresent(), () -> "\"" + text + "\"");
        if (expected) {
            assertEquals(m.group(1).equals("hk") ? CredentialKind.WRITE : CredentialKind.QUERY, parsed.get().kind(), text);
            assertEquals(m.group(2), parsed.get().id(), text);
            assertEquals(text.strip(), parsed.get().text(), text);
        }
        return expected;
    }

    private static String mutate(String key, Random random) {
        StringBuilder b = new StringBuilder(key);
        int edits = random.nextInt(3);
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = random.nextInt(b.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> b.setCharAt(at, c);
                case 1 -> b.insert(at, c);
                default -> b.deleteCharAt(at);
            }
        }
        return b.toString();
    }
}
