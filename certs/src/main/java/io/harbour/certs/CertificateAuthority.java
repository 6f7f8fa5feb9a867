package io.harbour.certs;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A certificate authority for development and private deployments: it signs server certificates
 * for the receiver and query API and client certificates for sensors. It is either freshly
 * created (self-signed) or wraps a CA certificate and key loaded from files.
 */
public final class CertificateAuthority {
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    /** Backdating absorbs clock skew between the issuing host and the peers that validate. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuedCertificate material;

    private CertificateAuthority(IssuedCertificate material) {
        this.material = material;
    }

    /** A new self-signed EC P-256 CA valid for ten years. */
    public static CertificateAuthority create(String subject) {
        return create(subject, KeyAlgorithm.EC_P256, DEFAULT_CA_VALIDITY);
    }

    public static CertificateAuthority create(String subject, KeyAlgorithm keyAlgorithm, Duration validity) {
        KeyPair keys = keyAlgorithm.generateKeyPair();
        X500Name name = x500Name(subject);
        Instant notBefore = Instant.now().minus(CLOCK_SKEW);
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, randomSerial(),
                    Date.from(notBefore), Date.from(notBefore.plus(validity)), name, keys.getPublic());
            // pathLen 0: this CA signs leaves only, so a leaked leaf key can never mint certificates.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            return new CertificateAuthority(IssuedCertificate.of(List.of(certificate), keys.getPrivate()));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create CA " + subject, e);
        }
    }

    /** Wraps CA material loaded from PEM or PKCS#12 files. */
    public static CertificateAuthority of(IssuedCertificate material) {
        X509Certificate certificate = material.certificate();
        boolean[] keyUsage = certificate.getKeyUsage();
        if (certificate.getBasicConstraints() < 0 || (keyUsage != null && !keyUsage[5])) {
            throw new IllegalArgumentException(material.subject() + " is not a CA certificate (needs CA:true and keyCertSign)");
        }
        return new CertificateAuthority(material);
    }

    /** The CA's own certificate and key; its certificate is what peers put in their trust bundle. */
    public IssuedCertificate material() {
        return material;
    }

    public X509Certificate certificate() {
        return material.certificate();
    }

    /** Server certificate with serverAuth; {@code subjectAltNames} mixes DNS names and IP literals. */
    public IssuedCertificate issueServer(String commonName, String... subjectAltNames) {
        return issue(LeafCertificateSpec.server(commonName, subjectAltNames));
    }

    /** Client certificate with clientAuth, e.g. {@code issueClient("CN=sensor-1,O=realm-a")}. */
    public IssuedCertificate issueClient(String subject) {
        return issue(LeafCertificateSpec.client(subject));
    }

    public IssuedCertificate issue(LeafCertificateSpec spec) {
        KeyPair keys = spec.keyAlgorithm().generateKeyPair();
        X509Certificate caCertificate = material.certificate();
        Instant notBefore = spec.notBefore() != null ? spec.notBefore() : Instant.now().minus(CLOCK_SKEW);
        Instant notAfter = notBefore.plus(spec.validity());
        Instant caNotAfter = caCertificate.getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            // A leaf that outlives its issuer fails validation after that date anyway; say so honestly.
            notAfter = caNotAfter;
        }
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, randomSerial(),
                    Date.from(notBefore), Date.from(notAfter), x500Name(spec.subject()), keys.getPublic());
            boolean server = spec.usage() == LeafCertificateSpec.Usage.SERVER;
            int keyUsage = KeyUsage.digitalSignature
                    | (spec.keyAlgorithm() == KeyAlgorithm.RSA_2048 ? KeyUsage.keyEncipherment : 0);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            if (!spec.subjectAltNames().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, generalNames(spec.subjectAltNames()));
            }
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(extensions, caCertificate));
            X509Certificate certificate = sign(builder, material.privateKey());
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            chain.addAll(material.chain());
            return IssuedCertificate.of(chain, keys.getPrivate());
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue certificate for " + spec.subject(), e);
        }
    }

    /** Parsed as RFC 2253 like the JDK does, so the subject reads back exactly as it was written. */
    private static X500Name x500Name(String subject) {
        return X500Name.getInstance(new X500Principal(subject).getEncoded());
    }

    private static GeneralNames generalNames(List<String> names) {
        GeneralName[] result = new GeneralName[names.size()];
        for (int i = 0; i < result.length; i++) {
            String name = names.get(i).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty subject alternative name");
            }
            int tag = IPAddress.isValid(name) ? GeneralName.iPAddress : GeneralName.dNSName;
            result[i] = new GeneralName(tag, name);
        }
        return new GeneralNames(result);
    }

    /** Copies the issuer's own key identifier, so chains build even if it was computed another way. */
    private static AuthorityKeyIdentifier authorityKeyIdentifier(JcaX509ExtensionUtils extensions,
                                                                 X509Certificate issuer) throws IOException {
        byte[] encoded = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (encoded == null) {
            PublicKey key = issuer.getPublicKey();
            return extensions.createAuthorityKeyIdentifier(key);
        }
        byte[] keyId = ASN1OctetString.getInstance(JcaX509ExtensionUtils.parseExtensionValue(encoded)).getOctets();
        return new AuthorityKeyIdentifier(keyId);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        String algorithm = KeyAlgorithm.of(key).signatureAlgorithm();
        return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(key)));
    }

    /** 159 random bits: positive, at most 20 octets (RFC 5280), and unguessable. */
    private static BigInteger randomSerial() {
        return new BigInteger(159, RANDOM).setBit(158);
    }
}
