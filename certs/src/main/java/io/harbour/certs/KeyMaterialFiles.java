package io.harbour.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a certificate and its key live on disk: a PEM chain plus a PEM key, or one PKCS#12 file.
 * Servers keep this rather than the loaded material so that they can load it again on renewal.
 */
public final class KeyMaterialFiles {
    private final Path certificateChain;
    private final Path privateKey;
    private final Path pkcs12;
    private final char[] password;

    private KeyMaterialFiles(Path certificateChain, Path privateKey, Path pkcs12, char[] password) {
        this.certificateChain = certificateChain;
        this.privateKey = privateKey;
        this.pkcs12 = pkcs12;
        this.password = password == null ? null : password.clone();
    }

    /** PEM chain (leaf first) and an unencrypted PEM key; both may name the same file. */
    public static KeyMaterialFiles pem(Path certificateChain, Path privateKey) {
        return pem(certificateChain, privateKey, null);
    }

    /** PEM chain and a PEM key encrypted with {@code password} (null if unencrypted). */
    public static KeyMaterialFiles pem(Path certificateChain, Path privateKey, char[] password) {
        return new KeyMaterialFiles(Objects.requireNonNull(certificateChain, "certificateChain"),
                Objects.requireNonNull(privateKey, "privateKey"), null, password);
    }

    public static KeyMaterialFiles pkcs12(Path file, char[] password) {
        return new KeyMaterialFiles(null, null, Objects.requireNonNull(file, "file"),
                Objects.requireNonNull(password, "password"));
    }

    public IssuedCertificate load() throws IOException {
        return pkcs12 != null
                ? Pkcs12Files.read(pkcs12, password)
                : PemFiles.read(certificateChain, privateKey, password);
    }

    /** The files whose change means the material changed. */
    public List<Path> paths() {
        if (pkcs12 != null) {
            return List.of(pkcs12);
        }
        return certificateChain.equals(privateKey) ? List.of(certificateChain) : List.of(certificateChain, privateKey);
    }

    @Override
    public String toString() {
        return pkcs12 != null ? "PKCS#12 " + pkcs12 : "PEM " + certificateChain + " + " + privateKey;
    }
}
