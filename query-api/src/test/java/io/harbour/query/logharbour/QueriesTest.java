package io.harbour.query.logharbour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.Json;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;
import io.harbour.realms.QueryScope;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueriesTest {
    private static final CallerScope EVERYTHING = new CallerScope("acme", QueryScope.EVERYTHING_BUT_DEBUG, true);

    private static JsonNode json(String text) throws IOException {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void aFilterBecomesTermsAndRangesInFilterContext() throws Exception {
        LogFilter f = new LogFilter("shop", EntryType.ACTIVITY, "jim", "Order", "456", "update",
                new TimeWindow(Instant.parse("2026-11-23T05:56:38.427582317Z"), null, true), new RemoteAddress("10.0.0.0/8", true), null);
        assertEquals(json("{'bool':{'filter':[{'term':{'app':'shop'}},{'term':{'type':'A'}},{'term':{'who':'jim'}},"
                + "{'term':{'class':'Order'}},{'term':{'instance':'456'}},{'term':{'op':'update'}},"
                + "{'range':{'when':{'gte':'2026-11-23T05:56:38.427582317Z','format':'strict_date_optional_time_nanos'}}},"
                + "{'term':{'remote_ip':'10.0.0.0/8'}}],'must_not':[]}}"), Queries.bool(f, EVERYTHING));
    }

    @Test
    void priIsARangeOnItsLevelThatLeavesDataChangesOutAndNeverANDsTypes() throws Exception {
        LogFilter f = new LogFilter(null, null, null, null, null, null, TimeWindow.ALL, null, Priority.SEC);
        assertEquals(json("{'bool':{'filter':[{'range':{'pri_level':{'gte':7}}}],'must_not':[{'term':{'type':'C'}}]}}"),
                Queries.bool(f, EVERYTHING));
    }

    @Test
    void localIsMatchedOnTheTextField() throws Exception {
        LogFilter f = new LogFilter(null, null, null, null, null, null, TimeWindow.ALL, RemoteAddress.parse("LOCAL"), null);
        assertEquals(json("[{'term':{'remote_ip_text':'LOCAL'}}]"), Queries.bool(f, EVERYTHING).path("bool").path("filter"));
    }

    @Test
    void theScopeIsInEveryQuery() throws Exception {
        CallerScope limited = new CallerScope("acme", new QueryScope(QueryScope.Allowed.only(List.of("shop", "crm")),
                QueryScope.Allowed.only(List.of("Order")), Set.of(), List.of()), false);
        assertEquals(json("{'bool':{'filter':[{'terms':{'app':['shop','crm']}},{'terms':{'class':['Order']}}],"
                + "'must_not':[{'term':{'type':'D'}}]}}"), Queries.bool(LogFilter.none(), limited));
        assertEquals("harbour-logharbour-acme", limited.index());
    }

    @Test
    void sortIsWhenThenDocIdWithNanosecondText() throws Exception {
        assertEquals(json("[{'when':{'order':'asc','format':'strict_date_optional_time_nanos'}},{'doc_id':{'order':'asc'}}]"), Queries.sort(true));
        assertEquals(json("[{'when':{'order':'desc','format':'strict_date_optional_time_nanos'}},{'doc_id':{'order':'desc'}}]"), Queries.sort(false));
    }

    @Test
    void aChangedFieldIsANestedQuery() throws Exception {
        assertEquals(json("{'nested':{'path':'data.change_data.changes','query':{'term':{'data.change_data.changes.field':'qty'}}}}"),
                Queries.changedField("qty"));
    }

    @Test
    void aPageAsksForOneMoreThanItShowsAndTheExactTotal() throws Exception {
        Cursor cursor = new Cursor("2026-11-23T05:56:38.427582317Z", "abc");
        JsonNode body = EntryPages.body(Json.mapper().createObjectNode(), false, java.util.Optional.of(cursor), 100);
        assertEquals(101, body.path("size").asInt());
        assertEquals(true, body.path("track_total_hits").asBoolean());
        assertEquals(json("['2026-11-23T05:56:38.427582317Z','abc']"), body.path("search_after"));
    }
}
