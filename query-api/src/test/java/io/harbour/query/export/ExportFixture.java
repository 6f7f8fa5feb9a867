package io.harbour.query.export;

import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.certs.ClientTls;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.query.geo.GeoLocators;
import io.harbour.query.QueryApi;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.realms.QueryScope;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/** A query API with a given export section over real TLS, its realm file, and a JDK client trusting its CA. */
final class ExportFixture implements AutoCloseable {
    final Path dir;
    final RealmFile realms;
    final QueryApi api;
    final HttpClient http;
    final HttpClient http2;
    final CertificateAuthority ca;

    ExportFixture(Path dir, String elasticsearchUrl, QueryApiConfig.Export export) throws IOException {
        this.dir = dir;
        CertificateDirectory certs = CertificateDirectory.at(dir.resolve("certs"));
        ca = certs.createCa("CN=Harbour export test CA");
        certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        realms = new RealmFile(dir.resolve("realms.yaml"));
        realms.createRealm(Realm.named("placeholder"));
        QueryApiConfig config = new QueryApiConfig(QueryHttpSettings.defaults().withHostAndPort("127.0.0.1", 0),
                new QueryApiConfig.Tls(certs.chain("server").toString(), certs.privateKey("server").toString(), 1),
                realms.path().toString(), ElasticsearchSettings.local(elasticsearchUrl), QueryApiConfig.Limits.defaults(),
                new QueryApiConfig.Geoip(""), new QueryApiConfig.Cors(List.of()), export);
        if (!config.problems().isEmpty()) {
            throw new IllegalArgumentException(config.problems().toString());
        }
        api = QueryApi.start(config, GeoLocators.unavailable(GeoLocators.NOT_CONFIGURED), Clock.systemUTC());
        SSLContext tls = ClientTls.jdkContext(List.of(ca.certificate()), null);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .sslParameters(ClientTls.jdkParameters(tls)).connectTimeout(Duration.ofSeconds(10)).build();
        http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls)
                .sslParameters(ClientTls.jdkParameters(tls)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A token of {@code realm} with that scope, once the server has re-read the realm file. */
    String token(String realm, QueryScope scope) throws Exception {
        if (realms.load().realm(realm).isEmpty()) {
            realms.createRealm(Realm.named(realm));
        }
        String key = realms.issueQueryToken(realm, scope, "export it").key();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (get(key, ExportRoutes.FIELDS).statusCode() == 401) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the query API never accepted a new token");
            }
            Thread.sleep(100);
        }
        return key;
    }

    static String query(String... nameValues) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            q.append(q.length() == 0 ? "?" : "&").append(URLEncoder.encode(nameValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(nameValues[i + 1], StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    HttpRequest.Builder request(String token, String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.uri() + pathAndQuery)).timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    HttpResponse<byte[]> get(String token, String path, String... nameValues) throws IOException, InterruptedException {
        return http.send(request(token, path + query(nameValues)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<InputStream> stream(String token, String path, String... nameValues) throws IOException, InterruptedException {
        return http.send(request(token, path + query(nameValues)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Override
    public void close() {
        api.close();
    }
}
