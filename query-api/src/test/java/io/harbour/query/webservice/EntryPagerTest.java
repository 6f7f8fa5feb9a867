package io.harbour.query.webservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntryPagerTest {
    private static final String TS = EntryPager.SEARCH_AFTER_TIMESTAMP;
    private static final String ID = EntryPager.SEARCH_AFTER_DOC_ID;

    private static Optional<EntryPager.Cursor> cursor(boolean timestampAlone, String... kv) {
        Map<String, String> m = new java.util.HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return EntryPager.cursor(RequestParameters.of(m), timestampAlone);
    }

    private static ApiException refused(boolean timestampAlone, String... kv) {
        return assertThrows(ApiException.class, () -> cursor(timestampAlone, kv));
    }

    @Test
    void bothHalvesOrNeitherOnHarboursRoutes() {
        assertTrue(cursor(false).isEmpty());
        EntryPager.Cursor c = cursor(false, TS, "2026-11-23T05:56:38.427582317Z", ID, "abc").orElseThrow();
        assertEquals("2026-11-23T05:56:38.427582317Z", c.when());
        assertEquals("abc", c.docId());
        ApiException half = refused(false, TS, "2026-11-23T05:56:38Z");
        assertEquals("pagination_error", half.code());
        assertEquals(ID, half.field());
        assertEquals(TS, refused(false, ID, "abc").field());
    }

    @Test
    void theUisTimestampAloneIsACursorThere() {
        EntryPager.Cursor c = cursor(true, TS, "2024-05-06T15:21:48.882Z").orElseThrow();
        assertNull(c.docId());
        // A doc id without a time is still half a cursor.
        assertEquals("pagination_error", refused(true, ID, "abc").code());
    }

    @Test
    void aTimeThatDoesNotParseOrAnOverlongIdIsAPaginationError() {
        assertEquals("pagination_error", refused(false, TS, "yesterday", ID, "a").code());
        assertEquals("pagination_error", refused(true, TS, "2024-13-45T00:00:00Z").code());
        assertEquals(ID, refused(false, TS, "2024-05-06T15:21:48Z", ID, "x".repeat(513)).field());
    }

    @Test
    void aTimeOnlyCursorSearchesAfterEveryEntryOfThatTime() {
        ObjectNode q = JsonNodeFactory.instance.objectNode();
        ObjectNode newest = EntryPager.body(q, false, new EntryPager.Cursor("2024-05-06T15:21:48.882Z", null), 6, true);
        // Newest first, "" sorts below every doc id: (t, "") comes after all of t's entries.
        assertEquals(List.of("2024-05-06T15:21:48.882Z", ""), List.of(newest.path("search_after").path(0).asText(),
                newest.path("search_after").path(1).asText()));
        ObjectNode oldest = EntryPager.body(q, true, new EntryPager.Cursor("2024-05-06T15:21:48.882Z", null), 6, true);
        assertEquals("\uffff", oldest.path("search_after").path(1).asText());
        ObjectNode exact = EntryPager.body(q, false, new EntryPager.Cursor("2024-05-06T15:21:48.882Z", "id9"), 6, true);
        assertEquals("id9", exact.path("search_after").path(1).asText());
        assertEquals(6, exact.path("size").asInt());
        assertTrue(exact.path("track_total_hits").asBoolean());
    }

    @Test
    void nextIsNullOnTheLastPageAndCarriesWhatTheCursorHad() {
        assertTrue(new EntryPager.Page(List.of(), 0, null).nextJson().isNull());
        assertEquals("{\"search_after_timestamp\":\"t\",\"search_after_doc_id\":\"d\"}",
                new EntryPager.Page(List.of(), 0, new EntryPager.Cursor("t", "d")).nextJson().toString());
        assertEquals("{\"search_after_timestamp\":\"t\"}", new EntryPager.Page(List.of(), 0, new EntryPager.Cursor("t", null)).nextJson().toString());
    }
}
