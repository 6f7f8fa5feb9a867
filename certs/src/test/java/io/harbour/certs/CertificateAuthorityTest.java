package io.harbour.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int KEY_CERT_SIGN = 5;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void caIsSelfSignedWithCaConstraintKeyCertSignAndTenYearValidity(KeyAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("CN=Harbour Dev CA,O=Harbour", algorithm,
                CertificateAuthority.DEFAULT_CA_VALIDITY);
        X509Certificate certificate = ca.certificate();
        certificate.verify(certificate.getPublicKey());
        assertEquals("CN=Harbour Dev CA,O=Harbour", certificate.getSubjectX500Principal().getName());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertEquals(0, certificate.getBasicConstraints());
        assertTrue(certificate.getKeyUsage()[KEY_CERT_SIGN]);
        assertTrue(certificate.getCriticalExtensionOIDs().containsAll(Set.of(
                Extension.basicConstraints.getId(), Extension.keyUsage.getId())));
        assertEquals(algorithm == KeyAlgorithm.EC_P256 ? "EC" : "RSA", certificate.getPublicKey().getAlgorithm());
        long days = Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()).toDays();
        assertEquals(3650, days);
        assertTrue(subjectKeyId(certificate).length > 0);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void serverCertificateHasDnsAndIpNamesServerAuthAndValidatesAgainstTheCa(KeyAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("CN=Harbour Dev CA");
        IssuedCertificate server = ca.issue(LeafCertificateSpec.server("receiver", "receiver.example", "localhost", "127.0.0.1", "::1")
                .withKeyAlgorithm(algorithm));
        X509Certificate certificate = server.certificate();

        assertEquals("CN=receiver", certificate.getSubjectX500Principal().getName());
        assertEquals(-1, certificate.getBasicConstraints());
        assertEquals(List.of(SERVER_AUTH), certificate.getExtendedKeyUsage());
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        assertTrue(names.contains(List.of(2, "receiver.example")), names.toString());
        assertTrue(names.contains(List.of(2, "localhost")), names.toString());
        assertTrue(names.contains(List.of(7, "127.0.0.1")), names.toString());
        assertTrue(names.contains(List.of(7, "0:0:0:0:0:0:0:1")), names.toString());
        assertEquals(List.of(certificate, ca.certificate()), server.chain());
        assertArrayEquals(subjectKeyId(ca.certificate()), authorityKeyId(certificate));
        assertPkixValid(certificate, ca.certificate());
    }

    @Test
    void clientCertificateCarriesTheGivenSubjectAndClientAuth() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("CN=Harbour Dev CA");
        X509Certificate certificate = ca.issueClient("CN=sensor-1,O=realm-a").certificate();
        assertEquals("CN=sensor-1,O=realm-a", certificate.getSubjectX500Principal().getName());
        assertEquals(List.of(CLIENT_AUTH), certificate.getExtendedKeyUsage());
        assertNull(certificate.getSubjectAlternativeNames());
        assertPkixValid(certificate, ca.certificate());
    }

    @Test
    void serialNumbersAreRandomPositiveAndAtMostTwentyOctets() {
        CertificateAuthority ca = CertificateAuthority.create("CN=Harbour Dev CA");
        X509Certificate first = ca.issueClient("CN=a").certificate();
        X509Certificate second = ca.issueClient("CN=a").certificate();
        assertNotEquals(first.getSerialNumber(), second.getSerialNumber());
        for (X509Certificate certificate : List.of(first, second, ca.certificate())) {
            assertEquals(1, certificate.getSerialNumber().signum());
            assertTrue(certificate.getSerialNumber().toByteArray().length <= 20);
            assertTrue(certificate.getSerialNumber().bitLength() >= 64);
        }
    }

    @Test
    void leafValidityIsConfigurableAndCappedAt825Days() {
        CertificateAuthority ca = CertificateAuthority.create("CN=Harbour Dev CA");
        X509Certificate defaults = ca.issueServer("localhost", "localhost").certificate();
        assertTrue(days(defaults) <= 825);
        X509Certificate shortLived = ca.issue(LeafCertificateSpec.client("CN=a").withValidity(Duration.ofDays(30))).certificate();
        assertEquals(30, days(shortLived));
        assertThrows(IllegalArgumentException.class,
                () -> LeafCertificateSpec.client("CN=a").withValidity(Duration.ofDays(826)));
    }

    @Test
    void leafNeverOutlivesItsCa() {
        CertificateAuthority ca = CertificateAuthority.create("CN=Short CA", KeyAlgorithm.EC_P256, Duration.ofDays(10));
        X509Certificate leaf = ca.issueClient("CN=a").certificate();
        assertEquals(ca.certificate().getNotAfter(), leaf.getNotAfter());
    }

    @Test
    void serverSpecWithoutNamesOrWithAnInjectedDnIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LeafCertificateSpec.server("localhost"));
        assertThrows(IllegalArgumentException.class, () -> LeafCertificateSpec.server("evil,O=Other", "localhost"));
    }

    @Test
    void aLeafCannotBeUsedAsACa() {
        CertificateAuthority ca = CertificateAuthority.create("CN=Harbour Dev CA");
        IssuedCertificate leaf = ca.issueServer("localhost", "localhost");
        assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.of(leaf));
        assertEquals(ca.certificate(), CertificateAuthority.of(ca.material()).certificate());
    }

    @Test
    void materialRejectsAKeyThatIsNotTheCertificates() {
        CertificateAuthority ca = CertificateAuthority.create("CN=Harbour Dev CA");
        IssuedCertificate one = ca.issueClient("CN=one");
        IssuedCertificate two = ca.issueClient("CN=two");
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> IssuedCertificate.of(one.chain(), two.privateKey()));
        assertTrue(failure.getMessage().contains("CN=one"));
    }

    @Test
    void expiredWindowProducesAnExpiredCertificate() {
        CertificateAuthority ca = CertificateAuthority.create("CN=Harbour Dev CA");
        Instant now = Instant.now();
        X509Certificate expired = ca.issue(LeafCertificateSpec.client("CN=old")
                .withValidityWindow(now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)))).certificate();
        assertThrows(java.security.cert.CertificateExpiredException.class, expired::checkValidity);
        assertFalse(expired.getNotAfter().toInstant().isAfter(now));
    }

    private static long days(X509Certificate certificate) {
        return Duration.between(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()).toDays();
    }

    private static byte[] subjectKeyId(X509Certificate certificate) throws Exception {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return ASN1OctetString.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value)).getOctets();
    }

    private static byte[] authorityKeyId(X509Certificate certificate) throws Exception {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        return AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value)).getKeyIdentifierOctets();
    }

    private static void assertPkixValid(X509Certificate leaf, X509Certificate root) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }
}
