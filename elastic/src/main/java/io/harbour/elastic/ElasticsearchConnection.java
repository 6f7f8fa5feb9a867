package io.harbour.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/**
 * One connection to Elasticsearch: the typed client (bulk, search, cat, delete) and raw JSON
 * requests for bodies the layout module hands over as JSON (templates, create-index bodies), which
 * are sent as they are rather than round-tripped through the client's typed model.
 *
 * <p>elasticsearch-java 8.19 ships only the low-level RestClient transport (Apache HttpClient 4);
 * its JSON mapper here is {@link JacksonJsonpMapper} over the project's Jackson 2. Idle pooled
 * connections are not kept beyond {@code idle_connection_ttl}: a load balancer that drops idle
 * connections silently would otherwise fail the next bulk (a complaint of Kafka Connect users).
 */
public final class ElasticsearchConnection implements AutoCloseable {

    /** The answer of a raw request: status and parsed body (null when empty). */
    public record JsonResponse(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** {@code error.type} of an error answer, or null. */
        public String errorType() {
            return body == null ? null : body.path("error").path("type").asText(null);
        }
    }

    private final RestClient restClient;
    private final RestClientTransport transport;
    private final ElasticsearchClient client;
    private final ElasticsearchAsyncClient asyncClient;
    private final ObjectMapper json;

    public ElasticsearchConnection(ElasticsearchSettings settings, ObjectMapper json) {
        this.json = json;
        List<HttpHost> hosts = new ArrayList<>();
        for (String url : settings.urls()) {
            URI u = URI.create(url.trim());
            int port = u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 9200;
            hosts.add(new HttpHost(u.getHost(), port, u.getScheme()));
        }
        List<Header> headers = new ArrayList<>();
        if (settings.apiKey() != null && !settings.apiKey().isEmpty()) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + settings.apiKey()));
        } else if (settings.username() != null && !settings.username().isEmpty()) {
            String basic = Base64.getEncoder().encodeToString((settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
            headers.add(new BasicHeader("Authorization", "Basic " + basic));
        }
        int connectMs = (int) settings.connectTimeout().toMillis();
        int requestMs = (int) settings.requestTimeout().toMillis();
        long idleMs = settings.idleConnectionTtl().toMillis();
        this.restClient = RestClient.builder(hosts.toArray(HttpHost[]::new))
                .setDefaultHeaders(headers.toArray(Header[]::new))
                .setRequestConfigCallback(rc -> rc.setConnectTimeout(connectMs).setSocketTimeout(requestMs).setConnectionRequestTimeout(requestMs))
                .setHttpClientConfigCallback(hc -> hc.setKeepAliveStrategy((response, context) -> idleMs))
                .build();
        this.transport = new RestClientTransport(restClient, new JacksonJsonpMapper(json));
        this.client = new ElasticsearchClient(transport);
        this.asyncClient = new ElasticsearchAsyncClient(transport);
    }

    public ElasticsearchClient client() {
        return client;
    }

    public ElasticsearchAsyncClient asyncClient() {
        return asyncClient;
    }

    /**
     * A raw request. An HTTP error comes back as a {@link JsonResponse} with its status; only a
     * failure to get any answer (refused, timed out) is an exception.
     */
    public JsonResponse send(String method, String path, JsonNode body) throws IOException {
        Request request = new Request(method, path);
        if (body != null) {
            request.setJsonEntity(json.writeValueAsString(body));
        }
        return perform(request);
    }

    /**
     * The cluster's health ({@code green}, {@code yellow}, {@code red}), or {@code unknown (HTTP n)}
     * when the answer has none. {@code GET /_cluster/health}, not {@code GET /}: the local node
     * (the integ-test distribution) does not serve the root endpoint.
     *
     * @throws IOException when the cluster does not answer at all
     */
    public String clusterHealth() throws IOException {
        JsonResponse r = send("GET", "/_cluster/health", null);
        String status = r.ok() && r.body() != null ? r.body().path("status").asText("") : "";
        return status.isEmpty() ? "unknown (HTTP " + r.status() + ")" : status;
    }

    /** Whether a {@link #clusterHealth()} answer means the cluster serves reads and writes (green or yellow). */
    public static boolean serves(String health) {
        return "green".equals(health) || "yellow".equals(health);
    }

    /** A raw POST of newline-delimited JSON (a small {@code _bulk}). */
    public JsonResponse sendNdjson(String path, String ndjson) throws IOException {
        Request request = new Request("POST", path);
        request.setEntity(new org.apache.http.nio.entity.NStringEntity(ndjson, org.apache.http.entity.ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
        return perform(request);
    }

    private JsonResponse perform(Request request) throws IOException {
        Response response;
        try {
            response = restClient.performRequest(request);
        } catch (ResponseException e) {
            response = e.getResponse();
        }
        JsonNode parsed = null;
        if (response.getEntity() != null) {
            try (InputStream in = response.getEntity().getContent()) {
                byte[] bytes = in.readAllBytes();
                if (bytes.length > 0) {
                    parsed = json.readTree(bytes);
                }
            }
        }
        return new JsonResponse(response.getStatusLine().getStatusCode(), parsed);
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
