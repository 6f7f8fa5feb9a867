package io.harbour.query.it;

import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.certs.ClientTls;
import io.harbour.certs.ReloadingSslContext;
import io.harbour.certs.ServerTlsConfig;
import io.harbour.query.http.Cors;
import io.harbour.query.http.Dispatcher;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.query.http.QueryMetrics;
import io.harbour.query.http.QueryServer;
import io.harbour.query.http.RouteTable;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A bare {@link QueryServer} serving the routes a test gives it, over real TLS (a test CA's
 * certificate for localhost, HTTP/2 offered by ALPN), and JDK clients that trust that CA: for the
 * server's own plumbing, which needs no Elasticsearch and no realm file (routes without
 * authentication).
 */
final class QueryServerOverTls implements AutoCloseable {
    final QueryServer server;
    final URI base;
    final int port;
    private final SSLContext clientTls;

    QueryServerOverTls(Path dir, QueryHttpSettings settings, RouteTable routes) throws Exception {
        CertificateDirectory certs = CertificateDirectory.at(dir);
        CertificateAuthority ca = certs.createCa("CN=query server test CA");
        certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        ReloadingSslContext tls = ReloadingSslContext.open(ServerTlsConfig.of(certs.keyMaterial("server")).withAlpn(true), Duration.ofSeconds(1));
        server = new QueryServer(settings.withHostAndPort("127.0.0.1", 0), tls, routes,
                new Dispatcher((h, a) -> null, Duration.ofSeconds(3)), new Cors(List.of()),
                new QueryMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)));
        port = server.start().getPort();
        base = URI.create("https://localhost:" + port);
        clientTls = ClientTls.jdkContext(List.of(ca.certificate()), null);
    }

    HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().version(version).sslContext(clientTls).build();
    }

    @Override
    public void close() {
        server.close();
    }
}
