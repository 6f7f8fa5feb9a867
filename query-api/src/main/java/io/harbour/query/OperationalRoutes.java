package io.harbour.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.Dispatcher;
import io.harbour.query.http.RouteTable;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;

/**
 * {@code GET /healthz} (the process answers), {@code GET /readyz} (Elasticsearch answers cluster
 * health yellow or green: what a load balancer should route by) and {@code GET /metrics}
 * (Prometheus text). None needs a token; healthz and metrics answer on the event loop, so they
 * answer even when every worker is busy.
 */
final class OperationalRoutes {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private OperationalRoutes() {
    }

    static RouteTable.Builder addTo(RouteTable.Builder routes, ElasticsearchConnection es, PrometheusMeterRegistry registry,
                                    Dispatcher dispatcher) {
        return routes
                .get("/healthz", r -> ApiReply.json(status("up")), false, true)
                .get("/readyz", r -> readiness(es, dispatcher), false, false)
                .get("/metrics", r -> ApiReply.text(HttpResponseStatus.OK, PROMETHEUS_TEXT, registry.scrape()), false, true);
    }

    private static ApiReply readiness(ElasticsearchConnection es, Dispatcher dispatcher) throws IOException {
        String health = es.clusterHealth();
        if (ElasticsearchConnection.serves(health)) {
            ObjectNode body = status("ready");
            body.put("elasticsearch", health);
            return ApiReply.json(body);
        }
        return dispatcher.unavailable("Elasticsearch cluster health is " + health);
    }

    private static ObjectNode status(String value) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", value);
        return body;
    }
}
