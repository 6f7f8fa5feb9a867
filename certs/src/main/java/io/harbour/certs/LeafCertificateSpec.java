package io.harbour.certs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a leaf certificate should say: its subject, what it is for, its names and its validity.
 * Immutable; the {@code with...} methods return a changed copy.
 *
 * @param subject            X.500 distinguished name, e.g. {@code CN=sensor-1,O=realm-a}
 * @param usage              server (serverAuth) or client (clientAuth)
 * @param subjectAltNames    DNS names and IP address literals; IP literals become IP SANs
 * @param keyAlgorithm       the key type of the new certificate
 * @param notBefore          start of validity, or null for "now minus a small clock-skew allowance"
 * @param validity           how long it is valid from {@code notBefore}
 */
public record LeafCertificateSpec(
        String subject,
        Usage usage,
        List<String> subjectAltNames,
        KeyAlgorithm keyAlgorithm,
        Instant notBefore,
        Duration validity) {

    /** 825 days is the longest leaf lifetime that browsers and Apple platforms accept. */
    public static final Duration MAX_LEAF_VALIDITY = Duration.ofDays(825);
    public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(397);

    public enum Usage { SERVER, CLIENT }

    public LeafCertificateSpec {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        Objects.requireNonNull(validity, "validity");
        subjectAltNames = List.copyOf(subjectAltNames);
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        if (validity.compareTo(MAX_LEAF_VALIDITY) > 0) {
            throw new IllegalArgumentException("leaf validity " + validity.toDays()
                    + " days exceeds the 825-day limit that TLS clients enforce");
        }
        if (usage == Usage.SERVER && subjectAltNames.isEmpty()) {
            // Clients ignore the CN since RFC 6125; a server certificate without SANs matches nothing.
            throw new IllegalArgumentException("a server certificate needs at least one DNS name or IP address");
        }
    }

    /** A server certificate for the given names, e.g. {@code server("localhost", "localhost", "127.0.0.1")}. */
    public static LeafCertificateSpec server(String commonName, String... subjectAltNames) {
        return server(commonName, List.of(subjectAltNames));
    }

    public static LeafCertificateSpec server(String commonName, List<String> subjectAltNames) {
        if (!commonName.matches("[^,+=\"\\\\<>;#]+")) {
            // A host name never needs DN escaping; anything that does is a mistake, not a name.
            throw new IllegalArgumentException("not a plain common name: " + commonName);
        }
        return new LeafCertificateSpec("CN=" + commonName, Usage.SERVER, subjectAltNames,
                KeyAlgorithm.EC_P256, null, DEFAULT_LEAF_VALIDITY);
    }

    /** A sensor's client certificate; {@code subject} is a full DN such as {@code CN=sensor-1,O=realm-a}. */
    public static LeafCertificateSpec client(String subject) {
        return new LeafCertificateSpec(subject, Usage.CLIENT, List.of(),
                KeyAlgorithm.EC_P256, null, DEFAULT_LEAF_VALIDITY);
    }

    public LeafCertificateSpec withKeyAlgorithm(KeyAlgorithm algorithm) {
        return new LeafCertificateSpec(subject, usage, subjectAltNames, algorithm, notBefore, validity);
    }

    public LeafCertificateSpec withValidity(Duration newValidity) {
        return new LeafCertificateSpec(subject, usage, subjectAltNames, keyAlgorithm, notBefore, newValidity);
    }

    /** Fixed validity window; tests use it to make certificates that are already expired. */
    public LeafCertificateSpec withValidityWindow(Instant from, Instant to) {
        return new LeafCertificateSpec(subject, usage, subjectAltNames, keyAlgorithm, from, Duration.between(from, to));
    }
}
