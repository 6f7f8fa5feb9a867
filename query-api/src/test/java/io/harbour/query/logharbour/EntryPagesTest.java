package io.harbour.query.logharbour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import org.junit.jupiter.api.Test;

class EntryPagesTest {
    private static JsonNode response(int hits, long total) throws Exception {
        StringBuilder s = new StringBuilder("{\"hits\":{\"total\":{\"value\":" + total + ",\"relation\":\"eq\"},\"hits\":[");
        for (int i = 0; i < hits; i++) {
            s.append(i == 0 ? "" : ",").append("{\"_id\":\"id").append(i).append("\",\"_source\":{\"doc_id\":\"id").append(i)
                    .append("\",\"id\":\"id").append(i).append("\",\"app\":\"shop\",\"remote_ip_text\":\"LOCAL\",\"realm\":\"acme\"},")
                    .append("\"sort\":[\"2026-01-01T00:00:00.00000000").append(i).append("Z\",\"id").append(i).append("\"]}");
        }
        return Json.mapper().readTree(s.append("]}}").toString());
    }

    @Test
    void aFullPagePlusOneHasANextCursorFromTheLastShownEntry() throws Exception {
        JsonNode answer = EntryPages.answer(response(3, 12_345), 2);
        assertEquals(2, answer.path("logs").size());
        assertEquals(12_345, answer.path("nrec").asLong());
        assertEquals("2026-01-01T00:00:00.000000001Z", answer.path("next").path("searchAfterTS").asText());
        assertEquals("id1", answer.path("next").path("searchAfterDocID").asText());
    }

    @Test
    void theLastPageHasNoNext() throws Exception {
        assertTrue(EntryPages.answer(response(2, 2), 2).path("next").isNull());
        assertTrue(EntryPages.answer(response(0, 0), 2).path("next").isNull());
    }

    @Test
    void entriesAreWireShapedWithTheirDocId() throws Exception {
        JsonNode entry = EntryPages.answer(response(1, 1), 5).path("logs").path(0);
        assertEquals("LOCAL", entry.path("remote_ip").asText());
        assertEquals("id0", entry.path("doc_id").asText());
        assertTrue(entry.path("realm").isMissingNode(), entry.toString());
    }
}
