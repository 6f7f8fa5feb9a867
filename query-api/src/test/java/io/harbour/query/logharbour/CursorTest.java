package io.harbour.query.logharbour;

import static io.harbour.query.logharbour.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.query.http.RequestParameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CursorTest {
    private static java.util.Optional<Cursor> parse(Map<String, String> p) {
        return Cursor.parse(RequestParameters.of(p));
    }

    @Test
    void neitherHalfIsNoCursorAndBothAreOne() {
        assertTrue(parse(Map.of()).isEmpty());
        Cursor c = parse(Map.of("searchAfterTS", "2026-11-23T05:56:38.427582317Z", "searchAfterDocID", "2kF3pQ")).orElseThrow();
        assertEquals("2026-11-23T05:56:38.427582317Z", c.when());
        assertEquals("2kF3pQ", c.docId());
    }

    @Test
    void aTimeWithAnOffsetBecomesTheSameInstantInUtc() {
        assertEquals("2026-11-23T00:00:00.5Z",
                parse(Map.of("searchAfterTS", "2026-11-23T05:30:00.5+05:30", "searchAfterDocID", "x")).orElseThrow().when());
    }

    @Test
    void halfACursorOrOneThatDoesNotParseIsAPaginationError() {
        refused(400, "pagination_error", "searchAfterDocID", () -> parse(Map.of("searchAfterTS", "2026-11-23T05:56:38Z")));
        refused(400, "pagination_error", "searchAfterTS", () -> parse(Map.of("searchAfterDocID", "x")));
        refused(400, "pagination_error", "searchAfterTS", () -> parse(Map.of("searchAfterTS", "yesterday", "searchAfterDocID", "x")));
        refused(400, "pagination_error", "searchAfterDocID", () -> parse(Map.of("searchAfterTS", "2026-11-23T05:56:38Z",
                "searchAfterDocID", "x".repeat(513))));
    }
}
