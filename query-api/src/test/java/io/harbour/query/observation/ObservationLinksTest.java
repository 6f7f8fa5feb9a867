package io.harbour.query.observation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.IpAddresses;
import io.harbour.query.http.ApiException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObservationLinksTest {
    @Test
    void theQueryMatchesEitherAddressInTheWindowMostRecentFirst() {
        ObjectNode body = ObservationLinks.body(List.of("10.8.0.5"), Instant.ofEpochSecond(1000), null);
        assertEquals("[{\"terms\":{\"addresses\":[\"10.8.0.5\"]}},{\"range\":{\"timestamp\":{\"gte\":1000}}}]",
                body.path("query").path("bool").path("filter").toString());
        assertEquals("desc", body.path("sort").path(0).path("timestamp").path("order").asText());
        assertEquals(1, ObservationLinks.body(List.of("10.8.0.5"), null, null).path("query").path("bool").path("filter").size());
    }

    @Test
    void entriesAreMarkedByAddressNotSpelling() {
        ObservationLinks.Observation o = new ObservationLinks.Observation("10.8.0.5", "2001:db8::7", "OpenVPN", 1700000000L);
        ObservationLinks.Links links = new ObservationLinks.Links(Map.of(IpAddresses.parseLiteral("2001:db8::7").orElseThrow(),
                new ObservationLinks.Link("2001:db8::7", "10.8.0.5", o)));
        ObjectNode entry = JsonNodeFactory.instance.objectNode().put("remote_ip", "2001:0db8:0:0:0:0:0:7");
        ObservationLinks.mark(entry, links);
        assertEquals("{\"ipaddr\":\"10.8.0.5\",\"associated_ipaddr\":\"2001:db8::7\",\"source\":\"OpenVPN\",\"timestamp\":1700000000}",
                entry.path("linked_by").toString());
        ObjectNode local = JsonNodeFactory.instance.objectNode().put("remote_ip", "LOCAL");
        ObservationLinks.mark(local, links);
        assertFalse(local.has("linked_by"));
    }

    @Test
    void theSwitch() {
        assertTrue(ObservationLinks.enabled(Optional.empty(), true, "observations"));
        assertFalse(ObservationLinks.enabled(Optional.empty(), false, "observations"));
        assertFalse(ObservationLinks.enabled(Optional.of("false"), true, "observations"));
        assertTrue(ObservationLinks.enabled(Optional.of("TRUE"), false, "observations"));
        assertEquals("invalid_parameter", assertThrows(ApiException.class,
                () -> ObservationLinks.enabled(Optional.of("maybe"), true, "observations")).code());
    }
}
