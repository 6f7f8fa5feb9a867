package io.harbour.receiver.http;

import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.certs.ClientTls;
import io.harbour.certs.IssuedCertificate;
import io.harbour.certs.ReloadingSslContext;
import io.harbour.certs.ServerTlsConfig;
import io.netty.handler.ssl.ClientAuth;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A CA, a server certificate for 127.0.0.1 and a client certificate, written the way
 * {@code harbour certs} writes them; clients trust only that CA.
 */
final class TlsFixture {
    static final String CLIENT_SUBJECT = "CN=sensor-1,O=acme";

    final CertificateAuthority ca;
    final IssuedCertificate client;
    final ReloadingSslContext server;

    TlsFixture(Path dir) throws IOException {
        CertificateDirectory certs = CertificateDirectory.at(dir);
        ca = certs.createCa("CN=Harbour test CA");
        certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        client = ca.issueClient(CLIENT_SUBJECT);
        server = ReloadingSslContext.open(ServerTlsConfig.of(certs.keyMaterial("server"))
                .withClientAuth(ClientAuth.OPTIONAL, certs.certificate(CertificateDirectory.CA))
                .withAlpn(true), Duration.ofSeconds(1));
    }

    SSLContext clientContext(boolean withCertificate) {
        return ClientTls.jdkContext(List.of(ca.certificate()), withCertificate ? client : null);
    }

    HttpClient httpClient(HttpClient.Version version, boolean withCertificate) {
        SSLContext context = clientContext(withCertificate);
        return HttpClient.newBuilder()
                .version(version)
                .sslContext(context)
                .sslParameters(ClientTls.jdkParameters(context))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }
}
