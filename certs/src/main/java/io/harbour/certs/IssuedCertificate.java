package io.harbour.certs;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate, its private key and the chain that proves it (leaf first, then its issuers).
 * Construction checks that the key belongs to the leaf, so a half-replaced pair of files on disk
 * is caught here rather than as a cryptic handshake failure later.
 */
public final class IssuedCertificate {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;

    private IssuedCertificate(List<X509Certificate> chain, PrivateKey privateKey) {
        this.chain = chain;
        this.privateKey = privateKey;
    }

    /**
     * @param chain      leaf first; may or may not include the root
     * @throws IllegalArgumentException if the chain is empty or the key does not match the leaf
     */
    public static IssuedCertificate of(List<X509Certificate> chain, PrivateKey privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        List<X509Certificate> copy = List.copyOf(chain);
        if (!keyMatches(copy.get(0), privateKey)) {
            throw new IllegalArgumentException("private key does not belong to certificate "
                    + copy.get(0).getSubjectX500Principal().getName());
        }
        return new IssuedCertificate(copy, privateKey);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Leaf first, then issuers: the order TLS sends them in. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public String subject() {
        return certificate().getSubjectX500Principal().getName();
    }

    /** Proves possession by signing a random challenge: works for any key type without parsing it. */
    private static boolean keyMatches(X509Certificate certificate, PrivateKey key) {
        try {
            String algorithm = KeyAlgorithm.of(key).signatureAlgorithm();
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "IssuedCertificate[" + subject() + ", serial " + certificate().getSerialNumber().toString(16) + "]";
    }
}
