package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.logharbour.LogEntrySources;
import io.harbour.layout.logharbour.LogFields;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;
import io.harbour.query.geo.GeoLocator;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import io.harbour.realms.QueryAuthentication;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The LogHarbour functions' building blocks, public for the routes that answer the same queries
 * in other shapes (seed 002's web service {@code io.harbour.query.webservice}, the LogHarbour UI's
 * {@code io.harbour.query.ui}) and for observation linking. Nothing here changes what the
 * seed-003 handlers do: it hands out the same scope clauses, filters, sorts, counts and unusual-IP
 * arithmetic, so every route stays confined the same way (the caller's realm alias, its apps,
 * classes and debug capability in every query).
 */
public final class LogHarbourAccess {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final LogHarbourContext ctx;

    public LogHarbourAccess(LogHarbourContext ctx) {
        this.ctx = ctx;
    }

    /**
     * What entries to match; every field null (or empty) when not asked for.
     *
     * @param types           entry types, any of them (empty: all the scope allows)
     * @param minimumPriority this level or higher; leaves type C out
     * @param remoteIps       remote addresses (literals), any of them (empty: no address filter)
     * @param changedField    only data changes that changed this field (nested query)
     */
    public record Criteria(String app, Set<EntryType> types, String who, String objectClass, String instance, String op,
                           String module, String traceId, Instant from, Priority minimumPriority, List<String> remoteIps,
                           String changedField) {
        public Criteria {
            types = types == null ? Set.of() : Set.copyOf(types);
            remoteIps = remoteIps == null ? List.of() : List.copyOf(remoteIps);
        }

        public static Criteria app(String app) {
            return new Criteria(app, Set.of(), null, null, null, null, null, null, null, null, List.of(), null);
        }

        public Criteria withRemoteIps(List<String> ips) {
            return new Criteria(app, types, who, objectClass, instance, op, module, traceId, from, minimumPriority, ips, changedField);
        }
    }

    /** An unusual address and how many matching entries carry it. */
    public record Unusual(String ip, long count) {
    }

    /** The outcome of seed 003's unusual-IP arithmetic ({@link UnusualIps}). */
    public record UnusualResult(long total, double threshold, List<Unusual> unusual) {
    }

    public int maxrec() {
        return ctx.maxrec();
    }

    public GeoLocator geo() {
        return ctx.geo();
    }

    /**
     * The start of a window of {@code days} days back from now, with GetLogs' ndays rule (a whole
     * number from 1 to {@code limits.max_ndays}); 400 {@code invalid_days} naming {@code field}.
     */
    public Instant daysBack(String days, String field) {
        try {
            return ctx.parser().ndaysWindow(RequestParameters.of(Map.of(Param.NDAYS, days))).from();
        } catch (ApiException e) {
            throw ApiException.badRequest(e.code(), field, e.getMessage().replace(Param.NDAYS, field));
        }
    }

    /** A priority name in any case ({@code sec} included), else 400 {@code invalid_priority} naming {@code field}. */
    public static Priority priority(String text, String field) {
        try {
            return LogFilterParser.priority(text);
        } catch (ApiException e) {
            throw ApiException.badRequest(e.code(), field, e.getMessage().replace("pri must", field + " must"));
        }
    }

    /** GetUnusualIP's percent rule (above 0, at most 50), else 400 {@code invalid_percent} naming {@code field}. */
    public static double percent(String text, String field) {
        try {
            return GetUnusualIpHandler.percent(text);
        } catch (ApiException e) {
            throw ApiException.badRequest(e.code(), field, e.getMessage().replace(Param.UNUSUAL_PERCENT, field));
        }
    }

    /** 403 when the caller may not read this app or class, or debug entries ({@code debug} true) from where it calls. */
    public void check(QueryAuthentication.Accepted caller, String app, String objectClass, boolean debug) {
        CallerScope.of(caller).check(app, objectClass, debug ? EntryType.DEBUG : null);
    }

    /** The bool query of {@code c} inside the caller's scope. */
    public ObjectNode query(QueryAuthentication.Accepted caller, Criteria c) {
        TimeWindow window = c.from() == null ? TimeWindow.ALL : new TimeWindow(c.from(), null, false);
        LogFilter filter = new LogFilter(c.app(), null, c.who(), c.objectClass(), c.instance(), c.op(), window, null,
                c.minimumPriority());
        ObjectNode query = Queries.bool(filter, CallerScope.of(caller));
        if (!c.types().isEmpty()) {
            Queries.withFilter(query, terms(LogFields.TYPE, new TreeSet<>(c.types().stream().map(EntryType::code).toList())));
        }
        if (c.module() != null) {
            Queries.withFilter(query, Queries.term(LogFields.MODULE, c.module()));
        }
        if (c.traceId() != null) {
            Queries.withFilter(query, Queries.term(LogFields.TRACE_ID, c.traceId()));
        }
        if (!c.remoteIps().isEmpty()) {
            Queries.withFilter(query, terms(LogFields.REMOTE_IP, c.remoteIps()));
        }
        if (c.changedField() != null) {
            Queries.withFilter(query, Queries.changedField(c.changedField()));
        }
        return query;
    }

