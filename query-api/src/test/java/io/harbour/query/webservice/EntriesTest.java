package io.harbour.query.webservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import org.junit.jupiter.api.Test;

class EntriesTest {
    private static JsonNode hit(String source) throws Exception {
        return Json.mapper().readTree("{\"_id\":\"x1\",\"_source\":" + source + "}");
    }

    @Test
    void dataIsNeverNullOrMissing() throws Exception {
        assertTrue(Entries.shaped(hit("{\"id\":\"a\",\"app\":\"shop\"}")).path("data").isObject());
        assertTrue(Entries.shaped(hit("{\"id\":\"a\",\"app\":\"shop\",\"data\":null}")).path("data").isObject());
    }

    @Test
    void dataGivenIsKeptAsItCame() throws Exception {
        assertEquals("{}", Entries.shaped(hit("{\"id\":\"a\",\"data\":\"{}\"}")).path("data").asText());
        assertEquals("x", Entries.shaped(hit("{\"id\":\"a\",\"data\":{\"activity_data\":\"x\"}}")).path("data").path("activity_data").asText());
        assertEquals("x1", Entries.shaped(hit("{\"id\":\"a\"}")).path("doc_id").asText());
    }
}
