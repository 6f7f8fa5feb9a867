package io.harbour.query.observation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.observation.ObservationFields;
import io.harbour.model.IpAddresses;
import io.harbour.query.logharbour.LogHarbourAccess;
import io.harbour.realms.QueryAuthentication;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Seed 001's observations at work: the addresses an observation associated with an asked one (a
 * VPN client's inner address and its real one), in either direction (the asked address as
 * {@code ipaddr} or as {@code associated_ipaddr}), observed inside the call's time window.
 * <ul>
 * <li>Read from the caller's realm's observation alias only: that is their whole confinement.
 * Observations carry no app or class, so a token limited to some apps or classes may still use
 * them for linking; what they link to is then read through the token's own scope, so it never
 * sees an entry outside it. Linking reveals an associated address only through entries the
 * token may read (and in iplogs' {@code linked} list, as the observation itself).</li>
 * <li>One hop: an address linked to a linked address is not followed (a chain of VPN sessions
 * would otherwise pull in half a network).</li>
 * <li>Several observations linking the same pair: the most recent one is the one shown.</li>
 * <li>At most {@link #MAX_OBSERVATIONS} observations are read per call (most recent first).</li>
 * </ul>
 */
public final class ObservationLinks {
    static final int MAX_OBSERVATIONS = 1000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One observation as the answers show it in {@code linked_by}. */
    public record Observation(String ipaddr, String associatedIpaddr, String source, long timestamp) {
        public ObjectNode toJson() {
            ObjectNode o = NODES.objectNode();
            o.put("ipaddr", ipaddr);
            o.put("associated_ipaddr", associatedIpaddr);
            o.put("source", source);
            o.put("timestamp", timestamp);
            return o;
        }
    }

    /**
     * @param address the linked address, as the observation spells it
     * @param asked   the asked address it was linked to
     */
    public record Link(String address, String asked, Observation by) {
    }

    /** The links of one call: by linked address (compared as addresses, not spellings). */
    public record Links(Map<InetAddress, Link> byAddress) {
        public static final Links NONE = new Links(Map.of());

        public List<String> addresses() {
            return byAddress.values().stream().map(Link::address).toList();
        }

        /** The observation that linked {@code address} (a remote_ip as an entry spells it), if any. */
        public Optional<Link> of(String address) {
            return address == null ? Optional.empty() : IpAddresses.parseLiteral(address).map(byAddress::get);
        }

        public boolean isEmpty() {
            return byAddress.isEmpty();
        }
    }

    private ObservationLinks() {
    }

    /**
     * The addresses linked to {@code asked} (literals; anything else is ignored) by observations
     * with a timestamp in [from, to] (either bound null: open).
     */
    public static Links find(LogHarbourAccess access, QueryAuthentication.Accepted caller, Collection<String> asked, Instant from,
                             Instant to) throws IOException {
        Map<InetAddress, String> askedAddresses = new LinkedHashMap<>();
        for (String a : asked) {
            IpAddresses.parseLiteral(a).ifPresent(ip -> askedAddresses.put(ip, a));
        }
        if (askedAddresses.isEmpty()) {
            return Links.NONE;
        }
        JsonNode hits = access.searchRealm(caller, DocumentKind.OBSERVATION, body(askedAddresses.values(), from, to))
                .path("hits").path("hits");
        Map<InetAddress, Link> links = new LinkedHashMap<>();
        for (JsonNode hit : hits) {
            JsonNode s = hit.path("_source");
            Observation o = new Observation(s.path(ObservationFields.IPADDR).asText(), s.path(ObservationFields.ASSOCIATED_IPADDR).asText(),
                    s.path(ObservationFields.SOURCE).asText(null), s.path(ObservationFields.TIMESTAMP).asLong());
            Optional<InetAddress> ip = IpAddresses.parseLiteral(o.ipaddr());
            Optional<InetAddress> associated = IpAddresses.parseLiteral(o.associatedIpaddr());
            if (ip.isEmpty() || associated.isEmpty()) {
                continue;
            }
            link(links, askedAddresses, ip.get(), associated.get(), o.associatedIpaddr(), o);
            link(links, askedAddresses, associated.get(), ip.get(), o.ipaddr(), o);
        }
        return new Links(links);
    }

    private static void link(Map<InetAddress, Link> links, Map<InetAddress, String> asked, InetAddress side, InetAddress other,
                             String otherText, Observation o) {
        String askedText = asked.get(side);
        // Hits come most recent first: the first observation of a pair is the one kept.
        if (askedText != null && !asked.containsKey(other) && !links.containsKey(other)) {
            links.put(other, new Link(otherText, askedText, o));
        }
    }

    static ObjectNode body(Collection<String> asked, Instant from, Instant to) {
        ObjectNode body = NODES.objectNode();
        body.put("size", MAX_OBSERVATIONS);
        body.put("track_total_hits", false);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        ArrayNode terms = filter.addObject().putObject("terms").putArray(ObservationFields.ADDRESSES);
        asked.forEach(terms::add);
        if (from != null || to != null) {
            // timestamp is the observation's own epoch seconds, as the source sent it.
            ObjectNode range = filter.addObject().putObject("range").putObject(ObservationFields.TIMESTAMP);
            if (from != null) {
                range.put("gte", from.getEpochSecond());
            }
            if (to != null) {
                range.put("lte", to.getEpochSecond());
            }
        }
        body.putArray("sort").addObject().putObject(ObservationFields.TIMESTAMP).put("order", "desc");
        return body;
    }

    /** A linked entry's mark, {@code {"ipaddr","associated_ipaddr","source","timestamp"}}, set as {@code linked_by}. */
    public static void mark(ObjectNode entry, Links links) {
        links.of(entry.path("remote_ip").asText(null)).ifPresent(l -> entry.set("linked_by", l.by().toJson()));
    }

    /** The links as a list for an answer: {@code [{"ipaddr":linked,"linked_to":asked,"linked_by":{...}}]}. */
    public static ArrayNode describe(Links links) {
        ArrayNode out = NODES.arrayNode();
        List<Link> all = new ArrayList<>(links.byAddress().values());
        for (Link l : all) {
            ObjectNode o = out.addObject();
            o.put("ipaddr", l.address());
            o.put("linked_to", l.asked());
            o.set("linked_by", l.by().toJson());
        }
        return out;
    }

    /** The on/off switch of a call: true/false (any case), 1/0, yes/no; absent: {@code byDefault}. */
    public static boolean enabled(Optional<String> value, boolean byDefault, String field) {
        if (value.isEmpty()) {
            return byDefault;
        }
        return switch (value.get().strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw io.harbour.query.http.ApiException.badRequest("invalid_parameter", field,
                    field + " must be true or false, not \"" + value.get() + "\"");
        };
    }
}
