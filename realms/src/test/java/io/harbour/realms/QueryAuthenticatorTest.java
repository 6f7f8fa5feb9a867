package io.harbour.realms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryAuthenticatorTest {
    @TempDir
    Path dir;

    RealmFile file;
    QueryAuthenticator authenticator;
    IssuedCredential analyst;
    IssuedCredential debugger;
    IssuedCredential writeKey;

    @BeforeEach
    void realms() {
        file = new RealmFile(dir.resolve("realms.yaml"));
        file.createRealm(Realm.named("acme"));
        analyst = file.issueQueryToken("acme", new QueryScope(QueryScope.Allowed.only(List.of("crm", "billing")),
                QueryScope.Allowed.only(List.of("Order")), Set.of(), List.of()), "analysts");
        debugger = file.issueQueryToken("acme", new QueryScope(QueryScope.Allowed.ALL, QueryScope.Allowed.ALL,
                Set.of(Capability.DEBUG), List.of(Cidr.parse("10.9.0.0/16"), Cidr.parse("fd00::/8"))), null);
        writeKey = file.issueWriteKey("acme", null);
        authenticator = new QueryAuthenticator(file.path());
    }

    QueryAuthentication auth(String header, String address) throws Exception {
        return authenticator.authenticate(header, InetAddress.getByName(address));
    }

    static void refused(String code, QueryAuthentication result) {
        QueryAuthentication.Refused r = assertInstanceOf(QueryAuthentication.Refused.class, result);
        assertEquals(401, r.status());
        assertEquals(code, r.code(), r.message());
    }

    @Test
    void bearerTokenResolvesToItsRealmAndScope() throws Exception {
        QueryAuthentication.Accepted a = assertInstanceOf(QueryAuthentication.Accepted.class, auth("Bearer " + analyst.key(), "203.0.113.1"));
        assertEquals("acme", a.realm());
        assertEquals("token:" + analyst.id(), a.identity());
        assertTrue(a.scope().allowsApp("crm"));
        assertFalse(a.scope().allowsApp("hr"));
        assertTrue(a.scope().allowsClass("Order"));
        assertFalse(a.scope().allowsClass("User"));
        assertFalse(a.debugAllowed());
        assertEquals("apps=crm,billing classes=Order", a.scope().summary());
    }

    @Test
    void debugOnlyFromTheTokensRanges() throws Exception {
        QueryAuthentication.Accepted inside = assertInstanceOf(QueryAuthentication.Accepted.class, auth("Bearer " + debugger.key(), "10.9.1.1"));
        assertTrue(inside.debugAllowed());
        QueryAuthentication.Accepted v6 = assertInstanceOf(QueryAuthentication.Accepted.class, auth("Bearer " + debugger.key(), "fd12::1"));
        assertTrue(v6.debugAllowed());
        QueryAuthentication.Accepted outside = assertInstanceOf(QueryAuthentication.Accepted.class, auth("Bearer " + debugger.key(), "10.8.1.1"));
        assertFalse(outside.debugAllowed());
        assertTrue(outside.scope().allowsApp("anything"));
    }

    @Test
    void writeKeysAndUnknownTokensAreRefused() throws Exception {
        refused("unknown_token", auth("Bearer " + writeKey.key(), "10.9.1.1"));
        refused("unknown_token", auth("Bearer " + IssuedCredential.generate(CredentialKind.QUERY, id -> false).key(), "10.9.1.1"));
        refused("unknown_token", auth("Bearer " + analyst.key().substring(0, 14) + "B".repeat(43), "10.9.1.1"));
        refused("unknown_token", auth("ExtraHop apikey=" + analyst.key(), "10.9.1.1"));
        refused("missing_credentials", auth(null, "10.9.1.1"));
    }

    @Test
    void revokedTokenIsRefused() throws Exception {
        file.revoke(analyst.id());
        QueryAuthenticator fresh = new QueryAuthenticator(file.path());
        refused("unknown_token", fresh.authenticate("Bearer " + analyst.key(), null));
    }
}
