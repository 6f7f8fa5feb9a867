package io.harbour.bench;

import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.certs.ClientTls;
import io.harbour.certs.TlsPolicy;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * One development CA and one server certificate for localhost and 127.0.0.1, shared by the
 * receiver, nginx and Flume (which reads the same chain and key from a PKCS#12 key store), and
 * the client side that trusts only that CA.
 */
final class BenchCertificates {
    static final String SERVER = "server";
    /** The password of {@link #serverKeystore()} (a development store in the run directory, mode 600). */
    static final String KEYSTORE_PASSWORD = "harbour-bench";

    private final CertificateDirectory directory;
    private final CertificateAuthority ca;

    private BenchCertificates(CertificateDirectory directory, CertificateAuthority ca) {
        this.directory = directory;
        this.ca = ca;
    }

    static BenchCertificates create(Path dir) throws IOException {
        CertificateDirectory directory = CertificateDirectory.at(dir);
        CertificateAuthority ca = directory.loadOrCreateCa("CN=Harbour bench CA");
        directory.write(SERVER, ca.issueServer("localhost", "localhost", "127.0.0.1"), KEYSTORE_PASSWORD.toCharArray());
        return new BenchCertificates(directory, ca);
    }

    Path caFile() {
        return directory.certificate(CertificateDirectory.CA);
    }

    Path serverChain() {
        return directory.chain(SERVER);
    }

    Path serverKey() {
        return directory.privateKey(SERVER);
    }

    /** The server's chain and key as PKCS#12 (password {@link #KEYSTORE_PASSWORD}), for Jetty in Flume. */
    Path serverKeystore() {
        return directory.pkcs12(SERVER);
    }

    /** A JDK client context that trusts only the bench CA (for the JDK HttpClient of phase flume-outage). */
    javax.net.ssl.SSLContext jdkClientContext() {
        return ClientTls.jdkContext(List.of(ca.certificate()), null);
    }

    /** A Netty client context with the receiver's provider (BoringSSL when netty-tcnative loads) and TLS policy. */
    SslContext nettyClientContext() throws SSLException {
        return ClientTls.nettyContext(List.of(ca.certificate()), null, TlsPolicy.preferredProvider());
    }
}
