package io.harbour.query.export;

import io.harbour.query.http.Route;
import io.harbour.query.http.RouteTable;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Set;

/** The export's routes: GET only, as Logpull's, all with a query token. */
public final class ExportRoutes {
    public static final String RECEIVED = "/api/v1/logs/received";
    public static final String FIELDS = "/api/v1/logs/received/fields";

    private ExportRoutes() {
    }

    public static RouteTable.Builder addTo(RouteTable.Builder routes, ExportContext ctx) {
        return routes
                .get(RECEIVED, new ReceivedHandler(ctx), true, false)
                .get(FIELDS, new FieldsHandler(), true, false)
                .add(new Route(IdsHandler.PREFIX + "*", Set.of(HttpMethod.GET), true, false, new IdsHandler(ctx)));
    }
}
