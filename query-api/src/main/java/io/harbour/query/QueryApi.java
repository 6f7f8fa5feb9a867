package io.harbour.query;

import io.harbour.certs.KeyMaterialFiles;
import io.harbour.certs.ReloadingSslContext;
import io.harbour.certs.ServerTlsConfig;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.model.Json;
import io.harbour.query.exchange.ExchangeContext;
import io.harbour.query.exchange.ExchangeRoutes;
import io.harbour.query.geo.GeoLocator;
import io.harbour.query.http.Cors;
import io.harbour.query.http.Dispatcher;
import io.harbour.query.http.QueryMetrics;
import io.harbour.query.http.QueryServer;
import io.harbour.query.http.RouteTable;
import io.harbour.query.logharbour.LogHarbourContext;
import io.harbour.query.logharbour.LogHarbourRoutes;
import io.harbour.query.openapi.OpenApiRoutes;
import io.harbour.realms.QueryAuthenticator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A running query API, assembled from its configuration: the reloading TLS context, the realm
 * file's query authenticator, the Elasticsearch connection, the GeoIP locator, the route table,
 * and the HTTPS server in front. Closing it stops the server (answers in progress finish), then
 * the connection and the locator.
 */
public final class QueryApi implements AutoCloseable {
    private final QueryServer server;
    private final ElasticsearchConnection es;
    private final GeoLocator geo;
    private final InetSocketAddress address;

    private QueryApi(QueryServer server, ElasticsearchConnection es, GeoLocator geo, InetSocketAddress address) {
        this.server = server;
        this.es = es;
        this.geo = geo;
        this.address = address;
    }

    /** With the City database of {@code geoip.database}, or none when it is empty. */
    public static QueryApi start(QueryApiConfig config) {
        return start(config, GeoDatabase.open(config.geoip()), Clock.systemUTC());
    }

    /**
     * @param geo   where unusual addresses are; closed with the API
     * @param clock what {@code ndays} counts back from
     */
    public static QueryApi start(QueryApiConfig config, GeoLocator geo, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ReloadingSslContext tls = openTls(config.tls());
        QueryAuthenticator authenticator = new QueryAuthenticator(Path.of(config.realmsFile()));
        ElasticsearchConnection es = new ElasticsearchConnection(config.elasticsearch(), Json.mapper());
        try {
            Dispatcher dispatcher = new Dispatcher(authenticator::authenticate, config.http().retryAfter());
            RouteTable.Builder routes = routes(config, es, registry, dispatcher, geo, clock);
            QueryServer server = new QueryServer(config.http(), tls, routes.build(), dispatcher,
                    new Cors(config.cors().allowedOrigins()), new QueryMetrics(registry));
            return new QueryApi(server, es, geo, server.start());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(es, geo);
            throw new IllegalStateException("interrupted while starting the query API", e);
        } catch (RuntimeException e) {
            closeQuietly(es, geo);
            throw e;
        }
    }

    /**
     * Every route the query API serves, built as {@link #start} builds them: also what the OpenAPI
     * document is checked against ({@code OpenApiDocumentTest}), so a route added here and not
     * documented fails that test. Builds handlers only; nothing is sent to Elasticsearch.
     */
    public static RouteTable.Builder routes(QueryApiConfig config, ElasticsearchConnection es, PrometheusMeterRegistry registry,
                                            Dispatcher dispatcher, GeoLocator geo, Clock clock) {
        LogHarbourContext logharbour = LogHarbourContext.of(es, clock, config.limits().getlogsMaxrec(), config.limits().maxNdays(), geo);
        RouteTable.Builder routes = RouteTable.builder();
        OperationalRoutes.addTo(routes, es, registry, dispatcher);
        OpenApiRoutes.addTo(routes);
        LogHarbourRoutes.addTo(routes, logharbour);
        ExchangeRoutes.addTo(routes, ExchangeContext.of(es, clock, config.limits().getlogsMaxrec(), config.limits().maxNdays()));
        io.harbour.query.export.ExportRoutes.addTo(routes, io.harbour.query.export.ExportContext.of(es, config.export(), clock, registry));
        io.harbour.query.webservice.WebServiceRoutes.addTo(routes, logharbour, dispatcher.authenticator());
        io.harbour.query.ui.UiRoutes.addTo(routes, logharbour, dispatcher.authenticator());
        return routes;
    }

    private static ReloadingSslContext openTls(QueryApiConfig.Tls tls) {
        ServerTlsConfig config = ServerTlsConfig.of(KeyMaterialFiles.pem(Path.of(tls.certificateChain()), Path.of(tls.privateKey())))
                .withAlpn(true);
        try {
            return ReloadingSslContext.open(config, Duration.ofSeconds(tls.reloadCheckSeconds()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the query API's TLS material (" + tls.certificateChain() + ", "
                    + tls.privateKey() + ")", e);
        }
    }

    /** The base URL callers use, e.g. {@code https://localhost:8090}. */
    public URI uri() {
        String host = address.getAddress().isAnyLocalAddress() || address.getAddress().isLoopbackAddress() ? "localhost" : address.getHostString();
        return URI.create("https://" + host + ":" + address.getPort());
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            closeQuietly(es, geo);
        }
    }

    private static void closeQuietly(ElasticsearchConnection es, GeoLocator geo) {
        try {
            es.close();
        } catch (IOException ignored) {
            // closing on the way out: nothing left to do with the error
        }
        geo.close();
    }
}
