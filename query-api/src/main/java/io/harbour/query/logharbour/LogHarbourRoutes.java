package io.harbour.query.logharbour;

import io.harbour.query.http.RouteTable;

/** Seed 003's client-library functions, one route each, GET with query parameters or POST with a JSON object. */
public final class LogHarbourRoutes {
    public static final String PREFIX = "/api/v1/logharbour/";

    private LogHarbourRoutes() {
    }

    public static RouteTable.Builder addTo(RouteTable.Builder routes, LogHarbourContext ctx) {
        return routes
                .getOrPost(PREFIX + "getlogs", new GetLogsHandler(ctx))
                .getOrPost(PREFIX + "getset", new GetSetHandler(ctx))
                .getOrPost(PREFIX + "getapps", new GetAppsHandler(ctx))
                .getOrPost(PREFIX + "getchanges", new GetChangesHandler(ctx))
                .getOrPost(PREFIX + "getunusualip", new GetUnusualIpHandler(ctx));
    }
}
