package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.client.query.QueryApiStack;
import io.harbour.client.query.QueryApiStack.Entry;
import io.harbour.model.Json;
import io.harbour.model.logharbour.Timestamp;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code harbour tail} against a real query API: entries indexed after it started are printed,
 * each once, in time order, including entries that share the newest time and one that becomes
 * visible after a newer one (within the look-back); older entries and other apps are not.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TailCommandIT {
    private static final String REALM = "tail";

    QueryApiStack stack;
    String token;

    @BeforeAll
    void start(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        // Pages of 3, so one poll that finds more walks several pages.
        stack = new QueryApiStack(dir, es.httpUri(), 3);
        // Before the tail starts: never printed.
        stack.load(REALM, List.of(Entry.of("old", "shop", "A", "Info", ts(Instant.now().minus(Duration.ofHours(1)))).json()));
        token = stack.everythingToken(REALM);
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private static String ts(Instant t) {
        return Timestamp.of(t).text();
    }

    /** The ids printed so far, one NDJSON line each. */
    private static List<String> ids(StringWriter out) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            ids.add(Json.mapper().readTree(line).path("id").asText());
        }
        return ids;
    }

    private static void awaitLines(StringWriter out, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (out.toString().lines().count() < n) {
            assertTrue(System.nanoTime() < deadline, "waited a minute for " + n + " lines, have: " + out);
            Thread.sleep(100);
        }
    }

    @Test
    void printsEntriesIndexedAfterItStartedEachOnce() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new HarbourCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread tail = new Thread(() -> exit.set(cli.execute("tail", "--json", "--app", "shop", "--interval", "PT0.2S", "--lookback", "PT30S",
                "--url", stack.uri().toString(), "--token", token, "--ca", stack.caFile().toString())), "tail-under-test");
        tail.start();
        try {
            Thread.sleep(1500); // a few empty polls first
            assertEquals(List.of(), ids(out), "nothing from before the start: " + err);

            Instant t = Instant.now().plusSeconds(2);
            String tied = ts(t.plusMillis(10));
            stack.load(REALM, List.of(
                    Entry.of("a1", "shop", "A", "Info", ts(t)).json(),
                    Entry.of("a2", "shop", "A", "Info", tied).json(),
                    Entry.of("a3", "shop", "A", "Info", tied).json(),
                    Entry.of("other", "crm", "A", "Info", ts(t)).json()));
            awaitLines(out, 3);
            Thread.sleep(1000); // several more polls over the same entries: none may print again

            // Indexed later: one more at the tied time (the boundary a poll starts from), one older
            // than the newest already printed (late, within the look-back), and newer ones over two pages.
            stack.load(REALM, List.of(
                    Entry.of("b1", "shop", "A", "Info", tied).json(),
                    Entry.of("late", "shop", "A", "Info", ts(t.plusMillis(5))).json(),
                    Entry.of("c1", "shop", "A", "Info", ts(t.plusMillis(20))).json(),
                    Entry.of("c2", "shop", "A", "Info", ts(t.plusMillis(30))).json(),
                    Entry.of("c3", "shop", "A", "Info", ts(t.plusMillis(40))).json(),
                    Entry.of("c4", "shop", "A", "Info", ts(t.plusMillis(50))).json()));
            awaitLines(out, 9);
            Thread.sleep(1000);
        } finally {
            tail.interrupt(); // what Ctrl-C ends, here without ending the test JVM
            tail.join(30_000);
        }
        assertEquals(0, exit.get(), err.toString());
        List<String> ids = ids(out);
        assertEquals(9, ids.size(), "each entry once: " + ids);
        assertEquals(List.of("a1", "a2", "a3"), ids.subList(0, 3).stream().sorted().toList(), "the tied a2 and a3 in either order");
        assertEquals("a1", ids.get(0), "oldest first");
        assertEquals(java.util.Set.of("b1", "late", "c1", "c2", "c3", "c4"), new java.util.HashSet<>(ids.subList(3, 9)));
        assertEquals(List.of("c1", "c2", "c3", "c4"), ids.subList(3, 9).stream().filter(id -> id.startsWith("c")).toList(), "in time order");
    }
}
