package io.harbour.certs;

import static io.harbour.certs.KeyAssertions.assertMode;
import static io.harbour.certs.KeyAssertions.assertSignsFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemFilesTest {
    private static final char[] PASSWORD = "correct horse".toCharArray();
    private static final Provider BC = new BouncyCastleProvider();
    private static final CertificateAuthority CA = CertificateAuthority.create("CN=Harbour Test CA");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void writeThenReadGivesTheSameChainAndAWorkingKey(KeyAlgorithm algorithm) throws Exception {
        IssuedCertificate issued = CA.issue(LeafCertificateSpec.client("CN=sensor-1,O=realm-a").withKeyAlgorithm(algorithm));
        Path chain = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        PemFiles.writeCertificates(chain, issued.chain());
        PemFiles.writePrivateKey(key, issued.privateKey());

        IssuedCertificate loaded = PemFiles.read(chain, key, null);
        assertEquals(issued.chain(), loaded.chain());
        assertEquals(issued.privateKey(), loaded.privateKey());
        assertSignsFor(loaded.certificate().getPublicKey(), loaded.privateKey());
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8 expected");
    }

    @Test
    void privateKeysAreOwnerOnlyAndCertificatesWorldReadable() throws Exception {
        IssuedCertificate issued = CA.issueClient("CN=a");
        Path key = dir.resolve("key.pem");
        Path chain = dir.resolve("chain.pem");
        PemFiles.writePrivateKey(key, issued.privateKey());
        PemFiles.writeCertificates(chain, issued.chain());
        assertMode(key, "rw-------");
        assertMode(chain, "rw-r--r--");
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void readsTraditionalAndEncryptedKeyFormats(KeyAlgorithm algorithm) throws Exception {
        IssuedCertificate issued = CA.issue(LeafCertificateSpec.client("CN=a").withKeyAlgorithm(algorithm));
        PrivateKey key = issued.privateKey();
        PublicKey publicKey = issued.certificate().getPublicKey();
        String header = algorithm == KeyAlgorithm.RSA_2048 ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";

        // Through BouncyCastle's key classes, because they write the curve into SEC1 as OpenSSL does.
        PrivateKey bcKey = KeyFactory.getInstance(key.getAlgorithm(), BC).generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        Path traditional = write("traditional.pem", new JcaMiscPEMGenerator(bcKey));
        assertTrue(Files.readString(traditional).contains("BEGIN " + header));
        assertSignsFor(publicKey, PemFiles.readPrivateKey(traditional, null));

        Path traditionalEncrypted = write("traditional-enc.pem",
                new JcaMiscPEMGenerator(bcKey, new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(PASSWORD)));
        assertTrue(Files.readString(traditionalEncrypted).contains("Proc-Type: 4,ENCRYPTED"));
        assertSignsFor(publicKey, PemFiles.readPrivateKey(traditionalEncrypted, PASSWORD));

        Path pkcs8Encrypted = write("pkcs8-enc.pem", new JcaPKCS8Generator(key,
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(BC).setPassword(PASSWORD).build()));
        assertTrue(Files.readString(pkcs8Encrypted).contains("BEGIN ENCRYPTED PRIVATE KEY"));
        assertSignsFor(publicKey, PemFiles.readPrivateKey(pkcs8Encrypted, PASSWORD));

        IOException noPassword = assertThrows(IOException.class, () -> PemFiles.readPrivateKey(pkcs8Encrypted, null));
        assertTrue(noPassword.getMessage().contains("encrypted"), noPassword.getMessage());
        IOException wrong = assertThrows(IOException.class,
                () -> PemFiles.readPrivateKey(pkcs8Encrypted, "wrong".toCharArray()));
        assertTrue(wrong.getMessage().contains(pkcs8Encrypted.toString()), wrong.getMessage());
    }

    @Test
    void readsKeysAndCertificatesThatOpensslWrote() throws Exception {
        Path key = dir.resolve("openssl-key.pem");
        Path certificate = dir.resolve("openssl-cert.pem");
        TlsProbes.ProcessResult result = TlsProbes.openssl("req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-keyout", key.toString(), "-out", certificate.toString(),
                "-subj", "/CN=from-openssl", "-days", "1", "-passout", "pass:secret");
        assertEquals(0, result.exitCode(), result.output());
        IssuedCertificate loaded = PemFiles.read(certificate, key, "secret".toCharArray());
        assertEquals("CN=from-openssl", loaded.subject());

        Path rsa = dir.resolve("openssl-rsa.pem");
        result = TlsProbes.openssl("genrsa", "-traditional", "-out", rsa.toString(), "2048");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(Files.readString(rsa).contains("BEGIN RSA PRIVATE KEY"));
        assertEquals("RSA", PemFiles.readPrivateKey(rsa, null).getAlgorithm());

        Path ec = dir.resolve("openssl-ec.pem");
        result = TlsProbes.openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ec.toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(Files.readString(ec).contains("BEGIN EC PRIVATE KEY"));
        assertEquals("EC", PemFiles.readPrivateKey(ec, null).getAlgorithm());
    }

    @Test
    void oneFileMayHoldBothChainAndKey() throws Exception {
        IssuedCertificate issued = CA.issueServer("localhost", "localhost");
        Path combined = dir.resolve("combined.pem");
        Files.write(combined, PemFiles.encode(new JcaPKCS8Generator(issued.privateKey(), null),
                issued.certificate(), CA.certificate()));
        IssuedCertificate loaded = PemFiles.read(combined, combined, null);
        assertEquals(issued.chain(), loaded.chain());
    }

    @Test
    void missingOrEmptyFilesFailWithTheFileName() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing to see\n");
        IOException noCertificate = assertThrows(IOException.class, () -> PemFiles.readCertificates(empty));
        assertTrue(noCertificate.getMessage().contains("empty.pem"));
        IOException noKey = assertThrows(IOException.class, () -> PemFiles.readPrivateKey(empty, null));
        assertTrue(noKey.getMessage().contains("empty.pem"));
        assertThrows(IOException.class, () -> PemFiles.readCertificates(dir.resolve("absent.pem")));
    }

    private Path write(String name, Object pemObject) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pemObject);
        }
        return Files.writeString(dir.resolve(name), text.toString(), StandardCharsets.US_ASCII);
    }
}
