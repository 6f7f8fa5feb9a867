package io.harbour.client.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.model.logharbour.ChangeData;
import io.harbour.model.logharbour.DebugData;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading the query API's answers, in the shapes its handlers write (README, "The query API"). */
class AnswersTest {
    private static final String CHANGE = "{\"id\":\"c1\",\"app\":\"shop\",\"type\":\"C\",\"pri\":\"Info\",\"when\":\"2026-01-10T10:00:02.000000002Z\","
            + "\"class\":\"Order\",\"instance\":\"1\",\"status\":0,\"data\":{\"change_data\":{\"entity\":\"Order\",\"op\":\"Update\","
            + "\"changes\":[{\"field\":\"qty\",\"old_value\":\"1\",\"new_value\":\"2\"}]}},\"doc_id\":\"c1\"}";
    private static final String DEBUG = "{\"id\":\"g1\",\"app\":\"shop\",\"type\":\"D\",\"pri\":\"Debug1\",\"when\":\"2026-01-10T10:00:06Z\","
            + "\"data\":{\"debug_data\":{\"pid\":42,\"runtime\":\"go1.22\",\"file\":\"main.go\",\"line\":7,\"func\":\"main\","
            + "\"stackTrace\":\"main()\",\"data\":\"{\\\"k\\\":1}\"}},\"doc_id\":\"g1\"}";
    private static final String ACTIVITY = "{\"id\":\"a1\",\"app\":\"shop\",\"type\":\"A\",\"pri\":\"Sec\",\"when\":\"2026-01-10T10:00:05Z\","
            + "\"remote_ip\":\"LOCAL\",\"data\":{\"activity_data\":\"{\\\"orderId\\\":\\\"456\\\",\\\"n\\\":3}\"},\"doc_id\":\"h-a1\"}";

    @Test
    void aPageWithACursor() {
        LogPage page = Answers.logPage(Answers.json(200, "{\"logs\":[" + CHANGE + "," + DEBUG + "],\"nrec\":7,"
                + "\"next\":{\"searchAfterTS\":\"2026-01-10T10:00:06Z\",\"searchAfterDocID\":\"g1\"}}"));
        assertEquals(7, page.nrec());
        assertEquals(Optional.of(new Cursor("2026-01-10T10:00:06Z", "g1")), page.next());
        assertEquals(List.of("c1", "g1"), page.logs().stream().map(RetrievedEntry::docId).toList());
        RetrievedEntry change = page.logs().get(0);
        assertEquals(EntryType.CHANGE, change.entry().type());
        assertEquals(Instant.parse("2026-01-10T10:00:02.000000002Z"), change.entry().when().instant());
        assertEquals("Order", change.entry().className());
        assertFalse(change.entry().extra().containsKey("doc_id"), "doc_id is the server's, not the entry's");
        assertEquals("c1", change.json().path("doc_id").asText(), "the JSON is kept as answered");
    }

    @Test
    void theLastPageHasNoCursor() {
        LogPage page = Answers.logPage(Answers.json(200, "{\"logs\":[],\"nrec\":0,\"next\":null}"));
        assertEquals(Optional.empty(), page.next());
        assertTrue(page.logs().isEmpty());
    }

    @Test
    void changeDebugAndActivityDataAreTyped() {
        LogPage page = Answers.logPage(Answers.json(200, "{\"logs\":[" + CHANGE + "," + DEBUG + "," + ACTIVITY + "],\"nrec\":3,\"next\":null}"));
        ChangeData c = page.logs().get(0).changeData().orElseThrow();
        assertEquals("Update", c.op());
        assertEquals("qty", c.changes().get(0).field());
        assertEquals("1", c.changes().get(0).oldText());
        assertEquals("2", c.changes().get(0).newText());
        assertTrue(page.logs().get(0).debugData().isEmpty());
        DebugData d = page.logs().get(1).debugData().orElseThrow();
        assertEquals(42L, d.pid());
        assertEquals("main.go", d.file());
        assertEquals(7L, d.line());
        assertTrue(page.logs().get(1).changeData().isEmpty());
        RetrievedEntry a = page.logs().get(2);
        assertEquals(Priority.SEC, a.entry().pri());
        assertEquals(Map.of("orderId", "456", "n", "3"), a.activityData().orElseThrow());
    }

    @Test
    void dataSentAsAJsonStringIsReadLikeTheSeedsJsonToDataChg() {
        String old = "{\"app\":\"shop\",\"type\":\"C\",\"when\":\"2026-01-10T10:00:02Z\",\"data\":"
                + "\"{\\\"change_data\\\":{\\\"entity\\\":\\\"Order\\\",\\\"op\\\":\\\"Create\\\",\\\"changes\\\":null}}\",\"doc_id\":\"x\"}";
        RetrievedEntry e = Answers.entry(Answers.json(200, old));
        ChangeData c = e.changeData().orElseThrow();
        assertEquals("Create", c.op());
        assertNull(c.changes());
    }

