package io.harbour.model.observation;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Fields;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One association: {@code ipaddr} (for example a VPN client's inner address) was associated with
 * {@code associatedIpaddr} (its real address) at {@code timestamp}, in epoch seconds.
 */
public record Observation(String ipaddr, String associatedIpaddr, long timestamp, Map<String, JsonNode> extra) {

    public Observation {
        Objects.requireNonNull(ipaddr, "ipaddr");
        Objects.requireNonNull(associatedIpaddr, "associatedIpaddr");
        extra = Fields.keep(extra);
    }

    public Observation(String ipaddr, String associatedIpaddr, long timestamp) {
        this(ipaddr, associatedIpaddr, timestamp, Map.of());
    }

    public Instant observedAt() {
        return Instant.ofEpochSecond(timestamp);
    }
}
