package io.harbour.client.query;

import java.util.List;
import java.util.Optional;

/**
 * GetUnusualIP's answer: the unusual addresses with their counts and locations, the number of
 * entries with an address that were counted ({@code total}), the count at or below which an
 * address is unusual ({@code threshold}), whether locations could be known at all, and the
 * server's notes (for example that op was ignored without class).
 */
public record UnusualIps(List<UnusualIp> unusualIPs, long total, long threshold, boolean geoAvailable, String geoReason,
                         List<String> notes) {
    public UnusualIps {
        unusualIPs = List.copyOf(unusualIPs);
        notes = List.copyOf(notes);
    }

    /** One unusual address; its location is empty when nothing of it is known. */
    public record UnusualIp(String ipaddr, long count, Optional<Location> location) {
    }

    /** Any part may be null when the database does not know it. */
    public record Location(String city, String country, Double lat, Double lon) {
    }
}
