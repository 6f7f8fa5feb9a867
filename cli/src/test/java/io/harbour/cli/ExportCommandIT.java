package io.harbour.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.client.query.QueryApiStack;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.DocumentBuilder;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.RecordContext;
import io.harbour.layout.Times;
import io.harbour.layout.Watermarks;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import io.harbour.query.QueryApiConfig;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harbour export} against a real query API and node, entries written as the indexer writes
 * them: five minute windows, the watermark first inside them, a run that stops there, a crash
 * simulated mid-append, then a resume; a run of 60 windows in its own process killed (SIGKILL)
 * three times at different points, then finished; and a server whose size limit cuts every
 * window and whose rate limit answers 429. Every line exactly once, in order, each time.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportCommandIT {
    private static final String REALM = "cliexport";
    private static final int PER_MINUTE = 10;
    private static final String KILL_REALM = "cliexportkill";
    private static final int KILL_WINDOWS = 60;
    private static final int KILL_PER_MINUTE = 8;

    QueryApiStack stack;
    /** Pages of 7, at most 1000 bytes an answer (every window is cut), 3 calls at once then 2 a second (429s). */
    QueryApiStack constrained;
    ElasticsearchConnection es;
    Instant base;
    Instant killBase;
    Path tokenFile;
    Path killTokenFile;
    Path constrainedTokenFile;

    @BeforeAll
    void load(ElasticsearchNode node, @TempDir Path dir) throws Exception {
        stack = new QueryApiStack(dir.resolve("api"), node.httpUri(), 100);
        es = new ElasticsearchConnection(ElasticsearchSettings.local(node.httpUri().toString()), Json.mapper());
        // The layout's template first, as the indexer installs it: without it the daily index gets dynamic mappings.
        assertTrue(es.send("PUT", "/_index_template/" + IndexNames.templateName(DocumentKind.LOGHARBOUR),
                IndexTemplates.template(DocumentKind.LOGHARBOUR, IndexTemplates.Settings.singleNode())).ok());
        base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        // Ends three hours before now (before base): the watermark either test sets covers it.
        killBase = base.minus(Duration.ofMinutes(60 + KILL_WINDOWS));
        load(REALM, base, 5, PER_MINUTE);
        load(KILL_REALM, killBase, KILL_WINDOWS, KILL_PER_MINUTE);
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, stack.everythingToken(REALM) + "\n");
        killTokenFile = dir.resolve("kill-token");
        Files.writeString(killTokenFile, stack.everythingToken(KILL_REALM) + "\n");
        QueryApiConfig.Export defaults = QueryApiConfig.Export.defaults();
        constrained = new QueryApiStack(dir.resolve("constrained"), node.httpUri(), 100, Clock.systemUTC(),
                new QueryApiConfig.Export(7, 1000, defaults.keepAlive(), 30, 120, 3));
        constrainedTokenFile = dir.resolve("constrained-token");
        Files.writeString(constrainedTokenFile, constrained.everythingToken(REALM) + "\n");
    }

    /** {@code perMinute} entries in each of {@code minutes} minutes from {@code from}, 5 s apart, ids naming realm, minute and entry. */
    private void load(String realm, Instant from, int minutes, int perMinute) throws Exception {
        DocumentBuilder builder = new DocumentBuilder();
        List<IndexedDocument> docs = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            for (int k = 0; k < perMinute; k++) {
                Instant at = from.plusSeconds(60L * m + 5L * k);
                String entry = "{\"id\":\"2Z" + realm + m + "x" + k + "\",\"app\":\"shop\",\"type\":\"A\",\"when\":\"" + at + "\",\"msg\":\"m" + m + "\"}";
                docs.addAll(builder.build(new RecordContext("harbour.logharbour", 0, docs.size(), LogKind.LOGHARBOUR, realm, Times.nanos(at),
                        "192.0.2.1", "key:it", "rcpt"), entry.getBytes(StandardCharsets.UTF_8)));
            }
        }
        StringBuilder bulk = new StringBuilder();
        Set<String> indices = new HashSet<>();
        for (IndexedDocument d : docs) {
            if (indices.add(d.index())) {
                var r = es.send("PUT", "/" + d.index(), IndexTemplates.createIndexBody(d.kind(), d.realm()));
                assertTrue(r.ok() || "resource_already_exists_exception".equals(r.errorType()), String.valueOf(r.body()));
            }
            bulk.append("{\"create\":{\"_index\":\"").append(d.index()).append("\",\"_id\":\"").append(d.id()).append("\"}}\n")
                    .append(Json.mapper().writeValueAsString(d.source())).append('\n');
        }
        assertFalse(es.sendNdjson("/_bulk", bulk.toString()).body().path("errors").asBoolean());
    }

    @AfterAll
    void stop() throws Exception {
        for (QueryApiStack s : new QueryApiStack[] {stack, constrained}) {
            if (s != null) {
                s.close();
            }
        }
        if (es != null) {
            es.close();
        }
    }

    private void watermark(Instant at) throws Exception {
        var r = es.send("PUT", "/" + Watermarks.INDEX, Watermarks.createIndexBody(IndexTemplates.Settings.singleNode()));
        assertTrue(r.ok() || "resource_already_exists_exception".equals(r.errorType()), String.valueOf(r.body()));
        for (String topic : List.of("harbour.logharbour", "harbour.extrahop", "harbour.observations")) {
            var d = new Watermarks.WatermarkDocument(topic, 0, null, 1, at, Instant.now(), "it");
            assertTrue(es.send("PUT", "/" + Watermarks.INDEX + "/_doc/" + d.id() + "?refresh=true", d.source()).ok());
        }
    }

    private CliRun export(Path out) {
        return CliRun.of(exportArguments(stack, tokenFile, base, base.plusSeconds(300), out));
    }

    private static String[] exportArguments(QueryApiStack api, Path token, Instant since, Instant until, Path out) {
        return new String[] {"export", "--since", since.toString(), "--until", Long.toString(until.getEpochSecond()), "--out", out.toString(),
                "--url", api.uri().toString(), "--token-file", token.toString(), "--ca", api.caFile().toString(), "--no-progress"};
    }

    /** Lines of an export of {@code realm}: received strictly later each line (so no line twice), ids as loaded, every one. */
    private static void assertEveryLineOnceInOrder(List<String> lines, String realm, int minutes, int perMinute) throws Exception {
        assertEquals(minutes * perMinute, lines.size());
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode n = Json.mapper().readTree(lines.get(i));
            assertEquals("2Z" + realm + (i / perMinute) + "x" + (i % perMinute), n.path("id").asText(), "line " + i);
            assertTrue(n.path("received_at").asLong() > previous, "line " + i);
            previous = n.path("received_at").asLong();
        }
    }

    @Test
    void stopsAtTheWatermarkAndResumesAfterACrashWithEveryLineOnce(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("logs.ndjson");
        watermark(base.plusSeconds(180));
        CliRun first = export(out);
        assertEquals(0, first.exit(), first::toString);
        assertEquals(3 * PER_MINUTE, Files.readAllLines(out).size());

        // Killed while appending the next window: part of a line, not recorded in the state file.
        Files.writeString(out, "{\"kind\":\"logharbour\",\"received_at\":17", StandardOpenOption.APPEND);
        watermark(base.plusSeconds(400));
        CliRun second = export(out);
        assertEquals(0, second.exit(), second::toString);
        assertEveryLineOnceInOrder(Files.readAllLines(out), REALM, 5, PER_MINUTE);
        JsonNode state = Json.mapper().readTree(ExportCommand.stateFile(out).toFile());
        assertEquals(base.plusSeconds(300).toString(), state.path("next").asText());
        assertEquals(Files.size(out), state.path("out_length").asLong());

        byte[] before = Files.readAllBytes(out);
        assertEquals(0, export(out).exit());
        assertEquals(List.of(before.length), List.of(Files.readAllBytes(out).length), "a finished export writes nothing again");
    }

    @Test
    void aRunKilledThreeTimesMidRunResumesToEveryLineOnce(@TempDir Path dir) throws Exception {
        Instant until = killBase.plus(Duration.ofMinutes(KILL_WINDOWS));
        watermark(until);
        // The same export uninterrupted, in this JVM: what the killed runs must add up to, byte for byte.
        Path whole = dir.resolve("whole.ndjson");
        CliRun reference = CliRun.of(exportArguments(stack, killTokenFile, killBase, until, whole));
        assertEquals(0, reference.exit(), reference::toString);
        assertEveryLineOnceInOrder(Files.readAllLines(whole), KILL_REALM, KILL_WINDOWS, KILL_PER_MINUTE);
        long size = Files.size(whole);

        Path out = dir.resolve("killed.ndjson");
        String[] args = exportArguments(stack, killTokenFile, killBase, until, out);
        int run = 0;
        // Each threshold a further part of the way: a kill lands in a different window each time,
        // wherever in its fetch, append or state write the process happens to be.
        for (double part : new double[] {0.2, 0.45, 0.7}) {
            Path log = dir.resolve("run-" + ++run + ".log");
            Process export = CliProcess.start(log, args);
            try {
                while (export.isAlive() && length(out) < part * size) {
                    Thread.sleep(5);
                }
                assertTrue(export.isAlive(), () -> "run " + log + " ended before --out reached " + part + " of the export: " + read(log));
                export.destroyForcibly();
                assertEquals(137, export.waitFor(), "SIGKILL: 128 + 9");
            } finally {
                export.destroyForcibly();
            }
            assertTrue(length(out) < size, "killed before the end");
        }
        Path log = dir.resolve("run-final.log");
        Process last = CliProcess.start(log, args);
        assertEquals(0, last.waitFor(), () -> read(log));
        assertEquals(Files.readString(whole), Files.readString(out), "killed three times, then finished: the uninterrupted export's lines, once each");
        JsonNode state = Json.mapper().readTree(ExportCommand.stateFile(out).toFile());
        assertEquals(until.toString(), state.path("next").asText());
    }

    @Test
    void followsCutLinesAndWaitsOutTheRateLimit(@TempDir Path dir) throws Exception {
        watermark(base.plusSeconds(400));
        Path plain = dir.resolve("plain.ndjson");
        CliRun uncut = CliRun.of(exportArguments(stack, tokenFile, base, base.plusSeconds(300), plain));
        assertEquals(0, uncut.exit(), uncut::toString);
        assertFalse(uncut.err().contains("was cut"), uncut::toString);

        // Ten lines a window are about 2.5 KB; the server cuts at 1000 bytes, so every window comes
        // in three answers or so, and those fifteen calls against a burst of three, refilled one
        // every half second, meet 429 with a Retry-After of a second.
        Path out = dir.resolve("constrained.ndjson");
        CliRun constrainedRun = CliRun.of(exportArguments(constrained, constrainedTokenFile, base, base.plusSeconds(300), out));
        assertEquals(0, constrainedRun.exit(), constrainedRun::toString);
        for (int m = 0; m < 5; m++) {
            assertTrue(constrainedRun.err().contains("the answer for " + base.plusSeconds(60L * m) + " was cut at the server's size limit"),
                    constrainedRun::toString);
        }
        assertTrue(constrainedRun.err().contains("answered 429"), constrainedRun::toString);
        assertEquals(Files.readString(plain), Files.readString(out), "cut and rate limited, the same lines as in one answer a window");
        assertEveryLineOnceInOrder(Files.readAllLines(out), REALM, 5, PER_MINUTE);
    }

    private static long length(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
