package io.harbour.query.exchange;

import io.harbour.query.http.RouteTable;

/** The exchange calls: GET with query parameters or POST with a JSON object of the same names, with a query token. */
public final class ExchangeRoutes {
    public static final String SEARCH = "/api/v1/extrahop/exchanges";
    public static final String COUNTS = "/api/v1/extrahop/exchanges/counts";

    private ExchangeRoutes() {
    }

    public static RouteTable.Builder addTo(RouteTable.Builder routes, ExchangeContext ctx) {
        return routes
                .getOrPost(SEARCH, new ExchangeSearchHandler(ctx))
                .getOrPost(COUNTS, new ExchangeCountsHandler(ctx));
    }
}