    @Test
    void setAppsAndUnusualIps() {
        SetValues s = Answers.setValues(Answers.json(200, "{\"setattr\":\"who\",\"setvalues\":{\"jim\":3,\"ann\":1}}"));
        assertEquals("who", s.setattr());
        assertEquals(Map.of("jim", 3L, "ann", 1L), s.values());
        assertEquals(List.of("crm", "shop"), Answers.apps(Answers.json(200, "{\"apps\":[\"crm\",\"shop\"]}")));
        UnusualIps u = Answers.unusualIps(Answers.json(200, "{\"unusualIPs\":[{\"ipaddr\":\"203.0.113.1\",\"count\":1,\"city\":\"Mumbai\","
                + "\"country\":\"India\",\"lat\":19.07,\"long\":72.88},{\"ipaddr\":\"10.0.0.1\",\"count\":2,\"city\":null,\"country\":null,"
                + "\"lat\":null,\"long\":null}],\"total\":40,\"threshold\":2,\"geo\":{\"available\":true,\"reason\":null},"
                + "\"notes\":[\"op is ignored\"]}"));
        assertEquals(2, u.unusualIPs().size());
        assertEquals(new UnusualIps.Location("Mumbai", "India", 19.07, 72.88), u.unusualIPs().get(0).location().orElseThrow());
        assertEquals(Optional.empty(), u.unusualIPs().get(1).location());
        assertEquals(40, u.total());
        assertEquals(2, u.threshold());
        assertTrue(u.geoAvailable());
        assertEquals(List.of("op is ignored"), u.notes());
    }

    @Test
    void eachStatusIsItsOwnException() {
        String body = "{\"error\":{\"code\":\"%s\",\"message\":\"m\",\"field\":%s}}";
        QueryException bad = Answers.error(400, String.format(body, "invalid_days", "\"ndays\""), Optional.empty());
        assertInstanceOf(QueryException.InvalidQueryException.class, bad);
        assertEquals("invalid_days", bad.code());
        assertEquals("ndays", bad.field());
        assertEquals("m", bad.getMessage());
        assertEquals(400, bad.status());
        assertInstanceOf(QueryException.UnauthenticatedException.class, Answers.error(401, String.format(body, "unknown_token", "null"), Optional.empty()));
        QueryException forbidden = Answers.error(403, String.format(body, "app_not_allowed", "\"app\""), Optional.empty());
        assertInstanceOf(QueryException.ForbiddenException.class, forbidden);
        assertEquals("app", forbidden.field());
        assertInstanceOf(QueryException.NotFoundException.class, Answers.error(404, String.format(body, "app_not_found", "\"app\""), Optional.empty()));
        QueryException throttled = Answers.error(429, String.format(body, "too_many", "null"), Optional.of("3"));
        assertInstanceOf(QueryException.ThrottledException.class, throttled);
        assertEquals(Optional.of(Duration.ofSeconds(3)), throttled.retryAfter());
        QueryException busy = Answers.error(503, String.format(body, "busy", "null"), Optional.of("1"));
        assertInstanceOf(QueryException.UnavailableException.class, busy);
        assertInstanceOf(QueryException.RetryLaterException.class, busy);
        assertEquals(Optional.of(Duration.ofSeconds(1)), busy.retryAfter());
        QueryException other = Answers.error(405, String.format(body, "method_not_allowed", "null"), Optional.empty());
        assertEquals(QueryException.class, other.getClass());
        assertEquals("method_not_allowed", other.code());
    }

    @Test
    void aRefusalWithoutTheErrorShapeKeepsItsStatusAndBody() {
        QueryException e = Answers.error(502, "<html>Bad Gateway</html>", Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(502, e.status());
        assertEquals("http_502", e.code());
        assertTrue(e.getMessage().contains("Bad Gateway"), e.getMessage());
        assertEquals(Optional.empty(), e.retryAfter());
    }

    @Test
    void malformedAnswersAreRefusedWithTheirReason() {
        assertEquals(Answers.MALFORMED, assertThrows(QueryException.class, () -> Answers.json(200, "[1]")).code());
        assertEquals(Answers.MALFORMED, assertThrows(QueryException.class, () -> Answers.json(200, "not json")).code());
        assertEquals(Answers.MALFORMED, assertThrows(QueryException.class, () -> Answers.logPage(Answers.json(200, "{\"nrec\":1}"))).code());
        assertEquals(Answers.MALFORMED, assertThrows(QueryException.class,
                () -> Answers.logPage(Answers.json(200, "{\"logs\":[{\"app\":\"x\",\"when\":\"2026-01-01T00:00:00Z\"}],\"nrec\":1}"))).code());
        assertEquals(Answers.MALFORMED, assertThrows(QueryException.class,
                () -> Answers.logPage(Answers.json(200, "{\"logs\":[{\"app\":\"x\",\"when\":\"yesterday\",\"doc_id\":\"d\"}],\"nrec\":1}"))).code());
        assertEquals(Answers.MALFORMED, assertThrows(QueryException.class,
                () -> Answers.logPage(Answers.json(200, "{\"logs\":[],\"nrec\":1,\"next\":{\"searchAfterTS\":\"t\"}}"))).code());
    }
}
