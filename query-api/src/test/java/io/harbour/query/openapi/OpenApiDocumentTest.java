package io.harbour.query.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.model.Json;
import io.harbour.query.QueryApi;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.geo.GeoLocators;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.Dispatcher;
import io.harbour.query.http.Route;
import io.harbour.query.http.RouteTable;
import io.harbour.realms.QueryAuthentication;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the route table {@link QueryApi#routes} builds (the one the server
 * serves) list the same operations: every path and method of the table is in the document, and
 * every path and method of the document is in the table. A route {@code /prefix/*} is the
 * document's {@code /prefix/{name}}. The failure names each operation missing or extra.
 */
class OpenApiDocumentTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern LAST_PARAMETER = Pattern.compile("^(.*/)\\{[^/{}]+}$");

    private static ElasticsearchConnection es;
    private static RouteTable table;
    private static JsonNode document;

    @BeforeAll
    static void build() throws Exception {
        QueryApiConfig config = QueryApiConfig.defaults();
        es = new ElasticsearchConnection(config.elasticsearch(), Json.mapper());
        Dispatcher dispatcher = new Dispatcher((token, address) -> new QueryAuthentication.Refused(401, "unknown_token", "test"),
                Duration.ofSeconds(1));
        table = QueryApi.routes(config, es, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), dispatcher,
                GeoLocators.fromSetting(""), Clock.systemUTC()).build();
        document = Json.mapper().readTree(OpenApiRoutes.document());
    }

    @AfterAll
    static void close() throws Exception {
        es.close();
    }

    /** "METHOD /path" of every operation the table answers (OPTIONS, the CORS preflight, is the server's, not a route's). */
    private static Set<String> tableOperations() {
        Set<String> out = new TreeSet<>();
        for (Route route : table.routes()) {
            for (HttpMethod method : route.methods()) {
                out.add(method.name() + " " + route.path());
            }
        }
        return out;
    }

    private static Set<String> documentOperations() {
        Set<String> out = new TreeSet<>();
        document.path("paths").properties().forEach(path -> {
            Matcher m = LAST_PARAMETER.matcher(path.getKey());
            String routePath = m.matches() ? m.group(1) + "*" : path.getKey();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (HTTP_METHODS.contains(method)) {
                    out.add(method.toUpperCase(Locale.ROOT) + " " + routePath);
                }
            });
        });
        return out;
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
        Set<String> inTable = tableOperations();
        Set<String> inDocument = documentOperations();
        Set<String> missing = new TreeSet<>(inTable);
        missing.removeAll(inDocument);
        Set<String> extra = new TreeSet<>(inDocument);
        extra.removeAll(inTable);
        StringBuilder message = new StringBuilder();
        if (!missing.isEmpty()) {
            message.append("routes served but not in query-api/src/main/resources/openapi.json (add an operation for each): ")
                    .append(String.join(", ", missing)).append(". ");
        }
        if (!extra.isEmpty()) {
            message.append("operations in query-api/src/main/resources/openapi.json that no route serves (remove them, or register the route in QueryApi.routes): ")
                    .append(String.join(", ", extra)).append('.');
        }
        assertTrue(missing.isEmpty() && extra.isEmpty(), message.toString());
        assertTrue(inTable.size() >= 20, "the table was built with its routes: " + inTable);
    }

    @Test
    void theDocumentIsOpenApi3WithAnAnswerAndAUniqueIdPerOperation() {
        assertTrue(document.path("openapi").asText().startsWith("3."), "an OpenAPI 3 document");
        assertFalse(document.path("info").path("title").asText().isEmpty());
        Set<String> ids = new HashSet<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String where = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            assertTrue(path.getKey().startsWith("/"), where);
            assertTrue(op.getValue().path("responses").has("200"), where + " describes its 200 answer");
            assertTrue(ids.add(op.getValue().path("operationId").asText()), where + " has a unique operationId");
            assertFalse(op.getValue().path("summary").asText().isEmpty(), where + " has a summary");
            for (JsonNode parameter : op.getValue().path("parameters")) {
                assertTrue(Set.of("query", "path").contains(parameter.path("in").asText()), where + " " + parameter);
            }
        }));
        // Every $ref points at a component that exists.
        Matcher refs = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/schemas/([^\"]+)\"").matcher(OpenApiRoutes.document());
        while (refs.find()) {
            assertTrue(document.path("components").path("schemas").has(refs.group(1)), "no schema " + refs.group(1));
        }
    }

    @Test
    void authenticatedRoutesDeclareTheTokenAndOpenOnesDeclareNone() {
        for (Route route : table.routes()) {
            if (!route.authenticated()) {
                continue;
            }
            for (HttpMethod method : route.methods()) {
                JsonNode op = document.path("paths").path(route.path().replace("/*", "/{id}")).path(method.name().toLowerCase(Locale.ROOT));
                assertEquals("queryToken", op.path("security").path(0).fieldNames().next(), method + " " + route.path());
                assertTrue(op.path("responses").has("401"), method + " " + route.path() + " documents 401");
            }
        }
        for (String open : List.of("/healthz", "/readyz", "/metrics", "/openapi.json")) {
            assertEquals(0, document.path("paths").path(open).path("get").path("security").size(), open + " needs no token");
        }
    }

    @Test
    void theRouteServesTheDocumentWithoutAToken() throws Exception {
        RouteTable.Match match = table.match(HttpMethod.GET, OpenApiRoutes.PATH);
        Route route = ((RouteTable.Match.Found) match).route();
        assertFalse(route.authenticated());
        ApiReply reply = route.handler().handle(new io.harbour.query.http.ApiRequest(HttpMethod.GET, OpenApiRoutes.PATH, Map.of(),
                new DefaultHttpHeaders(), new byte[0], InetAddress.getLoopbackAddress(), null));
        assertEquals(200, reply.status().code());
        assertEquals(ApiReply.JSON, reply.contentType());
        assertEquals(document, Json.mapper().readTree(new String(reply.body(), StandardCharsets.UTF_8)));
    }
}
