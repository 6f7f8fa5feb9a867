package io.harbour.query.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.CertificateDirectory;
import io.harbour.certs.ClientTls;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.model.Json;
import io.harbour.query.geo.GeoLocators;
import io.harbour.query.QueryApi;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.realms.Capability;
import io.harbour.realms.Cidr;
import io.harbour.realms.Realm;
import io.harbour.realms.RealmFile;
import io.harbour.realms.QueryScope;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A query API over real TLS (a test CA), a realm file for its tokens, and a JDK HTTP client that
 * trusts only that CA: what an application sees.
 */
final class QueryApiFixture implements AutoCloseable {
    final Path dir;
    final RealmFile realms;
    final QueryApi api;
    final HttpClient http;
    final HttpClient http2;
    final CertificateAuthority ca;

    QueryApiFixture(Path dir, String elasticsearchUrl, int maxrec, Clock clock) throws IOException {
        this(dir, elasticsearchUrl, maxrec, clock, "", List.of(), QueryHttpSettings.defaults().withHostAndPort("127.0.0.1", 0));
    }

    /** @param geoipDatabase the {@code geoip.database} setting: blank for none, else the City database's path */
    QueryApiFixture(Path dir, String elasticsearchUrl, int maxrec, Clock clock, String geoipDatabase, List<String> corsOrigins,
                    QueryHttpSettings http) throws IOException {
        this.dir = dir;
        CertificateDirectory certs = CertificateDirectory.at(dir.resolve("certs"));
        ca = certs.createCa("CN=Harbour query test CA");
        certs.write("server", ca.issueServer("localhost", "localhost", "127.0.0.1"), null);
        realms = new RealmFile(dir.resolve("realms.yaml"));
        realms.createRealm(Realm.named("placeholder"));
        ElasticsearchSettings es = ElasticsearchSettings.local(elasticsearchUrl);
        QueryApiConfig config = new QueryApiConfig(http,
                new QueryApiConfig.Tls(certs.chain("server").toString(), certs.privateKey("server").toString(), 1),
                realms.path().toString(), es, new QueryApiConfig.Limits(maxrec, 365), new QueryApiConfig.Geoip(geoipDatabase),
                new QueryApiConfig.Cors(corsOrigins));
        if (!config.problems().isEmpty()) {
            throw new IllegalArgumentException(config.problems().toString());
        }
        // As QueryApi.start(config) opens it, with the test's clock.
        api = QueryApi.start(config, GeoLocators.fromSetting(config.geoip().database()), clock);
        SSLContext tls = ClientTls.jdkContext(List.of(ca.certificate()), null);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                .sslParameters(ClientTls.jdkParameters(tls)).connectTimeout(Duration.ofSeconds(10)).build();
        this.http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls)
                .sslParameters(ClientTls.jdkParameters(tls)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A query token of {@code realm} (created if missing) with that scope. */
    String token(String realm, QueryScope scope) {
        if (realms.load().realm(realm).isEmpty()) {
            realms.createRealm(Realm.named(realm));
        }
        String key = realms.issueQueryToken(realm, scope, "it").key();
        awaitAccepted(key);
        return key;
    }

    /** The server re-reads the realm file within a second of a change: wait until it knows the token. */
    void awaitAccepted(String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            while (get(key, "/api/v1/logharbour/getapps").status() == 401) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the query API never accepted a new token");
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** For a server that cannot answer the check: the caller waits out the realm file's re-read itself. */
    String everythingTokenWithoutWaiting(String realm) {
        if (realms.load().realm(realm).isEmpty()) {
            realms.createRealm(Realm.named(realm));
        }
        return realms.issueQueryToken(realm, QueryScope.EVERYTHING_BUT_DEBUG, "it").key();
    }

    String everythingToken(String realm) {
        return token(realm, QueryScope.EVERYTHING_BUT_DEBUG);
    }

    /** A token of {@code realm} that reads everything, debug entries included, when used from this machine (loopback). */
    String debugToken(String realm) {
        return token(realm, new QueryScope(QueryScope.Allowed.ALL, QueryScope.Allowed.ALL, Set.of(Capability.DEBUG),
                List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"))));
    }

    /** GET {@code path} with these parameters (name, value, name, value, ...). */
    Answer get(String token, String path, String... params) throws IOException, InterruptedException {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], params[i + 1]);
        }
        return get(token, path, map);
    }

    Answer get(String token, String path, Map<String, String> params) throws IOException, InterruptedException {
        String query = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.uri() + path + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(http, b.GET().build());
    }

    /** POST {@code path} with a JSON object of these parameters. */
    Answer post(String token, String path, Map<String, ?> params) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.uri() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(params)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(http, b.build());
    }

    Answer send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isEmpty() || !r.headers().firstValue("content-type").orElse("").startsWith("application/json")
                ? null : Json.mapper().readTree(r.body());
        return new Answer(r.statusCode(), body, r);
    }

    record Answer(int status, JsonNode json, HttpResponse<String> response) {
        String code() {
            return json == null ? null : json.path("error").path("code").asText(null);
        }

        String field() {
            return json == null ? null : json.path("error").path("field").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + response.body();
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
