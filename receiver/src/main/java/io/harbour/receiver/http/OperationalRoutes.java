package io.harbour.receiver.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /healthz} (the process answers), {@code GET /readyz} (Kafka answered recently and the
 * server is not shutting down: what a load balancer should route by) and {@code GET /metrics}.
 */
final class OperationalRoutes {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ReceiverContext context;

    OperationalRoutes(ReceiverContext context) {
        this.context = context;
    }

    Reply reply(Route route) {
        return switch (route) {
            case HEALTH -> Reply.text(HttpResponseStatus.OK, Reply.JSON, "{\"status\":\"up\"}");
            case READY -> readiness();
            case METRICS -> Reply.text(HttpResponseStatus.OK, PROMETHEUS_TEXT, context.registry().scrape());
            default -> throw new IllegalArgumentException("not an operational route: " + route);
        };
    }

    private Reply readiness() {
        if (context.draining()) {
            return Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "draining", "the receiver is shutting down");
        }
        boolean ready;
        try {
            ready = context.publisher().ready();
        } catch (RuntimeException e) {
            ready = false;
        }
        return ready ? Reply.text(HttpResponseStatus.OK, Reply.JSON, "{\"status\":\"ready\"}")
                : Reply.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "kafka_unavailable", "Kafka has not answered recently");
    }
}
