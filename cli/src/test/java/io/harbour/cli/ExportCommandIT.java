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
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * {@code harbour export} against a real query API and node: five minute windows of entries
 * (written as the indexer writes them), the watermark first inside them, a run that stops there,
 * a crash simulated mid-append, then a resume: every line exactly once, in order.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportCommandIT {
    private static final String REALM = "cliexport";
    private static final int PER_MINUTE = 10;

    QueryApiStack stack;
    ElasticsearchConnection es;
    Instant base;
    Path tokenFile;

    @BeforeAll
    void load(ElasticsearchNode node, @TempDir Path dir) throws Exception {
        stack = new QueryApiStack(dir.resolve("api"), node.httpUri(), 100);
        es = new ElasticsearchConnection(ElasticsearchSettings.local(node.httpUri().toString()), Json.mapper());
        // The layout's template first, as the indexer installs it: without it the daily index gets dynamic mappings.
        assertTrue(es.send("PUT", "/_index_template/" + IndexNames.templateName(DocumentKind.LOGHARBOUR),
                IndexTemplates.template(DocumentKind.LOGHARBOUR, IndexTemplates.Settings.singleNode())).ok());
        base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        DocumentBuilder builder = new DocumentBuilder();
        List<IndexedDocument> docs = new ArrayList<>();
        for (int m = 0; m < 5; m++) {
            for (int k = 0; k < PER_MINUTE; k++) {
                Instant at = base.plusSeconds(60L * m + 5L * k);
                String entry = "{\"id\":\"2ZCLI" + m + "x" + k + "\",\"app\":\"shop\",\"type\":\"A\",\"when\":\"" + at + "\",\"msg\":\"m" + m + "\"}";
                docs.addAll(builder.build(new RecordContext("harbour.logharbour", 0, docs.size(), LogKind.LOGHARBOUR, REALM, Times.nanos(at),
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
        tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, stack.everythingToken(REALM) + "\n");
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) {
            stack.close();
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
        return CliRun.of("export", "--since", base.toString(), "--until", Long.toString(base.plusSeconds(300).getEpochSecond()),
                "--out", out.toString(), "--url", stack.uri().toString(), "--token-file", tokenFile.toString(),
                "--ca", stack.caFile().toString(), "--no-progress");
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
        List<String> lines = Files.readAllLines(out);
        assertEquals(5 * PER_MINUTE, lines.size());
        List<String> ids = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (String line : lines) {
            JsonNode n = Json.mapper().readTree(line);
            ids.add(n.path("id").asText());
            assertTrue(n.path("received_at").asLong() > previous);
            previous = n.path("received_at").asLong();
        }
        assertEquals(5 * PER_MINUTE, new HashSet<>(ids).size(), "each line once");
        JsonNode state = Json.mapper().readTree(ExportCommand.stateFile(out).toFile());
        assertEquals(base.plusSeconds(300).toString(), state.path("next").asText());
        assertEquals(Files.size(out), state.path("out_length").asLong());

        byte[] before = Files.readAllBytes(out);
        assertEquals(0, export(out).exit());
        assertEquals(List.of(before.length), List.of(Files.readAllBytes(out).length), "a finished export writes nothing again");
    }
}
