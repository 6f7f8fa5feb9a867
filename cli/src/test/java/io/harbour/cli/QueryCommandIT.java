package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.client.query.QueryApiStack;
import io.harbour.client.query.QueryApiStack.Entry;
import io.harbour.model.Json;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code harbour query ...} against a real query API on a real node, as a user types it. */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryCommandIT {
    private static final String REALM = "cli";
    private static final int MAXREC = 5;
    private static final String LONG_MSG = "a message much longer than any column of the table should hold ".repeat(4);

    QueryApiStack stack;
    Path tokenFile;
    Path stateDir;
    String[] conn;

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        stack = new QueryApiStack(dir.resolve("api"), es.httpUri(), MAXREC);
        List<String> entries = new ArrayList<>();
        entries.add(Entry.of("q1", "shop", "A", "Info", "2026-01-10T10:00:01Z").put("who", "jim").put("remote_ip", "203.0.113.1")
                .put("msg", LONG_MSG).json());
        entries.add(Entry.of("q2", "shop", "C", "Info", "2026-01-10T10:00:02Z").put("who", "jim").object("Order", "1", "create")
                .changes("Order", "Create", "qty").json());
        entries.add(Entry.of("q3", "shop", "C", "Info", "2026-01-10T10:00:03Z").put("who", "ann").object("Order", "1", "update")
                .changes("Order", "Update", "qty", "status").json());
        entries.add(Entry.of("q4", "shop", "A", "Warn", "2026-01-10T10:00:04Z").put("who", "ann").put("remote_ip", "LOCAL").put("msg", "low stock").json());
        entries.add(Entry.of("q5", "crm", "A", "Err", "2026-01-10T10:00:05Z").put("who", "eve").put("remote_ip", "198.51.100.7")
                .put("msg", "login failed").status(1).json());
        // Seven entries sharing one time: the pages of five split them.
        for (int i = 0; i < 7; i++) {
            entries.add(Entry.of("t" + i, "shop", "A", "Info", "2026-01-10T10:00:06.5Z").put("who", "bot").put("msg", "tick " + i).json());
        }
        stack.load(REALM, entries);
        String token = stack.everythingToken(REALM);
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, token + "\n");
        conn = new String[] {"--url", stack.uri().toString(), "--token-file", tokenFile.toString(), "--ca", stack.caFile().toString()};
        // What harbour up leaves for scripts: the commands must work from it alone.
        stateDir = dir.resolve("state");
        Files.createDirectories(stateDir);
        new UpState(ProcessHandle.current().pid(), "2026-11-23T00:00:00Z", stateDir.toString(), null, null, stack.caFile().toString(),
                Map.of("query_api", stack.uri().toString()), null, null, tokenFile.toString()).write(stateDir.resolve(StateDir.UP_FILE));
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + conn.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(conn, 0, all, args.length, conn.length);
        return CliRun.of(all);
    }

    private static List<String> ids(CliRun r) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String line : r.lines()) {
            ids.add(Json.mapper().readTree(line).path("id").asText());
        }
        return ids;
    }

    @Test
    void logsTableIsAlignedAndCutsLongMessages() {
        CliRun r = run("query", "logs", "--app", "shop", "--to", "2026-01-10T10:00:05Z");
        assertEquals(0, r.exit(), r.toString());
        List<String> lines = r.lines();
        String header = lines.get(0);
        assertTrue(header.startsWith("WHEN"), header);
        int appColumn = header.indexOf("APP");
        int whoColumn = header.indexOf("WHO");
        int msgColumn = header.indexOf("MSG");
        List<String> rows = lines.subList(1, 5);
        for (String row : rows) {
            assertEquals("shop", row.substring(appColumn, appColumn + 4), row);
            assertTrue(row.substring(whoColumn).startsWith("ann") || row.substring(whoColumn).startsWith("jim"), row);
        }
        String q1 = rows.get(3);
        assertTrue(q1.startsWith("2026-01-10T10:00:01Z"), "newest first with --to: " + rows);
        assertTrue(q1.endsWith("…"), q1);
        assertEquals(EntryTable.MSG_WIDTH, q1.substring(msgColumn).length(), "the message is cut to its column");
        assertEquals("4 of 4 entries", lines.get(5));
        assertTrue(rows.stream().noneMatch(row -> row.endsWith(" ")), "no trailing blanks where a message is empty");
    }

    @Test
    void logsJsonIsNdjsonOfOnePageOrEveryPage() throws Exception {
        CliRun page = run("query", "logs", "--json");
        assertEquals(0, page.exit(), page.toString());
        assertEquals(MAXREC, page.lines().size());
        JsonNode first = Json.mapper().readTree(page.lines().get(0));
        assertTrue(first.path("doc_id").isTextual(), "each line is an entry as answered, doc_id included");
        assertTrue(page.err().contains("--after-ts"), page.err());

        CliRun all = run("query", "logs", "--json", "--all");
        assertEquals(0, all.exit(), all.toString());
        List<String> ids = ids(all);
        assertEquals(12, ids.size());
        assertEquals(12, new HashSet<>(ids).size(), "every entry once, the tied ones too");
        assertEquals(ids.subList(0, MAXREC), ids(page));

        CliRun table = run("query", "logs", "--all", "--who", "bot");
        assertEquals(9, table.lines().size(), table.toString());
        assertEquals("7 of 7 entries", table.lines().get(8));
    }

    @Test
    void filtersReachTheServer() throws Exception {
        assertEquals(List.of("q3", "q2"), ids(run("query", "logs", "--json", "--type", "C")));
        assertEquals(List.of("q5", "q4"), ids(run("query", "logs", "--json", "--pri", "warn")));
        assertEquals(List.of("q5"), ids(run("query", "logs", "--json", "--remote-ip", "198.51.100.0/24")));
        assertEquals(List.of("q3", "q2"), ids(run("query", "logs", "--json", "--class", "Order", "--instance", "1")));
        assertEquals(List.of("q2", "q1"), ids(run("query", "logs", "--json", "--from", "2026-01-10T10:00:00Z", "--to", "2026-01-10T10:00:02Z")));
        assertEquals(List.of("q4", "q5"), ids(run("query", "logs", "--json", "--from", "2026-01-10T10:00:04Z", "--pri", "warn")),
                "--from alone: oldest first");
        assertEquals(List.of("q5"), ids(run("query", "logs", "--json", "--app", "crm", "--who", "eve", "--type", "activity")));
    }

    @Test
    void setAppsUnusualIpsAndChanges() throws Exception {
        CliRun set = run("query", "set", "who");
        assertEquals(0, set.exit(), set.toString());
        assertEquals(List.of("WHO  COUNT", "bot      7", "ann      2", "jim      2", "eve      1", "4 values"), set.lines());
        JsonNode setJson = Json.mapper().readTree(run("query", "set", "who", "--app", "crm", "--json").out());
        assertEquals(Json.mapper().readTree("{\"setattr\":\"who\",\"setvalues\":{\"eve\":1}}"), setJson);

        assertEquals(List.of("crm", "shop"), run("query", "apps").lines());
        assertEquals(Json.mapper().readTree("{\"apps\":[\"crm\",\"shop\"]}"), Json.mapper().readTree(run("query", "apps", "--json").out()));

        CliRun unusual = run("query", "unusual-ips", "--percent", "10");
        assertEquals(0, unusual.exit(), unusual.toString());
        assertTrue(unusual.lines().get(0).startsWith("IPADDR"), unusual.out());
        assertTrue(unusual.out().contains("198.51.100.7") && unusual.out().contains("203.0.113.1"), unusual.out());
        assertTrue(!unusual.out().contains("LOCAL"), "LOCAL is never unusual");
        assertTrue(unusual.out().contains("2 unusual of 3 entries with an address (threshold 1 entries)"), unusual.out());
        JsonNode u = Json.mapper().readTree(run("query", "unusual-ips", "--percent", "10", "--json").out());
        assertEquals(3, u.path("total").asLong());
        assertEquals(2, u.path("unusualIPs").size());

        CliRun changes = run("query", "changes", "--app", "shop", "--class", "Order", "--instance", "1");
        assertEquals(0, changes.exit(), changes.toString());
        assertTrue(changes.lines().get(1).contains("qty: qty-old -> qty-new"), changes.out());
        assertTrue(changes.lines().get(2).contains("qty: qty-old -> qty-new; status: status-old -> status-new"), changes.out());
        assertEquals(List.of("q2", "q3"), ids(run("query", "changes", "--app", "shop", "--class", "Order", "--instance", "1", "--json")));
        assertEquals(List.of("q3"), ids(run("query", "changes", "--app", "shop", "--class", "Order", "--instance", "1", "--field", "status", "--json")));
    }

    @Test
    void refusalsNameTheServersCodeAndParameter() {
        CliRun days = run("query", "logs", "--days", "999");
        assertEquals(1, days.exit(), days.toString());
        assertTrue(days.err().contains("400 invalid_days (ndays)"), days.err());
        CliRun setattr = run("query", "set", "msg");
        assertTrue(setattr.err().contains("invalid_setattr (setattr)"), setattr.err());
        CliRun ghost = run("query", "logs", "--app", "ghost");
        assertTrue(ghost.err().contains("404 app_not_found"), ghost.err());
        CliRun badToken = CliRun.of("query", "apps", "--url", stack.uri().toString(), "--token", "hq_nope", "--ca", stack.caFile().toString());
        assertEquals(1, badToken.exit());
        assertTrue(badToken.err().contains("401 unknown_token"), badToken.err());
        CliRun instance = run("query", "logs", "--instance", "1");
        assertEquals(2, instance.exit(), "instance needs class, checked before any call");
        assertTrue(instance.err().contains("instance needs class"), instance.err());
        CliRun type = run("query", "logs", "--type", "X");
        assertEquals(2, type.exit());
    }

    @Test
    void theRunningHarbourUpIsTheDefault() {
        CliRun r = CliRun.of("query", "apps", "--state-dir", stateDir.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of("crm", "shop"), r.lines());
        CliRun none = CliRun.of("query", "apps", "--state-dir", stateDir.resolve("nothing").toString());
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("give --url"), none.err());
    }
}
