package io.harbour.model.logharbour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GoJsonTest {
    /** Lines exactly as the Go library emits them (shared/reference/logharbour-wire-format.md). */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"2kF3pQ7rXy1ZcV9bN4mL8tHs6Wd\",\"app\":\"OnlineStore\",\"system\":\"vm\",\"module\":\"orders\",\"type\":\"A\",\"pri\":\"Info\",\"when\":\"2026-11-23T05:56:38.427582317Z\",\"who\":\"jim\",\"op\":\"update\",\"class\":\"Order\",\"instance\":\"456\",\"remote_ip\":\"203.0.113.45\",\"msg\":\"Order updated successfully\",\"data\":{\"activity_data\":\"{\\\"items\\\":3,\\\"orderId\\\":456}\"},\"trace_id\":\"2kF3pQ0traceXYZ\"}",
        "{\"id\":\"2kF3pQ8aMfR2uJ5nT0eK7yBq3Gh\",\"app\":\"OnlineStore\",\"system\":\"vm\",\"module\":\"orders\",\"type\":\"A\",\"pri\":\"Err\",\"when\":\"2026-11-23T05:56:38.427756854Z\",\"who\":\"jim\",\"op\":\"update\",\"class\":\"Order\",\"instance\":\"456\",\"status\":1,\"error\":\"db timeout\",\"remote_ip\":\"203.0.113.45\",\"msg\":\"Order update failed\",\"trace_id\":\"2kF3pQ0traceXYZ\"}",
        "{\"id\":\"2kF3pQAeYb6NgF8uR3xC0qPl7Wt\",\"app\":\"OnlineStore\",\"system\":\"vm\",\"module\":\"orders\",\"type\":\"C\",\"pri\":\"Info\",\"when\":\"2026-11-23T05:56:38.427780088Z\",\"who\":\"jim\",\"op\":\"update\",\"class\":\"Order\",\"instance\":\"456\",\"remote_ip\":\"203.0.113.45\",\"msg\":\"Order status changed\",\"data\":{\"change_data\":{\"entity\":\"Order\",\"op\":\"Update\",\"changes\":[{\"field\":\"status\",\"old_value\":\"pending\",\"new_value\":\"shipped\"},{\"field\":\"qty\",\"old_value\":\"2\",\"new_value\":\"3\"},{\"field\":\"tags\",\"old_value\":\"null\",\"new_value\":\"[\\\"a\\\",\\\"b\\\"]\"}]}},\"trace_id\":\"2kF3pQ0traceXYZ\"}",
        "{\"id\":\"2kF3pQ9zz1ZcV9bN4mL8tHs6Wq\",\"app\":\"MyApp\",\"system\":\"vm\",\"module\":\"\",\"type\":\"A\",\"pri\":\"Info\",\"when\":\"2026-11-23T05:58:18.499887632Z\",\"msg\":\"service started\"}",
        "{\"id\":\"x\",\"app\":\"A\",\"system\":\"vm\",\"module\":\"\",\"type\":\"A\",\"pri\":\"Info\",\"when\":\"2026-11-23T05:58:18Z\",\"msg\":\"a \\u003cb\\u003e \\u0026 \\u2028 é\"}"
    })
    void writesWhatTheGoLibraryWrites(String goLine) {
        LogEntry entry = LogEntryFormat.INSTANCE.parse(goLine);
        assertEquals(goLine, new String(GoJson.encode(entry), StandardCharsets.UTF_8));
    }

    @Test
    void escapesHtmlCharactersLikeGo() {
        LogEntry entry = LogEntry.builder().app("A").msg("<script>&").build();
        assertEquals("{\"app\":\"A\",\"msg\":\"\\u003cscript\\u003e\\u0026\"}", new String(GoJson.encode(entry), StandardCharsets.UTF_8));
    }
}
