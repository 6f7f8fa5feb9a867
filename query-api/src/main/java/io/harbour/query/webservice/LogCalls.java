package io.harbour.query.webservice;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.IpAddresses;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;
import io.harbour.query.geo.GeoLocation;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import io.harbour.query.logharbour.LogHarbourAccess;
import io.harbour.query.logharbour.LogHarbourAccess.Criteria;
import io.harbour.query.observation.ObservationLinks;
import io.harbour.realms.QueryAuthentication.Accepted;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Seed 002's calls over the LogHarbour functions' queries, shared by its own routes
 * ({@link WebServiceRoutes}) and the LogHarbour UI's ({@code io.harbour.query.ui}), which differ
 * only in answer shapes, paging cursor ({@link Paging}) and how strict they are about what is required.
 * Every query carries the caller's scope (realm alias, apps, classes, debug) through
 * {@link LogHarbourAccess#query}; naming an app or class outside it is 403 before any search; an
 * empty answer for an app the caller can read no entry of is 404 {@code app_not_found}.
 */
public final class LogCalls {
    public static final String APP = "app";
    public static final String WHO = "who";
    public static final String CLASS = "class";
    public static final String INSTANCE_ID = "instance_id";
    public static final String INSTANCE = "instance";
    public static final String DAYS = "days";
    public static final String PRI = "pri";
    public static final String MODULE = "module";
    public static final String TRACE_ID = "trace_id";
    public static final String FIELD = "field";
    public static final String IP = "ip";
    public static final String UNUSUAL_PERCENT = "unusualPercent";
    public static final String OBSERVATIONS = "observations";
    static final Set<String> CURSOR = Set.of(EntryPager.SEARCH_AFTER_TIMESTAMP, EntryPager.SEARCH_AFTER_DOC_ID);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Seed 002's exact cursor (both halves, any order), or the UI's time-only one (newest first, whole tie groups). */
    public enum Paging {
        EXACT, WHOLE_TIMES
    }

    private final LogHarbourAccess access;

    public LogCalls(LogHarbourAccess access) {
        this.access = access;
    }

    public LogHarbourAccess access() {
        return access;
    }

    public static Set<String> names(Set<String> base, String... more) {
        Set<String> all = new LinkedHashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    /** instance_id (seed 002) or instance (the entry's own name): either, the same if both. */
    static String instance(RequestParameters p) {
        Optional<String> id = p.get(INSTANCE_ID);
        Optional<String> plain = p.get(INSTANCE);
        if (id.isPresent() && plain.isPresent() && !id.get().equals(plain.get())) {
            throw ApiException.badRequest("invalid_parameter", INSTANCE, "instance and instance_id name the same thing; they differ here");
        }
        return id.or(() -> plain).orElse(null);
    }

    /** days: required when {@code required}, else no time limit when absent. */
    Instant from(RequestParameters p, boolean required) {
        Optional<String> days = p.get(DAYS);
        if (days.isEmpty()) {
            if (required) {
                throw ApiException.badRequest("invalid_days", DAYS, "days is required: a whole number of days to look back");
            }
            return null;
        }
        return access.daysBack(days.get(), DAYS);
    }

    private EntryPager.Page page(Accepted caller, String app, ObjectNode query, boolean oldestFirst, RequestParameters p, Paging paging)
            throws IOException {
        EntryPager.Page page = paging == Paging.EXACT
                ? EntryPager.exact(access, caller, query, oldestFirst, EntryPager.cursor(p, false), access.maxrec())
                : EntryPager.wholeTimes(access, caller, query, EntryPager.cursor(p, true), access.maxrec());
        if (page.nrec() == 0) {
            access.requireApp(caller, app);
        }
        return page;
    }

    /** Activity and data-change entries of an object or a user, one timeline, newest first. */
    public EntryPager.Page activity(Accepted caller, RequestParameters p, Paging paging) throws IOException {
        String app = p.require(APP);
        String objectClass = p.get(CLASS).orElse(null);
        access.check(caller, app, objectClass, false);
        Instant from = from(p, true);
        Criteria c = new Criteria(app, Set.of(EntryType.ACTIVITY, EntryType.CHANGE), p.get(WHO).orElse(null), objectClass, instance(p),
                null, null, null, from, null, List.of(), null);
        return page(caller, app, access.query(caller, c), false, p, paging);
    }

    /** Entries at or above a priority (data changes have none and are left out), newest first. */
    public EntryPager.Page highPriority(Accepted caller, RequestParameters p, Paging paging) throws IOException {
        String app = p.require(APP);
        Priority pri = LogHarbourAccess.priority(p.require(PRI), PRI);
        access.check(caller, app, null, false);
        Criteria c = new Criteria(app, Set.of(), null, null, null, null, null, null, from(p, true), pri, List.of(), null);
        return page(caller, app, access.query(caller, c), false, p, paging);
    }

    /**
     * Data-change entries of an object or one of its fields (a nested query). Seed 002 calls it
     * a history: oldest first on Harbour's own route (as GetChanges); the UI pages newest first.
     */
    public EntryPager.Page dataChanges(Accepted caller, RequestParameters p, Paging paging) throws IOException {
        String app = p.require(APP);
        String objectClass = p.get(CLASS).orElse(null);
        access.check(caller, app, objectClass, false);
        Criteria c = new Criteria(app, Set.of(EntryType.CHANGE), p.get(WHO).orElse(null), objectClass, instance(p), null, null, null,
                from(p, true), null, List.of(), p.get(FIELD).orElse(null));
        return page(caller, app, access.query(caller, c), paging == Paging.EXACT, p, paging);
    }

    /**
     * Debug entries by app, module, priority and trace id: only for a token with {@code debug}
     * used from one of its ranges (403 {@code debug_not_allowed} otherwise, before any search).
     */
    public EntryPager.Page debug(Accepted caller, RequestParameters p, Paging paging, boolean moduleAndPriRequired) throws IOException {
        String app = p.require(APP);
        String module = moduleAndPriRequired ? p.require(MODULE) : p.get(MODULE).orElse(null);
        Optional<String> priText = moduleAndPriRequired ? Optional.of(p.require(PRI)) : p.get(PRI);
        Priority pri = priText.map(t -> LogHarbourAccess.priority(t, PRI)).orElse(null);
        access.check(caller, app, null, true);
        Criteria c = new Criteria(app, Set.of(EntryType.DEBUG), null, null, null, null, module, p.get(TRACE_ID).orElse(null),
                from(p, false), pri, List.of(), null);
        return page(caller, app, access.query(caller, c), false, p, paging);
    }

    /** The entries of one address and, with {@code linking}, of the addresses observations link it to in the window. */
    public record IpLogs(EntryPager.Page page, ObservationLinks.Links links) {
    }

    public IpLogs ipLogs(Accepted caller, RequestParameters p, boolean linkingByDefault) throws IOException {
        String app = p.require(APP);
        String ip = p.require(IP).strip();
        if (!IpAddresses.isLiteral(ip)) {
            throw ApiException.badRequest("invalid_ip", IP, "ip must be an IPv4 or IPv6 address, not \"" + p.require(IP) + "\"");
        }
        boolean linking = ObservationLinks.enabled(p.get(OBSERVATIONS), linkingByDefault, OBSERVATIONS);
        access.check(caller, app, null, false);
        Instant from = from(p, true);
        ObservationLinks.Links links = linking ? ObservationLinks.find(access, caller, List.of(ip), from, null) : ObservationLinks.Links.NONE;
        List<String> addresses = new ArrayList<>();
        addresses.add(ip);
        addresses.addAll(links.addresses());
        Criteria c = new Criteria(app, Set.of(), null, null, null, null, null, null, from, null, addresses, null);
        EntryPager.Page page = page(caller, app, access.query(caller, c), false, p, Paging.EXACT);
        page.logs().forEach(e -> ObservationLinks.mark(e, links));
        return new IpLogs(page, links);
    }

    /** Unusual addresses, and with {@code linking} the addresses observations link them to (marked). */
    public record Unusual(LogHarbourAccess.UnusualResult result, Map<String, Long> counts, ObservationLinks.Links links) {
    }

    public Unusual unusual(Accepted caller, RequestParameters p, double defaultPercent, boolean percentRequired, boolean linkingByDefault,
                           boolean daysRequired) throws IOException {
        String app = p.require(APP);
        Optional<String> percentText = p.get(UNUSUAL_PERCENT).or(() -> p.get("unusualpercent"));
        if (percentRequired && percentText.isEmpty()) {
            throw ApiException.badRequest("missing_parameter", UNUSUAL_PERCENT, UNUSUAL_PERCENT + " is required");
        }
        double percent = percentText.map(t -> LogHarbourAccess.percent(t, UNUSUAL_PERCENT)).orElse(defaultPercent);
        boolean linking = ObservationLinks.enabled(p.get(OBSERVATIONS), linkingByDefault, OBSERVATIONS);
        access.check(caller, app, null, false);
        Instant from = from(p, daysRequired);
        Criteria c = new Criteria(app, Set.of(), null, null, null, null, null, null, from, null, List.of(), null);
        Map<String, Long> counts = access.remoteAddressCounts(caller, access.query(caller, c));
        if (counts.isEmpty()) {
            access.requireApp(caller, app);
        }
        LogHarbourAccess.UnusualResult result = LogHarbourAccess.unusual(counts, percent);
        ObservationLinks.Links links = linking && !result.unusual().isEmpty()
                ? ObservationLinks.find(access, caller, result.unusual().stream().map(LogHarbourAccess.Unusual::ip).toList(), from, null)
                : ObservationLinks.Links.NONE;
        return new Unusual(result, counts, links);
    }

    /** {@code {"ipaddr","city","country","lat","long"}} (null where unknown), plus {@code count} when asked. */
    public ObjectNode located(String ip, Long count) {
        ObjectNode item = NODES.objectNode();
        item.put("ipaddr", ip);
        GeoLocation.putInto(item, access.geo().locate(ip));
        if (count != null) {
            item.put("count", count);
        }
        return item;
    }

    /**
     * The unusual list: each unusual address located; with links, then each address linked to
     * one of them that is not itself unusual, with its own count (0: no entry of the window
     * carries it) and {@code linked_by}.
     */
    public ArrayNode unusualList(Unusual u, boolean withCounts) {
        ArrayNode list = NODES.arrayNode();
        Set<String> listed = new LinkedHashSet<>();
        for (LogHarbourAccess.Unusual a : u.result().unusual()) {
            list.add(located(a.ip(), withCounts ? a.count() : null));
            IpAddresses.parseLiteral(a.ip()).ifPresent(ip -> listed.add(ip.getHostAddress()));
        }
        for (ObservationLinks.Link l : u.links().byAddress().values()) {
            String key = IpAddresses.parseLiteral(l.address()).map(java.net.InetAddress::getHostAddress).orElse(l.address());
            if (listed.add(key)) {
                long count = u.counts().entrySet().stream()
                        .filter(e -> IpAddresses.parseLiteral(e.getKey()).map(java.net.InetAddress::getHostAddress).orElse(e.getKey()).equals(key))
                        .mapToLong(Map.Entry::getValue).sum();
                ObjectNode item = located(l.address(), withCounts ? count : null);
                item.set("linked_by", l.by().toJson());
                list.add(item);
            }
        }
        return list;
    }

    /** {@code {"available","reason"}}: why every location is null when no database can be used. */
    public ObjectNode geoStatus() {
        ObjectNode geo = NODES.objectNode();
        String reason = access.geo().unavailableReason();
        geo.put("available", reason == null);
        geo.put("reason", reason);
        return geo;
    }
}
