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
 * receiver and nginx, and the client side that trusts only that CA.
 */
final class BenchCertificates {
    static final String SERVER = "server";

    private final CertificateDirectory directory;
    private final CertificateAuthority ca;

    private BenchCertificates(CertificateDirectory directory, CertificateAuthority ca) {
        this.directory = directory;
        this.ca = ca;
    }

    static BenchCertificates create(Path dir) throws IOException {
        CertificateDirectory directory = CertificateDirectory.at(dir);
        CertificateAuthority ca = directory.loadOrCreateCa("CN=Harbour bench CA");
        directory.write(SERVER, ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
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

    /** A Netty client context with the receiver's provider (BoringSSL when netty-tcnative loads) and TLS policy. */
    SslContext nettyClientContext() throws SSLException {
        return ClientTls.nettyContext(List.of(ca.certificate()), null, TlsPolicy.preferredProvider());
    }
}
