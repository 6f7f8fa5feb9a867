package io.harbour.certs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PKCS#12 key stores, the format Java clients, Windows and browsers import. Written with the
 * JDK's defaults (AES-256 and PBKDF2-SHA256 on Java 17), which OpenSSL 3 reads.
 */
public final class Pkcs12Files {
    private Pkcs12Files() {
    }

    /** Writes the certificate chain and key under {@code alias}, owner-only. */
    public static void write(Path file, IssuedCertificate material, String alias, char[] password) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, material.privateKey(), password,
                    material.chain().toArray(new Certificate[0]));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            store.store(bytes, password);
            SecureFiles.write(file, bytes.toByteArray(), true);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write PKCS#12 " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first key entry of the store; the key is expected to use the store's password. */
    public static IssuedCertificate read(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, password);
                Certificate[] chain = store.getCertificateChain(alias);
                if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
                    List<X509Certificate> certificates = new ArrayList<>();
                    for (Certificate certificate : chain) {
                        certificates.add((X509Certificate) certificate);
                    }
                    return IssuedCertificate.of(certificates, privateKey);
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IOException("cannot read PKCS#12 " + file + ": " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // KeyStore reports a wrong password as an IOException whose cause is the real reason.
            throw new IOException("cannot read PKCS#12 " + file + " (wrong password?): " + e.getMessage(), e);
        }
        throw new IOException("no private key entry in PKCS#12 " + file);
    }
}
