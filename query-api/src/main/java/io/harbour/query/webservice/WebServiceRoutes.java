package io.harbour.query.webservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.query.http.Route;
import io.harbour.query.http.RouteTable;
import io.harbour.query.logharbour.LogHarbourAccess;
import io.harbour.query.logharbour.LogHarbourContext;
import io.harbour.realms.QueryAuthentication;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Seed 002's web-service calls under {@code /api/v1/ws/}, POST with a JSON object of the seed's
 * parameter names (plain, or wrapped as {@code {"data":{...}}}). Answers are seed 002's shapes
 * with {@code "status":"success"} in every one (the seed shows it on highprilog; one rule for all
 * is simpler to read), and the log calls add {@code nrec} (exact total) and {@code next} (the
 * exact cursor, both halves, null on the last page). Errors are {@link LogHarbourEnvelope}'s.
 */
public final class WebServiceRoutes {
    public static final String PREFIX = "/api/v1/ws/";
    /** Seed 002's pseudo-code: 1 % of the entries. */
    static final double DEFAULT_UNUSUAL_PERCENT = 1.0;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final Set<String> ACTIVITY = LogCalls.names(LogCalls.CURSOR, LogCalls.APP, LogCalls.WHO, LogCalls.CLASS,
            LogCalls.INSTANCE_ID, LogCalls.INSTANCE, LogCalls.DAYS);
    static final Set<String> UNUSUAL = Set.of(LogCalls.APP, LogCalls.DAYS, LogCalls.UNUSUAL_PERCENT, "unusualpercent", LogCalls.OBSERVATIONS);
    static final Set<String> IPLOGS = LogCalls.names(LogCalls.CURSOR, LogCalls.APP, LogCalls.IP, LogCalls.DAYS, LogCalls.OBSERVATIONS);
    static final Set<String> HIGHPRI = LogCalls.names(LogCalls.CURSOR, LogCalls.APP, LogCalls.PRI, LogCalls.DAYS);
    static final Set<String> DATACHANGE = LogCalls.names(LogCalls.CURSOR, LogCalls.APP, LogCalls.WHO, LogCalls.CLASS,
            LogCalls.INSTANCE_ID, LogCalls.INSTANCE, LogCalls.FIELD, LogCalls.DAYS);
    static final Set<String> DEBUG = LogCalls.names(LogCalls.CURSOR, LogCalls.APP, LogCalls.MODULE, LogCalls.PRI, LogCalls.TRACE_ID,
            LogCalls.DAYS);

    private WebServiceRoutes() {
    }

    public static RouteTable.Builder addTo(RouteTable.Builder routes, LogHarbourContext ctx,
                                           BiFunction<String, InetAddress, QueryAuthentication> authenticator) {
        LogCalls calls = new LogCalls(new LogHarbourAccess(ctx));
        UnaryOperator<JsonNode> asIs = UnaryOperator.identity();
        return routes
                .add(post("activitylog", new EnvelopedHandler(authenticator, (r, caller, p) ->
                        logs("logs", calls.activity(caller, p.allowOnly(ACTIVITY), LogCalls.Paging.EXACT)), asIs)))
                .add(post("unusualips", new EnvelopedHandler(authenticator, (r, caller, p) -> {
                    LogCalls.Unusual u = calls.unusual(caller, p.allowOnly(UNUSUAL), DEFAULT_UNUSUAL_PERCENT, false, false, true);
                    ObjectNode out = success();
                    out.set("unusualIPs", calls.unusualList(u, true));
                    out.put("total", u.result().total());
                    out.put("threshold", u.result().threshold());
                    out.set("geo", calls.geoStatus());
                    return out;
                }, asIs)))
                .add(post("iplogs", new EnvelopedHandler(authenticator, (r, caller, p) -> {
                    LogCalls.IpLogs result = calls.ipLogs(caller, p.allowOnly(IPLOGS), true);
                    ObjectNode out = logs("logs", result.page());
                    out.set("linked", io.harbour.query.observation.ObservationLinks.describe(result.links()));
                    return out;
                }, asIs)))
                .add(post("highprilog", new EnvelopedHandler(authenticator, (r, caller, p) ->
                        logs("logs", calls.highPriority(caller, p.allowOnly(HIGHPRI), LogCalls.Paging.EXACT)), asIs)))
                .add(post("datachange", new EnvelopedHandler(authenticator, (r, caller, p) ->
                        logs("logs", calls.dataChanges(caller, p.allowOnly(DATACHANGE), LogCalls.Paging.EXACT)), asIs)))
                .add(post("debuglog", new EnvelopedHandler(authenticator, (r, caller, p) ->
                        logs("debugLogs", calls.debug(caller, p.allowOnly(DEBUG), LogCalls.Paging.EXACT, true)), asIs)));
    }

    /**
     * Not authenticated at the route: {@link EnvelopedHandler} authenticates every request itself,
     * so that a refusal comes in the same envelope as every other error of these calls.
     */
    static Route post(String name, EnvelopedHandler handler) {
        return new Route(PREFIX + name, Set.of(HttpMethod.POST), false, false, handler);
    }

    static ObjectNode success() {
        ObjectNode out = NODES.objectNode();
        out.put("status", "success");
        return out;
    }

    static ObjectNode logs(String name, EntryPager.Page page) {
        ObjectNode out = success();
        out.set(name, page.logsArray());
        out.put("nrec", page.nrec());
        out.set("next", page.nextJson());
        return out;
    }
}
