package io.harbour.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A directory of PEM (and optionally PKCS#12) files in one fixed layout, so the {@code harbour
 * certs} command, the servers' configuration and the documentation all name the same files.
 * For a name {@code n}: {@code n.pem} (certificate), {@code n-key.pem} (PKCS#8 key, mode 600),
 * {@code n-chain.pem} (certificate then issuer, what a server or client presents) and
 * {@code n.p12} (chain and key, if a password was given). The CA is the name {@value #CA}.
 */
public final class CertificateDirectory {
    public static final String CA = "ca";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path directory;

    private CertificateDirectory(Path directory) {
        this.directory = directory;
    }

    public static CertificateDirectory at(Path directory) {
        return new CertificateDirectory(directory);
    }

    public Path directory() {
        return directory;
    }

    public Path certificate(String name) {
        return file(name, ".pem");
    }

    public Path privateKey(String name) {
        return file(name, "-key.pem");
    }

    public Path chain(String name) {
        return file(name, "-chain.pem");
    }

    public Path pkcs12(String name) {
        return file(name, ".p12");
    }

    /** PEM chain and key of {@code name}, ready for {@link ServerTlsConfig#of(KeyMaterialFiles)}. */
    public KeyMaterialFiles keyMaterial(String name) {
        return KeyMaterialFiles.pem(chain(name), privateKey(name));
    }

    /** Creates {@code ca.pem} and {@code ca-key.pem}; refuses to replace an existing CA key. */
    public CertificateAuthority createCa(String subject) throws IOException {
        CertificateAuthority ca = CertificateAuthority.create(subject);
        // Replacing the CA would silently invalidate every certificate it issued.
        SecureFiles.create(privateKey(CA), PemFiles.privateKeyBytes(ca.material().privateKey()), true);
        PemFiles.writeCertificates(certificate(CA), List.of(ca.certificate()));
        return ca;
    }

    public CertificateAuthority loadCa() throws IOException {
        return CertificateAuthority.of(PemFiles.read(certificate(CA), privateKey(CA), null));
    }

    /** The existing CA if the directory has one, else a new one: what {@code harbour certs} wants. */
    public CertificateAuthority loadOrCreateCa(String subject) throws IOException {
        return Files.exists(privateKey(CA)) ? loadCa() : createCa(subject);
    }

    /**
     * Writes (replacing) the files of {@code name}, each atomically. Between the key and the chain
     * a watcher may briefly see a mismatched pair; {@link ReloadingSslContext} waits that out.
     *
     * @param pkcs12Password also write {@code name.p12} with this password; null to skip
     */
    public void write(String name, IssuedCertificate issued, char[] pkcs12Password) throws IOException {
        PemFiles.writePrivateKey(privateKey(name), issued.privateKey());
        PemFiles.writeCertificates(certificate(name), List.of(issued.certificate()));
        if (pkcs12Password != null) {
            Pkcs12Files.write(pkcs12(name), issued, name, pkcs12Password);
        }
        PemFiles.writeCertificates(chain(name), issued.chain());
    }

    private Path file(String name, String suffix) {
        if (!SAFE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("certificate name must be letters, digits, '.', '_' or '-': " + name);
        }
        return directory.resolve(name + suffix);
    }
}
