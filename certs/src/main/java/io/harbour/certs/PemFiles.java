package io.harbour.certs;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * PEM files as OpenSSL, nginx and most tools write them. Writes certificates and unencrypted
 * PKCS#8 keys (keys owner-only). Reads certificate bundles and private keys in PKCS#8
 * ({@code PRIVATE KEY}), traditional ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}) and both
 * encrypted forms; a single file holding certificates and a key is fine too.
 */
public final class PemFiles {
    private PemFiles() {
    }

    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        SecureFiles.write(file, encode(certificates.toArray()), false);
    }

    /** Unencrypted PKCS#8, mode 600: the file permission is the protection, as for nginx or Kafka. */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        SecureFiles.write(file, privateKeyBytes(key), true);
    }

    static byte[] privateKeyBytes(PrivateKey key) throws IOException {
        return encode(new JcaPKCS8Generator(key, null));
    }

    /** All certificates in the file, in file order; anything else in the file is skipped. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try {
            for (Object object : readObjects(file)) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException("cannot decode a certificate in " + file + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("no PEM certificate found in " + file);
        }
        return certificates;
    }

    /** The first private key in the file; {@code password} may be null for unencrypted keys. */
    public static PrivateKey readPrivateKey(Path file, char[] password) throws IOException {
        Object key = readObjects(file).stream().filter(PemFiles::isPrivateKey).findFirst()
                .orElseThrow(() -> new IOException("no PEM private key found in " + file));
        boolean encrypted = key instanceof PKCS8EncryptedPrivateKeyInfo || key instanceof PEMEncryptedKeyPair;
        if (encrypted && password == null) {
            throw new IOException("the private key in " + file + " is encrypted and no password was given");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (key instanceof PKCS8EncryptedPrivateKeyInfo info) {
                return converter.getPrivateKey(info.decryptPrivateKeyInfo(
                        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password)));
            }
            if (key instanceof PEMEncryptedKeyPair pair) {
                return converter.getPrivateKey(pair.decryptKeyPair(
                        new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(password)).getPrivateKeyInfo());
            }
            if (key instanceof PEMKeyPair pair) {
                // Via the private part only: traditional EC keys may omit the public key.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            return converter.getPrivateKey((PrivateKeyInfo) key);
        } catch (PKCSException | OperatorCreationException | IOException | RuntimeException e) {
            throw new IOException("cannot " + (encrypted ? "decrypt (wrong password?) or " : "") + "decode the private key in "
                    + file + ": " + e.getMessage(), e);
        }
    }

    /** Chain file (leaf first) and key file; both may be the same file. */
    public static IssuedCertificate read(Path certificateChain, Path privateKey, char[] password) throws IOException {
        List<X509Certificate> chain = readCertificates(certificateChain);
        PrivateKey key = readPrivateKey(privateKey, password);
        try {
            return IssuedCertificate.of(chain, key);
        } catch (IllegalArgumentException e) {
            throw new IOException(privateKey + " does not match " + certificateChain + ": " + e.getMessage(), e);
        }
    }

    static byte[] encode(Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Every PEM object in the file, with the file named in any error. */
    private static List<Object> readObjects(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        // ISO-8859-1 never rejects a byte, so stray non-ASCII comments around PEM blocks are harmless.
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file, StandardCharsets.ISO_8859_1))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot parse PEM file " + file + ": " + e.getMessage(), e);
        }
        return objects;
    }

    private static boolean isPrivateKey(Object object) {
        return object instanceof PrivateKeyInfo || object instanceof PEMKeyPair
                || object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair;
    }

    /** Loaded only when an encrypted key needs it, and never registered JVM-wide. */
    private static final class Bc {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
