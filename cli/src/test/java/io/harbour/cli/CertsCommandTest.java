package io.harbour.cli;

import static io.harbour.cli.RealmCommandTest.harbour;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.cli.RealmCommandTest.Run;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsCommandTest {
    @TempDir
    Path dir;

    private Run certs(String... args) {
        List<String> all = new ArrayList<>(List.of("certs"));
        all.addAll(List.of(args));
        all.add("--dir");
        all.add(dir.toString());
        return harbour(null, all.toArray(String[]::new));
    }

    private static List<X509Certificate> read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends java.security.cert.Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            return all.stream().map(c -> (X509Certificate) c).toList();
        }
    }

    /** A PKIX validation of the leaf against the CA file, as a TLS peer does it (no revocation lists). */
    private void assertChainsToCa(List<X509Certificate> chain) throws Exception {
        X509Certificate ca = read(dir.resolve("ca.pem")).get(0);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, 1)), parameters);
        chain.get(0).verify(ca.getPublicKey());
    }

    /**
     * The command printed the CA certificate itself, as one PEM block to paste into a sensor: the
     * certificate in it is the one in ca.pem, and the path of ca.pem is printed too.
     */
    private void assertPrintsTheCa(Run run) throws Exception {
        Matcher pem = Pattern.compile("-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n").matcher(run.out());
        assertTrue(pem.find(), run.out());
        assertTrue(!pem.find(), "one certificate printed, the CA's: " + run.out());
        pem.reset().find();
        X509Certificate printed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.group().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals(read(dir.resolve("ca.pem")).get(0), printed);
        assertTrue(run.out().contains("Install this CA certificate on every sensor") && run.out().contains("  " + dir.resolve("ca.pem") + "\n"),
                run.out());
    }

    @Test
    void initMakesACaOnceAndKeepsIt() throws Exception {
        Run first = certs("init");
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("created CA CN=Harbour development CA,O=Harbour"), first.out());
        assertPrintsTheCa(first);
        X509Certificate ca = read(dir.resolve("ca.pem")).get(0);
        assertTrue(ca.getBasicConstraints() >= 0, "a CA certificate");
        assertEquals(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(dir.resolve("ca-key.pem")));
        Run again = certs("init", "--subject", "CN=Other");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("kept the existing CA"), again.out());
        assertPrintsTheCa(again);
        assertArrayEquals(ca.getEncoded(), read(dir.resolve("ca.pem")).get(0).getEncoded());
    }

    @Test
    void serverCertificateCarriesTheGivenNamesAndChainsToTheCa() throws Exception {
        assertEquals(0, certs("init").exitCode());
        Run server = certs("server", "--dns", "harbour.example.com", "--dns", "localhost", "--ip", "10.0.0.5", "--ip", "::1", "--days", "30");
        assertEquals(0, server.exitCode(), server.err());
        assertTrue(server.out().contains("server-chain.pem"), server.out());
        assertPrintsTheCa(server);
        X509Certificate leaf = read(dir.resolve("server.pem")).get(0);
        List<String> sans = new ArrayList<>();
        for (List<?> san : leaf.getSubjectAlternativeNames()) {
            sans.add(san.get(0) + ":" + san.get(1));
        }
        assertEquals(List.of("2:harbour.example.com", "2:localhost", "7:10.0.0.5", "7:0:0:0:0:0:0:0:1"), sans);
        assertEquals("CN=harbour.example.com", leaf.getSubjectX500Principal().getName());
        assertTrue(leaf.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        long days = (leaf.getNotAfter().getTime() - leaf.getNotBefore().getTime()) / 86_400_000L;
        assertEquals(30, days);
        List<X509Certificate> chain = read(dir.resolve("server-chain.pem"));
        assertEquals(2, chain.size());
        assertChainsToCa(chain);
    }

    @Test
    void clientCertificateForASensorAsPemAndPkcs12() throws Exception {
        assertEquals(0, certs("init").exitCode());
        Run client = certs("client", "--subject", "CN=sensor-1,O=acme");
        assertEquals(0, client.exitCode(), client.err());
        Matcher password = Pattern.compile("password: (\\S+)").matcher(client.out());
        assertTrue(password.find(), client.out());
        assertTrue(client.out().contains("--client-subject 'CN=sensor-1,O=acme'"), client.out());
        assertPrintsTheCa(client);
        X509Certificate leaf = read(dir.resolve("sensor-1.pem")).get(0);
        assertEquals("CN=sensor-1,O=acme", leaf.getSubjectX500Principal().getName());
        assertTrue(leaf.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "clientAuth");
        assertChainsToCa(read(dir.resolve("sensor-1-chain.pem")));

        KeyStore p12 = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("sensor-1.p12"))) {
            p12.load(in, password.group(1).toCharArray());
        }
        String alias = p12.aliases().nextElement();
        assertTrue(p12.isKeyEntry(alias));
        assertEquals(leaf, p12.getCertificateChain(alias)[0]);
        assertTrue(p12.getKey(alias, password.group(1).toCharArray()) != null);

        Run named = certs("client", "--subject", "CN=sensor 2,O=acme", "--p12-password", "secret-pw");
        assertEquals(0, named.exitCode(), named.err());
        assertTrue(Files.exists(dir.resolve("sensor_2.p12")), "a CN with a space becomes a safe file name");
        assertTrue(!named.out().contains("secret-pw"), "a given password is not echoed");
        assertNotEquals(leaf.getSerialNumber(), read(dir.resolve("sensor_2.pem")).get(0).getSerialNumber());
    }

    @Test
    void mistakesAreExplained() {
        Run noCa = certs("server", "--dns", "localhost");
        assertEquals(1, noCa.exitCode());
        assertTrue(noCa.err().contains("no CA in " + dir) && noCa.err().contains("harbour certs init --dir " + dir), noCa.err());
        assertEquals(0, certs("init").exitCode());
        Run noNames = certs("server");
        assertTrue(noNames.err().contains("at least one --dns or --ip"), noNames.err());
        assertTrue(certs("server", "--ip", "300.1.1.1").err().contains("is not an IP address"));
        assertTrue(certs("server", "--dns", "10.0.0.1").err().contains("use --ip"));
        assertTrue(certs("client", "--subject", "O=acme").err().contains("has no CN"));
        assertEquals(2, certs("client").exitCode(), "--subject is required (picocli usage error)");
    }
}