    /** (when, doc_id) in one direction, {@code when} as RFC 3339 text with nanoseconds. */
    public static ArrayNode sort(boolean oldestFirst) {
        return Queries.sort(oldestFirst);
    }

    /** The date format of {@code when} in sorts and ranges. */
    public static String whenFormat() {
        return Queries.NANOS_FORMAT;
    }

    /** Searches the caller's realm's LogHarbour alias, and only it. */
    public JsonNode search(QueryAuthentication.Accepted caller, ObjectNode body) throws IOException {
        return ctx.index().search(CallerScope.of(caller).index(), body);
    }

    /**
     * Searches the caller's realm's alias of {@code kind} (observations: they carry no app or
     * class, so the realm is their whole confinement). A realm without such documents answers empty.
     */
    public JsonNode searchRealm(QueryAuthentication.Accepted caller, DocumentKind kind, ObjectNode body) throws IOException {
        return ctx.index().search(IndexNames.alias(kind, caller.realm()), body);
    }

    /** Every value of {@code field} among the entries matching {@code query}, with its count. */
    public Map<String, Long> counts(QueryAuthentication.Accepted caller, ObjectNode query, String field) throws IOException {
        return ctx.index().countsByValue(CallerScope.of(caller).index(), query, field, null);
    }

    /** 404 {@code app_not_found} when the caller can read no entry of {@code app}; nothing when app is null. */
    public void requireApp(QueryAuthentication.Accepted caller, String app) throws IOException {
        KnownApps.require(ctx, CallerScope.of(caller), app);
    }

    /** GetApps: the apps of the entries the caller may read, sorted. */
    public List<String> apps(QueryAuthentication.Accepted caller) throws IOException {
        CallerScope scope = CallerScope.of(caller);
        return List.copyOf(new TreeSet<>(ctx.index().countsByValue(scope.index(), Queries.bool(LogFilter.none(), scope),
                LogFields.APP, null).keySet()));
    }

    /**
     * GetSet with seed 003's parameters ({@code setattr} and GetLogs' filters, same rules, same
     * scope checks): the count of each value.
     */
    public Map<String, Long> set(QueryAuthentication.Accepted caller, RequestParameters p) throws IOException {
        p.allowOnly(GetSetHandler.PARAMETERS);
        SetAttribute attribute = SetAttribute.parse(p.require(Param.SETATTR));
        CallerScope scope = CallerScope.of(caller);
        LogFilter filter = ctx.parser().parse(p);
        scope.check(filter.app(), filter.objectClass(), filter.type());
        Map<String, Long> counts = ctx.index().countsByValue(scope.index(), Queries.bool(filter, scope), attribute.field(),
                attribute.nestedPath());
        if (counts.isEmpty()) {
            KnownApps.require(ctx, scope, filter.app());
        }
        return counts;
    }

    /** The remote addresses ({@code LOCAL} included) of the entries matching {@code query}, counted. */
    public Map<String, Long> remoteAddressCounts(QueryAuthentication.Accepted caller, ObjectNode query) throws IOException {
        ObjectNode withAddress = Queries.withFilter(query.deepCopy(), Queries.exists(LogFields.REMOTE_IP_TEXT));
        return counts(caller, withAddress, LogFields.REMOTE_IP_TEXT);
    }

    /** Seed 003's arithmetic: threshold = total x percent / 100 floored at 1, count at or below it, LOCAL never. */
    public static UnusualResult unusual(Map<String, Long> counts, double percent) {
        UnusualIps u = UnusualIps.of(counts, percent);
        return new UnusualResult(u.total(), u.threshold(), u.unusual().stream().map(a -> new Unusual(a.ip(), a.count())).toList());
    }

    /** A search hit as the wire-shaped LogHarbour entry, plus its {@code doc_id} (the cursor's second half). */
    public static ObjectNode entry(JsonNode hit) {
        ObjectNode entry = LogEntrySources.toEntry(hit.path("_source"));
        entry.put(EntryPages.DOC_ID, hit.path("_source").path(CommonFields.DOC_ID).asText(hit.path("_id").asText()));
        return entry;
    }

    private static ObjectNode terms(String field, Collection<String> values) {
        ObjectNode q = NODES.objectNode();
        ArrayNode list = q.putObject("terms").putArray(field);
        values.forEach(list::add);
        return q;
    }
}
