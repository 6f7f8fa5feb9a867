package io.harbour.query.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.layout.Times;
import io.harbour.model.Json;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.ReplyException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowRulesTest {
    private static final Instant NOW = Instant.parse("2026-04-10T12:00:00Z");
    // Seven days by default; realm "brief" keeps two, realm "long" ninety.
    private static final WindowRules RULES = new WindowRules(Clock.fixed(NOW, ZoneOffset.UTC),
            new QueryApiConfig.Export.Retention(7, Map.of("brief", 2, "long", 90)));
    private static final String REALM = "acme";
    private static final long HOUR = 3_600_000_000_000L;

    private static long nanos(String t) {
        return Times.nanos(Instant.parse(t));
    }

    @Test
    void endMustFollowStartByAtMostAnHour() {
        long start = nanos("2026-04-10T10:00:00Z");
        RULES.checkShape(REALM, start, start + HOUR);
        ApiException tooLong = assertThrows(ApiException.class, () -> RULES.checkShape(REALM, start, start + HOUR + 1));
        assertEquals("window_too_long", tooLong.code());
        assertEquals(400, tooLong.status().code());
        assertEquals("invalid_window", assertThrows(ApiException.class, () -> RULES.checkShape(REALM, start, start)).code());
    }

    @Test
    void startBeforeRetentionIsRefusedWithTheOldestDay() throws Exception {
        // Retention keeps 2026-04-03 and later; its first hour may sit in the deleted 04-02 index.
        assertEquals(nanos("2026-04-03T01:00:00Z"), RULES.oldestStartNanos(REALM));
        RULES.checkShape(REALM, nanos("2026-04-03T01:00:00Z"), nanos("2026-04-03T01:01:00Z"));
        ReplyException e = assertThrows(ReplyException.class,
                () -> RULES.checkShape(REALM, nanos("2026-04-03T00:59:00Z"), nanos("2026-04-03T01:00:00Z")));
        assertEquals(400, e.reply().status().code());
        JsonNode body = Json.mapper().readTree(e.reply().body());
        assertEquals("start_before_retention", body.path("error").path("code").asText());
        assertEquals("start", body.path("error").path("field").asText());
        assertEquals("2026-04-03", body.path("oldest_day").asText());
        assertEquals("2026-04-03T01:00:00Z", body.path("oldest_start").asText());
    }

    @Test
    void eachRealmIsRefusedBeforeItsOwnRetention() throws Exception {
        // A window five days back: inside the default's seven days and "long"'s ninety, but "brief"
        // keeps two, so its indices there are deleted and an answer would be empty, not the window.
        long start = nanos("2026-04-05T10:00:00Z");
        RULES.checkShape(REALM, start, start + HOUR);
        RULES.checkShape("long", start, start + HOUR);
        ReplyException brief = assertThrows(ReplyException.class, () -> RULES.checkShape("brief", start, start + HOUR));
        JsonNode body = Json.mapper().readTree(brief.reply().body());
        assertEquals("start_before_retention", body.path("error").path("code").asText());
        assertEquals("2026-04-08", body.path("oldest_day").asText());
        assertEquals("2026-04-08T01:00:00Z", body.path("oldest_start").asText());
        assertEquals(nanos("2026-04-08T01:00:00Z"), RULES.oldestStartNanos("brief"));
        // And a realm kept longer than the default reaches back past the default's oldest day.
        long old = nanos("2026-02-01T10:00:00Z");
        RULES.checkShape("long", old, old + HOUR);
        assertThrows(ReplyException.class, () -> RULES.checkShape(REALM, old, old + HOUR));
    }

    @Test
    void anOpenWindowIsRefusedWith409AndTheWatermark() throws Exception {
        long watermark = nanos("2026-04-10T11:58:30.5Z");
        WindowRules.checkClosed(watermark, Optional.of(watermark));
        ReplyException e = assertThrows(ReplyException.class, () -> WindowRules.checkClosed(watermark + 1, Optional.of(watermark)));
        assertEquals(409, e.reply().status().code());
        JsonNode body = Json.mapper().readTree(e.reply().body());
        assertEquals("window_not_closed", body.path("error").path("code").asText());
        assertEquals("2026-04-10T11:58:30.5Z", body.path("watermark").asText());
        assertEquals(watermark, body.path("watermark_unixnano").asLong());
        JsonNode none = Json.mapper().readTree(assertThrows(ReplyException.class,
                () -> WindowRules.checkClosed(1, Optional.empty())).reply().body());
        assertTrue(none.get("watermark").isNull());
    }
}
