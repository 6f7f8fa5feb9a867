package io.harbour.client.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.client.query.QueryApiStack.Entry;
import io.harbour.model.logharbour.Change;
import io.harbour.model.logharbour.ChangeData;
import io.harbour.model.logharbour.DebugData;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;
import io.harbour.realms.Capability;
import io.harbour.realms.Cidr;
import io.harbour.realms.QueryScope;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each client function against the real query API over TLS on a real Elasticsearch node:
 * filters, every page walked exactly once (ties included), typed change and debug data, and
 * each refusal as its own exception with the server's code and field.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogHarbourClientIT {
    private static final String REALM = "clientit";
    private static final String PAGES = "pages";
    /** Small pages, so a hundred entries take eleven calls. */
    private static final int MAXREC = 10;
    private static final String TIED_WHEN = "2026-02-01T00:00:00.123456789Z";
    private static final String T = "2026-01-10T10:00:0%d.00000000%dZ";

    QueryApiStack stack;
    LogHarbourClient client;
    LogHarbourClient debugClient;
    LogHarbourClient pagesClient;

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        stack = new QueryApiStack(dir, es.httpUri(), MAXREC);
        stack.load(REALM, List.of(
                Entry.of("d1", "shop", "A", "Info", t(1)).put("who", "jim").object("Order", "1", "create").put("remote_ip", "203.0.113.1")
                        .activity("{\"orderId\":\"1\",\"items\":2}").json(),
                Entry.of("d2", "shop", "C", "Info", t(2)).put("who", "jim").object("Order", "1", "create").put("remote_ip", "LOCAL")
                        .changes("Order", "Create", "status", "qty").json(),
                Entry.of("d3", "shop", "C", "Info", t(3)).put("who", "ann").object("Order", "1", "update").changes("Order", "Update", "qty").json(),
                Entry.of("d4", "shop", "C", "Info", t(4)).put("who", "ann").object("Order", "1", "delete").changes("Order", "Delete").json(),
                Entry.of("d5", "shop", "A", "Sec", t(5)).put("who", "eve").put("remote_ip", "198.51.100.7").status(1).json(),
                Entry.of("d6", "shop", "D", "Debug1", t(6)).put("remote_ip", "203.0.113.1").debug(4242, "orders.go", 77, "main.placeOrder").json(),
                Entry.of("d7", "shop", "A", "Warn", t(7)).put("remote_ip", "LOCAL").status(1).json(),
                Entry.of("d8", "crm", "A", "Err", t(8)).put("remote_ip", "2001:db8::1").json(),
                Entry.of("d9", "shop", "C", "Info", t(9)).object("Order", "2", "update").changes("Order", "Update", "qty").json()));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            many.add(Entry.of(String.format("p-%03d", i), "bulk", "A", "Info", String.format("2026-01-20T00:00:%02d.%09dZ", i, i)).json());
        }
        // 40 entries sharing one when: pages of 10 split them, and only the doc-id tie-breaker keeps each once.
        for (int i = 0; i < 40; i++) {
            many.add(Entry.of(String.format("tie-%03d", i), "bulk", "A", "Info", TIED_WHEN).json());
        }
        for (int i = 0; i < 23; i++) {
            String when = i < 12 ? "2026-01-05T00:00:00.5Z" : String.format("2026-01-06T00:00:%02dZ", i);
            many.add(Entry.of(String.format("chg-%03d", i), "bulk", "C", "Info", when).object("Cart", "7", "update")
                    .changes("Cart", "Update", i % 2 == 0 ? "qty" : "price").json());
        }
        stack.load(PAGES, many);
        client = stack.client(stack.everythingToken(REALM));
        debugClient = stack.client(stack.token(REALM, new QueryScope(QueryScope.Allowed.ALL, QueryScope.Allowed.ALL, Set.of(Capability.DEBUG),
                List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")))));
        pagesClient = stack.client(stack.everythingToken(PAGES));
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static String t(int second) {
        return String.format(T, second, second);
    }

    private static Instant at(int second) {
        return Instant.parse(t(second));
    }

    private static List<String> ids(LogPage page) {
        return page.logs().stream().map(e -> e.entry().id()).toList();
    }

    private List<String> logs(Function<LogQuery.Builder, LogQuery.Builder> filters) {
        LogPage page = client.getLogs(filters.apply(LogQuery.builder()).build());
        assertEquals(page.logs().size(), page.nrec(), "one page holds them all");
        return ids(page);
    }

    @Test
    void getLogsAppliesEachFilter() {
        assertEquals(List.of("d9", "d8", "d7", "d5", "d4", "d3", "d2", "d1"), logs(b -> b), "newest first, debug left out without the capability");
        assertEquals(List.of("d8"), logs(b -> b.app("crm")));
        assertEquals(List.of("d9", "d4", "d3", "d2"), logs(b -> b.type(EntryType.CHANGE)));
        assertEquals(List.of("d4", "d3"), logs(b -> b.who("ann")));
        assertEquals(List.of("d4", "d3", "d2", "d1"), logs(b -> b.className("Order").instance("1")));
        assertEquals(List.of("d9", "d3"), logs(b -> b.op("update")));
        assertEquals(List.of("d8", "d7", "d5"), logs(b -> b.pri(Priority.WARN)), "this priority or higher, change entries left out");
        assertEquals(List.of("d1"), logs(b -> b.remoteIP("203.0.113.0/24")));
        assertEquals(List.of("d7", "d2"), logs(b -> b.remoteIP("LOCAL")));
        assertEquals(List.of("d3", "d4", "d5", "d7", "d8", "d9"), logs(b -> b.fromts(at(3))), "fromts alone: oldest first");
        assertEquals(List.of("d3", "d2", "d1"), logs(b -> b.tots(at(3))), "tots alone: newest first");
        assertEquals(List.of("d4", "d3", "d2"), logs(b -> b.fromts(at(2)).tots(at(4))));
        assertEquals(List.of("d5"), logs(b -> b.app("shop").type(EntryType.ACTIVITY).who("eve").pri(Priority.SEC)));
    }

    @Test
    void entriesComeBackTyped() {
        RetrievedEntry d5 = client.getLogs(LogQuery.builder().who("eve").build()).logs().get(0);
        assertEquals("d5", d5.entry().id());
        assertEquals(Priority.SEC, d5.entry().pri());
        assertTrue(d5.entry().failed());
        assertEquals(at(5), d5.entry().when().instant(), "nanoseconds kept");
        assertEquals("198.51.100.7", d5.entry().remoteIp());
        assertNotNull(d5.docId());
        RetrievedEntry d1 = client.getLogs(LogQuery.builder().remoteIP("203.0.113.1").build()).logs().get(0);
        assertEquals(Map.of("orderId", "1", "items", "2"), d1.activityData().orElseThrow());
    }

    @Test
    void changeDataIsTypedAndGetChangesFollowsOneObject() {
        LogPage page = client.getChanges(ChangeQuery.builder("shop", "Order", "1").build());
        assertEquals(List.of("d2", "d3", "d4"), ids(page), "oldest first: created, updated, deleted");
        ChangeData created = page.logs().get(0).changeData().orElseThrow();
        assertEquals("Create", created.op());
        assertEquals("Order", created.entity());
        assertEquals(List.of("status", "qty"), created.changes().stream().map(Change::field).toList());
        assertEquals("qty-old", created.changes().get(1).oldText());
        assertEquals("qty-new", created.changes().get(1).newText());
        assertNull(page.logs().get(2).changeData().orElseThrow().changes(), "a delete recorded no field");
        assertTrue(page.logs().get(0).debugData().isEmpty());
        assertEquals(List.of("d2", "d3"), ids(client.getChanges(ChangeQuery.builder("shop", "Order", "1").field("qty").build())));
        assertEquals(List.of("d3", "d4"), ids(client.getChanges(ChangeQuery.builder("shop", "Order", "1").who("ann").build())));
        assertEquals(List.of("d3"), ids(client.getChanges(ChangeQuery.builder("shop", "Order", "1").fromts(at(3)).tots(at(3).plusNanos(1)).build())));
    }

    @Test
    void debugDataIsTypedForATokenWithDebug() {
        List<RetrievedEntry> debug = debugClient.getLogs(LogQuery.builder().type(EntryType.DEBUG).build()).logs();
        assertEquals(1, debug.size());
        DebugData d = debug.get(0).debugData().orElseThrow();
        assertEquals(4242L, d.pid());
        assertEquals("orders.go", d.file());
        assertEquals(77L, d.line());
        assertEquals("main.placeOrder", d.func());
        assertEquals("{\"cart\":3}", d.data().asText());
        assertTrue(debug.get(0).changeData().isEmpty());
    }

    @Test
    void pagesWalkEveryEntryExactlyOnceIncludingTies() {
        for (boolean oldestFirst : List.of(false, true)) {
            LogQuery q = oldestFirst
                    ? LogQuery.builder().type(EntryType.ACTIVITY).fromts(Instant.parse("2026-01-01T00:00:00Z")).build()
                    : LogQuery.builder().type(EntryType.ACTIVITY).build();
            LogPage first = pagesClient.getLogs(q);
            assertEquals(100, first.nrec());
            assertEquals(MAXREC, first.logs().size());
            assertTrue(first.next().isPresent());
            List<RetrievedEntry> all = pagesClient.streamLogs(q).toList();
            assertEquals(100, all.size(), "every entry once");
            assertEquals(100, new HashSet<>(all.stream().map(RetrievedEntry::docId).toList()).size(), "no entry twice");
            for (int i = 1; i < all.size(); i++) {
                int order = all.get(i - 1).entry().when().compareTo(all.get(i).entry().when());
                assertTrue(oldestFirst ? order <= 0 : order >= 0, "in order at " + i);
            }
            assertEquals(40, all.stream().filter(e -> e.entry().id().startsWith("tie-")).count());
        }
        // The iterator fetches lazily: walking it by hand gives the same sequence as the stream.
        Iterator<RetrievedEntry> it = pagesClient.iterateLogs(LogQuery.builder().app("bulk").build());
        List<String> walked = new ArrayList<>();
        it.forEachRemaining(e -> walked.add(e.docId()));
        assertEquals(pagesClient.streamLogs(LogQuery.builder().app("bulk").build()).map(RetrievedEntry::docId).toList(), walked);
        assertEquals(123, walked.size());
    }

    @Test
    void changesPageOldestFirstExactlyOnce() {
        List<RetrievedEntry> all = pagesClient.streamChanges(ChangeQuery.builder("bulk", "Cart", "7").build()).toList();
        assertEquals(23, all.size());
        assertEquals(23, new HashSet<>(all.stream().map(RetrievedEntry::docId).toList()).size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).entry().when().compareTo(all.get(i).entry().when()) <= 0);
        }
        assertEquals(12, pagesClient.streamChanges(ChangeQuery.builder("bulk", "Cart", "7").field("qty").build()).count());
    }

    @Test
    void getSetAndGetApps() {
        SetValues who = client.getSet(SetQuery.builder("who").build());
        assertEquals("who", who.setattr());
        assertEquals(Map.of("jim", 2L, "ann", 2L, "eve", 1L), who.values());
        assertEquals(Map.of("create", 1L, "delete", 1L, "update", 1L),
                client.getSet(SetQuery.builder("op").app("shop").type(EntryType.CHANGE).className("Order").instance("1").build()).values());
        assertEquals(Map.of("qty", 3L, "status", 1L), client.getSet(SetQuery.builder("field").build()).values());
        assertEquals(List.of("crm", "shop"), client.getApps());
        assertEquals(List.of("bulk"), pagesClient.getApps());
    }

    @Test
    void getUnusualIpCountsAddressesAndLeavesLocalOut() {
        UnusualIps all = client.getUnusualIP(UnusualIpQuery.builder(10).build());
        assertEquals(5, all.total(), "d1, d2, d5, d7, d8 carry an address; d6 is debug");
        assertEquals(1, all.threshold(), "5 x 10% floored at 1");
        assertEquals(Set.of("203.0.113.1", "198.51.100.7", "2001:db8::1"),
                new HashSet<>(all.unusualIPs().stream().map(UnusualIps.UnusualIp::ipaddr).toList()));
        assertTrue(all.unusualIPs().stream().allMatch(ip -> ip.count() == 1 && ip.location().isEmpty()), "no GeoIP database here");
        assertFalse(all.geoAvailable());
        assertNotNull(all.geoReason());
        assertTrue(all.notes().stream().anyMatch(n -> n.contains("without ndays")), all.notes().toString());
        UnusualIps shop = client.getUnusualIP(UnusualIpQuery.builder(10).app("shop").op("create").ndays(365).build());
        assertEquals(Set.of("203.0.113.1", "198.51.100.7"), new HashSet<>(shop.unusualIPs().stream().map(UnusualIps.UnusualIp::ipaddr).toList()));
        assertTrue(shop.notes().stream().anyMatch(n -> n.contains("op is ignored")), shop.notes().toString());
    }

    @Test
    void eachRefusalIsItsOwnException() throws Exception {
        QueryException.InvalidQueryException setattr = assertThrows(QueryException.InvalidQueryException.class,
                () -> client.getSet(SetQuery.builder("msg").build()));
        assertEquals("invalid_setattr", setattr.code());
        assertEquals("setattr", setattr.field());
        assertEquals(400, setattr.status());
        QueryException.InvalidQueryException days = assertThrows(QueryException.InvalidQueryException.class,
                () -> client.getLogs(LogQuery.builder().ndays(366).build()));
        assertEquals("invalid_days", days.code());
        assertEquals("ndays", days.field());
        QueryException.InvalidQueryException cursor = assertThrows(QueryException.InvalidQueryException.class,
                () -> client.getLogs(LogQuery.builder().after(new Cursor("not a time", "d1")).build()));
        assertEquals("pagination_error", cursor.code());
        assertEquals("searchAfterTS", cursor.field());
        assertEquals("invalid_ip", assertThrows(QueryException.InvalidQueryException.class,
                () -> client.getLogs(LogQuery.builder().remoteIP("999.1.1.1").build())).code());

        QueryException.UnauthenticatedException unknown = assertThrows(QueryException.UnauthenticatedException.class,
                () -> stack.client("hq_not_a_token").getApps());
        assertEquals("unknown_token", unknown.code());
        assertEquals(401, unknown.status());

        LogHarbourClient shopOnly = stack.client(stack.token(REALM, new QueryScope(QueryScope.Allowed.only(List.of("shop")),
                QueryScope.Allowed.ALL, Set.of(), List.of())));
        QueryException.ForbiddenException app = assertThrows(QueryException.ForbiddenException.class,
                () -> shopOnly.getLogs(LogQuery.builder().app("crm").build()));
        assertEquals("app_not_allowed", app.code());
        assertEquals("app", app.field());
        assertEquals(List.of("shop"), shopOnly.getApps(), "the scope holds for app lists too");
        assertEquals("debug_not_allowed", assertThrows(QueryException.ForbiddenException.class,
                () -> client.getLogs(LogQuery.builder().type(EntryType.DEBUG).build())).code());

        QueryException.NotFoundException ghost = assertThrows(QueryException.NotFoundException.class,
                () -> client.getLogs(LogQuery.builder().app("ghost").build()));
        assertEquals("app_not_found", ghost.code());
        assertEquals(404, ghost.status());
    }

    @Test
    void elasticsearchAwayIsUnavailableWithRetryAfter(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (QueryApiStack away = new QueryApiStack(dir, URI.create("http://127.0.0.1:" + port), MAXREC)) {
            LogHarbourClient c = away.client(away.everythingToken(REALM));
            QueryException.UnavailableException e = assertThrows(QueryException.UnavailableException.class,
                    () -> c.getLogs(LogQuery.builder().build()));
            assertEquals("elasticsearch_unavailable", e.code());
            assertEquals(503, e.status());
            assertTrue(e.retryAfter().isPresent(), "503 carries Retry-After");
        }
    }

    @Test
    void noAnswerIsAConnectionFailureAndOnlyTheGivenCaIsTrusted() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        QueryException.ConnectionException refused = assertThrows(QueryException.ConnectionException.class,
                () -> LogHarbourClient.builder(URI.create("https://localhost:" + port), "hq_x").caFile(stack.caFile()).build().getApps());
        assertEquals(0, refused.status());
        // Without the test CA, the JDK's public roots do not trust the server: no call goes through.
        assertThrows(QueryException.ConnectionException.class,
                () -> LogHarbourClient.builder(stack.uri(), "hq_x").build().getApps());
    }
}
