package io.harbour.receiver.http;

import io.harbour.model.LogKind;
import io.netty.handler.codec.http.HttpMethod;

/**
 * The receiver's routes. {@code /log} is the path of ExtraHop's own sample receiver, so a sensor
 * configured for it works unchanged; {@code /api/v1/observations/associatedipaddrs} is ExtraHop's
 * observation API path, so the seed's script works with only its host changed.
 */
enum Route {
    EXTRAHOP_LOG("/log", HttpMethod.POST, LogKind.EXTRAHOP),
    EXTRAHOP_APILOGS("/api/v1/extrahop/apilogs", HttpMethod.POST, LogKind.EXTRAHOP),
    OBSERVATIONS("/api/v1/observations/associatedipaddrs", HttpMethod.POST, LogKind.OBSERVATIONS),
    LOGHARBOUR_ENTRIES("/api/v1/logharbour/entries", HttpMethod.POST, LogKind.LOGHARBOUR),
    HEALTH("/healthz", HttpMethod.GET, null),
    READY("/readyz", HttpMethod.GET, null),
    METRICS("/metrics", HttpMethod.GET, null);

    private final String path;
    private final HttpMethod method;
    private final LogKind kind;

    Route(String path, HttpMethod method, LogKind kind) {
        this.path = path;
        this.method = method;
        this.kind = kind;
    }

    String path() {
        return path;
    }

    HttpMethod method() {
        return method;
    }

    /** The kind of log the route ingests; null for the operational routes. */
    LogKind kind() {
        return kind;
    }

    boolean ingests() {
        return kind != null;
    }

    /** The metrics label: the path itself, which stays readable in dashboards. */
    String label() {
        return path;
    }
}
