package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.logharbour.LogFields;
import io.harbour.query.geo.GeoLocation;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.Handler;
import io.harbour.query.http.RequestParameters;
import io.harbour.query.observation.ObservationLinks;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Seed 003's {@code GetUnusualIP}: the remote addresses rare enough among the matching entries to
 * be suspicious ({@link UnusualIps} has the arithmetic), each with its location.
 * <ul>
 * <li>with {@code ndays}: every matching entry of those days, counted by a composite aggregation;</li>
 * <li>without: the most recent MAXREC matching entries that carry a remote address (as the seed
 * says, so the call is bounded without a window);</li>
 * <li>{@code op} counts only with {@code class}: seed 003 says it is ignored otherwise, and the
 * answer's {@code notes} says so when it was.</li>
 * </ul>
 * Answer: {@code {"unusualIPs":[{"ipaddr","count","city","country","lat","long"}],"total","threshold",
 * "geo":{"available","reason"},"notes":[...]}}; location fields are null when unknown, and
 * {@code geo.reason} says why when no location can be known.
 */
public final class GetUnusualIpHandler implements Handler {
    static final Set<String> PARAMETERS = Set.of(Param.APP, Param.WHO, Param.CLASS, Param.OP, Param.NDAYS, Param.UNUSUAL_PERCENT,
            Param.OBSERVATIONS);
    private static final double MAX_PERCENT = 50.0;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final LogHarbourContext ctx;

    public GetUnusualIpHandler(LogHarbourContext ctx) {
        this.ctx = ctx;
    }

    static double percent(String text) {
        double p;
        try {
            p = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            p = Double.NaN;
        }
        if (!(p > 0 && p <= MAX_PERCENT)) {
            throw ApiException.badRequest("invalid_percent", Param.UNUSUAL_PERCENT,
                    "unusualpercent must be a number above 0 and at most 50, not \"" + text + "\"");
        }
        return p;
    }

    @Override
    public ApiReply handle(ApiRequest request) throws IOException {
        RequestParameters p = RequestParameters.of(request).allowOnly(PARAMETERS);
        double percent = percent(p.require(Param.UNUSUAL_PERCENT));
        CallerScope scope = CallerScope.of(request.caller());
        String app = p.get(Param.APP).orElse(null);
        String objectClass = p.get(Param.CLASS).orElse(null);
        scope.check(app, objectClass, null);
        ArrayNode notes = NODES.arrayNode();
        String op = p.get(Param.OP).orElse(null);
        if (op != null && objectClass == null) {
            notes.add("op is ignored without class (seed 003: op is only meaningful with class)");
            op = null;
        }
        TimeWindow window = ctx.parser().ndaysWindow(p);
        LogFilter filter = new LogFilter(app, null, p.get(Param.WHO).orElse(null), objectClass, null, op, window, null, null);
        ObjectNode query = Queries.withFilter(Queries.bool(filter, scope), Queries.exists(LogFields.REMOTE_IP_TEXT));
        Map<String, Long> counts = p.has(Param.NDAYS)
                ? ctx.index().countsByValue(scope.index(), query, LogFields.REMOTE_IP_TEXT, null)
                : recentCounts(scope, query);
        if (counts.isEmpty()) {
            KnownApps.require(ctx, scope, app);
        }
        if (!p.has(Param.NDAYS)) {
            notes.add("without ndays, the " + ctx.maxrec() + " most recent matching entries with a remote address were examined");
        }
        UnusualIps result = UnusualIps.of(counts, percent);
        // Off by default here: linked addresses are not themselves rare, so they join only when asked.
        ObservationLinks.Links links = ObservationLinks.enabled(p.get(Param.OBSERVATIONS), false, Param.OBSERVATIONS)
                && !result.unusual().isEmpty()
                ? ObservationLinks.find(new LogHarbourAccess(ctx), request.caller(),
                        result.unusual().stream().map(UnusualIps.Address::ip).toList(), window.from(), window.to())
                : ObservationLinks.Links.NONE;
        ObjectNode answer = answer(result, notes);
        appendLinked((ArrayNode) answer.get("unusualIPs"), result, counts, links);
        return ApiReply.json(answer);
    }

    private Map<String, Long> recentCounts(CallerScope scope, ObjectNode query) throws IOException {
        ObjectNode body = NODES.objectNode();
        body.put("size", ctx.maxrec());
        body.put("track_total_hits", false);
        body.set("query", query);
        body.set("sort", Queries.sort(false));
        body.putArray("_source").add(LogFields.REMOTE_IP_TEXT);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JsonNode hit : ctx.index().search(scope.index(), body).path("hits").path("hits")) {
            counts.merge(hit.path("_source").path(LogFields.REMOTE_IP_TEXT).asText(), 1L, Long::sum);
        }
        return counts;
    }

    /** Each linked address not itself unusual: located, its own count (0 when no entry carries it), {@code linked_by}. */
    private void appendLinked(ArrayNode list, UnusualIps result, Map<String, Long> counts, ObservationLinks.Links links) {
        java.util.Set<java.net.InetAddress> listed = new java.util.HashSet<>();
        result.unusual().forEach(a -> io.harbour.model.IpAddresses.parseLiteral(a.ip()).ifPresent(listed::add));
        links.byAddress().forEach((address, link) -> {
            if (!listed.add(address)) {
                return;
            }
            long count = counts.entrySet().stream()
                    .filter(e -> io.harbour.model.IpAddresses.parseLiteral(e.getKey()).map(address::equals).orElse(false))
                    .mapToLong(Map.Entry::getValue).sum();
            ObjectNode item = list.addObject();
            item.put("ipaddr", link.address());
            item.put("count", count);
            GeoLocation.putInto(item, ctx.geo().locate(link.address()));
            item.set("linked_by", link.by().toJson());
        });
    }

    private ObjectNode answer(UnusualIps result, ArrayNode notes) {
        ObjectNode out = NODES.objectNode();
        ArrayNode list = out.putArray("unusualIPs");
        for (UnusualIps.Address a : result.unusual()) {
            ObjectNode item = list.addObject();
            item.put("ipaddr", a.ip());
            item.put("count", a.count());
            GeoLocation.putInto(item, ctx.geo().locate(a.ip()));
        }
        out.put("total", result.total());
        out.put("threshold", result.threshold());
        ObjectNode geo = out.putObject("geo");
        String reason = ctx.geo().unavailableReason();
        geo.put("available", reason == null);
        geo.put("reason", reason);
        out.set("notes", notes);
        return out;
    }
}
