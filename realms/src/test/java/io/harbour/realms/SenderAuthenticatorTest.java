package io.harbour.realms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SenderAuthenticatorTest {
    static final String SENSOR_SUBJECT = "CN=sensor-1,OU=Sensors,O=Acme";

    @TempDir
    Path dir;

    RealmFile file;
    AtomicLong clock = new AtomicLong();
    SenderAuthenticator authenticator;
    IssuedCredential acmeKey;
    IssuedCredential vaultKey;
    IssuedCredential acmeToken;

    @BeforeEach
    void realms() {
        file = new RealmFile(dir.resolve("realms.yaml"));
        file.createRealm(new Realm("acme", List.of(Cidr.parse("10.1.0.0/16"), Cidr.parse("2001:db8:1::/48")), false,
                List.of(SENSOR_SUBJECT), List.of(), List.of()));
        file.createRealm(new Realm("vault", List.of(Cidr.parse("192.168.7.0/24")), true, List.of(), List.of(), List.of()));
        file.createRealm(Realm.named("globex"));
        acmeKey = file.issueWriteKey("acme", "sensor");
        vaultKey = file.issueWriteKey("vault", null);
        acmeToken = file.issueQueryToken("acme", QueryScope.EVERYTHING_BUT_DEBUG, null);
        authenticator = new SenderAuthenticator(RealmRegistry.open(file.path(), clock::get));
    }

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    Authentication auth(String authorization, String harbourKey, String subject, String address) throws Exception {
        return authenticator.authenticate(new SenderCredentials(authorization, harbourKey, subject, address == null ? null : ip(address)));
    }

    static void accepted(String realm, String identity, Authentication result) {
        assertEquals(new Authentication.Accepted(realm, identity), result);
    }

    static void refused(int status, String code, Authentication result) {
        Authentication.Refused refused = assertInstanceOf(Authentication.Refused.class, result);
        assertEquals(status, refused.status(), refused.toString());
        assertEquals(code, refused.code(), refused.toString());
    }

    @Test
    void bearerKeyWritesIntoItsRealm() throws Exception {
        accepted("acme", "key:" + acmeKey.id(), auth("Bearer " + acmeKey.key(), null, null, "203.0.113.5"));
        accepted("acme", "key:" + acmeKey.id(), auth("bearer   " + acmeKey.key() + " ", null, null, "203.0.113.5"));
    }

    @Test
    void extraHopApikeyFormIsAccepted() throws Exception {
        accepted("acme", "key:" + acmeKey.id(), auth("ExtraHop apikey=" + acmeKey.key(), null, null, "203.0.113.5"));
        accepted("acme", "key:" + acmeKey.id(), auth("EXTRAHOP APIKEY=" + acmeKey.key(), null, null, "203.0.113.5"));
        accepted("acme", "key:" + acmeKey.id(), auth("extrahop apikey=\"" + acmeKey.key() + "\"", null, null, "203.0.113.5"));
    }

    @Test
    void harbourKeyHeaderIsAccepted() throws Exception {
        accepted("acme", "key:" + acmeKey.id(), auth(null, acmeKey.key(), null, "203.0.113.5"));
        // An Authorization header of another scheme may be meant for a proxy on the way.
        accepted("acme", "key:" + acmeKey.id(), auth("Basic dXNlcjpwYXNz", acmeKey.key(), null, "203.0.113.5"));
        accepted("acme", "key:" + acmeKey.id(), auth("Bearer " + acmeKey.key(), acmeKey.key(), null, "203.0.113.5"));
    }

    @Test
    void twoDifferentKeysAreRefused() throws Exception {
        refused(401, "conflicting_credentials", auth("Bearer " + acmeKey.key(), vaultKey.key(), null, "192.168.7.1"));
    }

    @Test
    void mappedCertificateSubjectWritesIntoItsRealm() throws Exception {
        accepted("acme", "cert:" + SENSOR_SUBJECT, auth(null, null, SENSOR_SUBJECT, "203.0.113.5"));
        // The TLS stack may space and case the same name differently; it is still the same name.
        accepted("acme", "cert:cn=Sensor-1, ou=Sensors, o=Acme", auth(null, null, "cn=Sensor-1, ou=Sensors, o=Acme", "203.0.113.5"));
    }

    @Test
    void unmappedCertificateIsRefusedUnlessTheAddressIsAccepted() throws Exception {
        refused(401, "unknown_certificate", auth(null, null, "CN=intruder,O=Elsewhere", "203.0.113.5"));
        accepted("acme", "addr:10.1.2.3", auth(null, null, "CN=intruder,O=Elsewhere", "10.1.2.3"));
    }

    @Test
    void senderWithoutHeadersIsAcceptedFromAnIpv4SourceRange() throws Exception {
        accepted("acme", "addr:10.1.200.9", auth(null, null, null, "10.1.200.9"));
        accepted("vault", "addr:192.168.7.20", auth(null, "  ", null, "192.168.7.20"));
    }

    @Test
    void senderWithoutHeadersIsAcceptedFromAnIpv6SourceRange() throws Exception {
        Authentication result = auth(null, null, null, "2001:db8:1:ff::17");
        accepted("acme", "addr:" + ip("2001:db8:1:ff::17").getHostAddress(), result);
        refused(401, "missing_credentials", auth(null, null, null, "2001:db8:2::1"));
    }

    @Test
    void unknownKeyIsRefusedWith401EvenFromAnAcceptedAddress() throws Exception {
        String unknown = IssuedCredential.generate(CredentialKind.WRITE, id -> false).key();
        refused(401, "unknown_key", auth("Bearer " + unknown, null, null, "10.1.2.3"));
        String wrongSecret = acmeKey.key().substring(0, 14) + "A".repeat(43);
        Authentication.Refused a = (Authentication.Refused) auth("Bearer " + unknown, null, null, null);
        Authentication.Refused b = (Authentication.Refused) auth("Bearer " + wrongSecret, null, null, null);
        assertEquals(a, b, "an unknown id and a wrong secret must be indistinguishable");
        refused(401, "unknown_key", auth("Bearer not-a-key", null, null, null));
        refused(401, "unknown_key", auth(null, "hk_" + acmeKey.id(), null, null));
        refused(401, "unknown_key", auth("Basic dXNlcjpwYXNz", null, null, "10.1.2.3"));
        refused(401, "unknown_key", auth("Bearer", null, null, null));
    }

    @Test
    void nothingPresentedFromAnUnknownAddressIsMissingCredentials() throws Exception {
        refused(401, "missing_credentials", auth(null, null, null, "203.0.113.5"));
        refused(401, "missing_credentials", auth(" ", "", "", null));
    }

    @Test
    void keyOfARealmThatRequiresItsRangesIsRefused403FromElsewhere() throws Exception {
        refused(403, "address_refused", auth("Bearer " + vaultKey.key(), null, null, "203.0.113.5"));
        refused(403, "address_refused", auth("Bearer " + vaultKey.key(), null, null, null));
        accepted("vault", "key:" + vaultKey.id(), auth("Bearer " + vaultKey.key(), null, null, "192.168.7.99"));
    }

    @Test
    void queryTokenCannotWrite() throws Exception {
        Authentication.Refused r = (Authentication.Refused) auth("Bearer " + acmeToken.key(), null, null, "203.0.113.5");
        assertEquals(401, r.status());
        assertEquals("unknown_key", r.code());
        assertEquals("a query token (hq_...) cannot send logs; use a write key (hk_...)", r.message());
        refused(401, "unknown_key", auth(null, acmeToken.key(), null, "10.1.2.3"));
    }

    @Test
    void revokedKeyIsRefusedAfterTheNextReload() throws Exception {
        accepted("acme", "key:" + acmeKey.id(), auth("Bearer " + acmeKey.key(), null, null, null));
        file.revoke(acmeKey.id());
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        refused(401, "unknown_key", auth("Bearer " + acmeKey.key(), null, null, null));
    }

    @Test
    void newKeyWorksWithoutARestartOnceTheFileIsReread() throws Exception {
        IssuedCredential fresh = file.issueWriteKey("globex", null);
        refused(401, "unknown_key", auth("Bearer " + fresh.key(), null, null, null));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        refused(401, "unknown_key", auth("Bearer " + fresh.key(), null, null, null));
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        accepted("globex", "key:" + fresh.id(), auth("Bearer " + fresh.key(), null, null, null));
    }
}
