package io.harbour.query.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.query.http.RequestParameters;
import io.harbour.query.http.Route;
import io.harbour.query.http.RouteTable;
import io.harbour.query.logharbour.LogHarbourAccess;
import io.harbour.query.logharbour.LogHarbourContext;
import io.harbour.query.webservice.EntryPager;
import io.harbour.query.webservice.EnvelopedHandler;
import io.harbour.query.webservice.LogCalls;
import io.harbour.query.webservice.LogHarbourEnvelope;
import io.harbour.realms.QueryAuthentication;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The routes of LogHarbour's own query service, for its Angular UI (logharbour-ui), exactly as
 * the UI sends and reads them: {@code POST /api/v1/{activitylog,highprilog,debuglog,datachange,
 * getset,getunusualips,unusualip}} and {@code GET /api/v1/getapps}, request {@code {"data":{...}}}
 * (a plain object too), answer {@code {"status":"success","data":...,"messages":[]}}:
 * <ul>
 * <li>activitylog: {@code {"LogEntery":[...],"Nrec":n}} (sic, the UI reads these names);
 * highprilog, datachange: {@code {"logs":[...]}}; debuglog: the array itself; getset and getapps:
 * an array of values; unusualip(s): {@code {"unusualIPs":[{"ipaddr","city","country","lat","long"}]}}.</li>
 * <li>Lists are empty, never null; each entry's {@code data} is an object or a string.</li>
 * <li>Paging: the UI sends the {@code when} of the last entry shown as
 * {@code search_after_timestamp} and no doc id; pages never end inside a group of entries sharing
 * one {@code when} ({@link EntryPager#wholeTimes}), newest first on every call.</li>
 * <li>Errors: {@link LogHarbourEnvelope}, the same as seed 002's routes.</li>
 * <li>Authentication: a query token as everywhere ({@code Authorization: Bearer}); the UI adds it
 * with an HTTP interceptor (README). Never open.</li>
 * <li>Observation linking: off (the UI's shapes have no place for it).</li>
 * </ul>
 */
public final class UiRoutes {
    public static final String PREFIX = "/api/v1/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static final Set<String> CURSOR = Set.of(EntryPager.SEARCH_AFTER_TIMESTAMP, EntryPager.SEARCH_AFTER_DOC_ID);
    static final Set<String> ACTIVITY = LogCalls.names(CURSOR, LogCalls.APP, LogCalls.WHO, LogCalls.CLASS, LogCalls.INSTANCE_ID,
            LogCalls.INSTANCE, LogCalls.DAYS);
    static final Set<String> HIGHPRI = LogCalls.names(CURSOR, LogCalls.APP, LogCalls.PRI, LogCalls.DAYS);
    static final Set<String> DEBUG = LogCalls.names(CURSOR, LogCalls.APP, LogCalls.MODULE, LogCalls.PRI, LogCalls.DAYS, LogCalls.TRACE_ID);
    static final Set<String> DATACHANGE = LogCalls.names(CURSOR, LogCalls.APP, LogCalls.WHO, LogCalls.CLASS, LogCalls.INSTANCE_ID,
            LogCalls.INSTANCE, LogCalls.FIELD, LogCalls.DAYS);
    static final Set<String> UNUSUAL = Set.of(LogCalls.APP, LogCalls.DAYS, LogCalls.UNUSUAL_PERCENT);
    /** LogHarbour's getset: setAttr and GetSet's filters, under their service names. */
    static final Set<String> GETSET = Set.of("app", "setAttr", "type", "who", "class", "instance", "instance_id", "op", "fromts", "tots",
            "ndays", "remoteIP", "pri");

    private UiRoutes() {
    }

    public static RouteTable.Builder addTo(RouteTable.Builder routes, LogHarbourContext ctx,
                                           BiFunction<String, InetAddress, QueryAuthentication> authenticator) {
        LogCalls calls = new LogCalls(new LogHarbourAccess(ctx));
        EnvelopedHandler.Call unusual = (r, caller, p) -> {
            LogCalls.Unusual u = calls.unusual(caller, p.allowOnly(UNUSUAL), 0, true, false, true);
            ObjectNode data = NODES.objectNode();
            data.set("unusualIPs", calls.unusualList(u, false));
            return data;
        };
        return routes
                .add(post("activitylog", authenticator, (r, caller, p) -> {
                    EntryPager.Page page = calls.activity(caller, p.allowOnly(ACTIVITY), LogCalls.Paging.WHOLE_TIMES);
                    ObjectNode data = NODES.objectNode();
                    data.set("LogEntery", page.logsArray());
                    data.put("Nrec", page.nrec());
                    return data;
                }))
                .add(post("highprilog", authenticator, (r, caller, p) ->
                        logs(calls.highPriority(caller, p.allowOnly(HIGHPRI), LogCalls.Paging.WHOLE_TIMES))))
                .add(post("datachange", authenticator, (r, caller, p) ->
                        logs(calls.dataChanges(caller, p.allowOnly(DATACHANGE), LogCalls.Paging.WHOLE_TIMES))))
                .add(post("debuglog", authenticator, (r, caller, p) ->
                        calls.debug(caller, p.allowOnly(DEBUG), LogCalls.Paging.WHOLE_TIMES, false).logsArray()))
                .add(post("getset", authenticator, (r, caller, p) -> {
                    Map<String, Long> counts = calls.access().set(caller, asGetSet(p.allowOnly(GETSET)));
                    ArrayNode values = NODES.arrayNode();
                    counts.keySet().forEach(values::add);
                    return values;
                }))
                .add(post("getunusualips", authenticator, unusual))
                .add(post("unusualip", authenticator, unusual))
                .add(new Route(PREFIX + "getapps", Set.of(HttpMethod.GET), false, false, new EnvelopedHandler(authenticator, (r, caller, p) -> {
                    p.allowOnly(Set.of());
                    ArrayNode apps = NODES.arrayNode();
                    calls.access().apps(caller).forEach(apps::add);
                    return apps;
                }, LogHarbourEnvelope::success)));
    }

    /** The service's getset parameters under seed 003's names (setAttr to setattr, instance_id to instance). */
    static RequestParameters asGetSet(RequestParameters p) {
        Map<String, String> out = new HashMap<>();
        p.asMap().forEach((name, value) -> out.put(switch (name) {
            case "setAttr" -> "setattr";
            case "instance_id" -> "instance";
            default -> name;
        }, value));
        if (p.has("instance") && p.has("instance_id") && !p.get("instance").equals(p.get("instance_id"))) {
            throw io.harbour.query.http.ApiException.badRequest("invalid_parameter", "instance",
                    "instance and instance_id name the same thing; they differ here");
        }
        if (!p.has("setAttr")) {
            throw io.harbour.query.http.ApiException.badRequest("missing_parameter", "setAttr", "setAttr is required");
        }
        return RequestParameters.of(out);
    }

    /** Not authenticated at the route: {@link EnvelopedHandler} authenticates every request, refusing in the UI's envelope. */
    static Route post(String name, BiFunction<String, InetAddress, QueryAuthentication> authenticator, EnvelopedHandler.Call call) {
        return new Route(PREFIX + name, Set.of(HttpMethod.POST), false, false,
                new EnvelopedHandler(authenticator, call, LogHarbourEnvelope::success));
    }

    static ObjectNode logs(EntryPager.Page page) {
        ObjectNode data = NODES.objectNode();
        data.set("logs", page.logsArray());
        return data;
    }
}
