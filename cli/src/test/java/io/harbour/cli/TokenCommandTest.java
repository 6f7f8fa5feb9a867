package io.harbour.cli;

import static io.harbour.cli.RealmCommandTest.harbour;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.cli.RealmCommandTest.Run;
import io.harbour.realms.Authentication;
import io.harbour.realms.QueryAuthentication;
import io.harbour.realms.QueryAuthenticator;
import io.harbour.realms.RealmFile;
import io.harbour.realms.SenderAuthenticator;
import io.harbour.realms.SenderCredentials;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {
    @TempDir
    Path dir;

    Path realms;

    @BeforeEach
    void realm() {
        realms = dir.resolve("realms.yaml");
        assertEquals(0, harbour(realms, "realm", "create", "acme").exitCode());
    }

    static String lastLine(Run run) {
        List<String> lines = run.outLines();
        return lines.get(lines.size() - 1);
    }

    @Test
    void writeKeyIsPrintedOnceAloneOnStdoutAndWorks() throws Exception {
        Run created = harbour(realms, "token", "create", "--realm", "acme", "--kind", "write", "--description", "rack 4");
        assertEquals(0, created.exitCode(), created.err());
        String key = lastLine(created);
        assertTrue(key.matches("hk_[0-9a-f]{10}_[A-Za-z0-9_-]{43}"), key);
        assertEquals(key + "\n", created.out(), "stdout holds the key and nothing else");
        String id = key.substring(3, 13);
        assertEquals("write key " + id + " created in realm \"acme\"; it is shown only this once:\n", created.err());
        assertFalse(Files.readString(realms).contains(key.substring(14)), "only a hash is stored");

        Authentication auth = new SenderAuthenticator(realms)
                .authenticate(new SenderCredentials("Bearer " + key, null, null, InetAddress.getByName("203.0.113.1")));
        assertEquals(new Authentication.Accepted("acme", "key:" + id), auth);
    }

    @Test
    void queryTokenCarriesItsScope() throws Exception {
        Run created = harbour(realms, "token", "create", "--realm", "acme", "--kind", "query", "--apps", "crm,billing",
                "--classes", "Order", "--debug", "--cidr", "10.0.0.0/8", "--cidr", "fd00::/8");
        assertEquals(0, created.exitCode(), created.err());
        String token = lastLine(created);
        assertTrue(token.startsWith("hq_"), token);
        QueryAuthentication.Accepted a = assertInstanceOf(QueryAuthentication.Accepted.class,
                new QueryAuthenticator(realms).authenticate("Bearer " + token, InetAddress.getByName("10.3.3.3")));
        assertTrue(a.debugAllowed());
        assertEquals("apps=crm,billing classes=Order debug from 10.0.0.0/8,fd00::/8", a.scope().summary());
    }

    @Test
    void listShowsIdsKindsAndScopesButNoSecret() throws Exception {
        String key = lastLine(harbour(realms, "token", "create", "--realm", "acme", "--kind", "write"));
        String token = lastLine(harbour(realms, "token", "create", "--realm", "acme", "--kind", "QUERY", "--apps", "crm",
                "--description", "analysts"));
        harbour(realms, "realm", "create", "globex");
        harbour(realms, "token", "create", "--realm", "globex", "--kind", "write");

        Run list = harbour(realms, "token", "list");
        assertEquals(0, list.exitCode(), list.err());
        assertEquals(4, list.outLines().size(), list.out());
        assertTrue(list.outLines().get(0).matches("ID +KIND +REALM +CREATED +SCOPE +DESCRIPTION"), list.out());
        assertTrue(list.outLines().get(1).matches(key.substring(3, 13) + " +write +acme +\\d{4}-\\d\\d-\\d\\dT\\S+Z +- +-"), list.out());
        assertTrue(list.outLines().get(2).matches(token.substring(3, 13) + " +query +acme +\\S+ +apps=crm classes=all +analysts"), list.out());
        String hash = new RealmFile(realms).load().realm("acme").orElseThrow().writeKeys().get(0).hash().hex();
        for (String secretish : List.of(key, key.substring(14), token.substring(14), hash)) {
            assertFalse(list.out().contains(secretish));
        }

        Run acmeOnly = harbour(realms, "token", "list", "--realm", "globex");
        assertEquals(2, acmeOnly.outLines().size(), acmeOnly.out());
        assertTrue(acmeOnly.outLines().get(1).contains(" globex "));
    }

    @Test
    void revokedKeyIsRefused() throws Exception {
        String key = lastLine(harbour(realms, "token", "create", "--realm", "acme", "--kind", "write"));
        String id = key.substring(3, 13);
        Run revoked = harbour(realms, "token", "revoke", id);
        assertEquals(0, revoked.exitCode(), revoked.err());
        assertEquals("write key " + id + " of realm \"acme\" revoked\n", revoked.out());
        Authentication auth = new SenderAuthenticator(realms).authenticate(new SenderCredentials("Bearer " + key, null, null, null));
        assertEquals(401, assertInstanceOf(Authentication.Refused.class, auth).status());
        assertEquals("no keys or tokens\n", harbour(realms, "token", "list").out());

        Run again = harbour(realms, "token", "revoke", id);
        assertEquals(1, again.exitCode());
        assertEquals("error: no write key or query token has the id \"" + id + "\"\n", again.err());
    }

    @Test
    void operatorMistakesAreClearErrorsWithExitCode1() {
        Run unknownRealm = harbour(realms, "token", "create", "--realm", "nope", "--kind", "write");
        assertEquals(1, unknownRealm.exitCode());
        assertEquals("error: realm \"nope\" does not exist (realms: acme)\n", unknownRealm.err());
        assertEquals("", unknownRealm.out());

        Run scopedWrite = harbour(realms, "token", "create", "--realm", "acme", "--kind", "write", "--apps", "crm");
        assertEquals(1, scopedWrite.exitCode());
        assertEquals("error: --apps, --classes, --debug and --cidr apply to query tokens only\n", scopedWrite.err());

        Run debugAnywhere = harbour(realms, "token", "create", "--realm", "acme", "--kind", "query", "--debug");
        assertEquals(1, debugAnywhere.exitCode());
        assertEquals("error: --debug needs at least one --cidr (0.0.0.0/0 and ::/0 allow every address)\n", debugAnywhere.err());

        Run badCidr = harbour(realms, "token", "create", "--realm", "acme", "--kind", "query", "--debug", "--cidr", "10.0.0.0/33");
        assertEquals(1, badCidr.exitCode());
        assertEquals("error: --cidr: \"10.0.0.0/33\" is not a CIDR\n", badCidr.err());

        Run listUnknown = harbour(realms, "token", "list", "--realm", "nope");
        assertEquals(1, listUnknown.exitCode());
        assertEquals("error: realm \"nope\" does not exist\n", listUnknown.err());
    }

    @Test
    void aKindOtherThanWriteOrQueryIsAUsageError() {
        Run bad = harbour(realms, "token", "create", "--realm", "acme", "--kind", "admin");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("must be write or query"), bad.err());
    }
}
