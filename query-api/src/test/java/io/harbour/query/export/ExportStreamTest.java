package io.harbour.query.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.Times;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The merge, count, sample and size cut of {@link ExportStream} over hits given in order: what
 * Elasticsearch's pages would bring (the ITs run the same against a real node).
 */
class ExportStreamTest {

    /** Hits of one kind, already in (received, doc_id) order. */
    static final class ListedHits implements SortedHits {
        private final ExportKind kind;
        private final ArrayDeque<Hit> hits = new ArrayDeque<>();
        boolean closed;

        ListedHits(ExportKind kind, Object... nanosAndIds) {
            this.kind = kind;
            for (int i = 0; i < nanosAndIds.length; i += 2) {
                long nanos = ((Number) nanosAndIds[i]).longValue();
                String id = (String) nanosAndIds[i + 1];
                ObjectNode source = JsonNodeFactory.instance.objectNode();
                source.put("doc_id", id);
                source.put(kind == ExportKind.EXCHANGES ? "first_received_at" : "received_at", Times.format(nanos));
                hits.add(new Hit(kind, nanos, id, JsonNodeFactory.instance.arrayNode().add(nanos).add(id), source));
            }
        }

        /** Resumes after a cursor position, as search_after would. */
        ListedHits after(ExportCursor.Position p) {
            if (p != null) {
                hits.removeIf(h -> h.receivedNanos() < p.receivedNanos()
                        || h.receivedNanos() == p.receivedNanos() && Hit.compareCodePoints(h.docId(), p.docId()) <= 0);
            }
            return this;
        }

        @Override
        public ExportKind kind() {
            return kind;
        }

        @Override
        public Hit peek() {
            return hits.peekFirst();
        }

        @Override
        public Hit poll() {
            return hits.pollFirst();
        }

        @Override
        public int held() {
            return hits.size();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static List<ListedHits> sample() {
        return List.of(
                new ListedHits(ExportKind.LOGHARBOUR, 10, "b", 20, "a", 20, "c", 30, "z"),
                new ListedHits(ExportKind.EXCHANGES, 10, "a", 20, "b", 40, "q"),
                new ListedHits(ExportKind.OBSERVATIONS, 20, "b", 25, "m"));
    }

    private static ExportStream stream(List<? extends SortedHits> hits, Set<String> fields, Sampler sample, long count, long maxBytes,
                                       ExportCursor cursor) {
        return new ExportStream(hits, new LineFormat(fields, TimestampFormat.UNIXNANO), sample, count, maxBytes, 2, 0, 100, cursor,
                new ExportMetrics(new SimpleMeterRegistry()));
    }

    static List<String> drain(ExportStream s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (s.writeNext(out)) {
            assertTrue(out.size() == 0 || out.toByteArray()[out.size() - 1] == '\n', "each part ends at a line boundary");
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "never a half line");
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static String key(String line) {
        JsonNode n = LineFormatTest.json(line);
        return n.path("received_at").asLong() + "/" + n.path("doc_id").asText() + "/" + n.path("kind").asText();
    }

    @Test
    void kindsMergeByReceivedThenDocIdThenKind() throws IOException {
        List<String> keys = drain(stream(sample(), Set.of(), null, Long.MAX_VALUE, Long.MAX_VALUE, ExportCursor.start()))
                .stream().map(ExportStreamTest::key).toList();
        assertEquals(List.of("10/a/exchanges", "10/b/logharbour", "20/a/logharbour", "20/b/exchanges", "20/b/observations",
                "20/c/logharbour", "25/m/observations", "30/z/logharbour", "40/q/exchanges"), keys);
    }

    @Test
    void countStopsAfterThatManyLines() throws IOException {
        assertEquals(3, drain(stream(sample(), Set.of(), null, 3, Long.MAX_VALUE, ExportCursor.start())).size());
    }

    @Test
    void sampleKeepsTheSameLinesAsFilteringByTheHash() throws IOException {
        Sampler s = new Sampler(0.5);
        List<String> all = drain(stream(sample(), Set.of(), null, Long.MAX_VALUE, Long.MAX_VALUE, ExportCursor.start()));
        List<String> expected = all.stream().filter(l -> s.keeps(LineFormatTest.json(l).path("doc_id").asText())).toList();
        assertEquals(expected, drain(stream(sample(), Set.of(), s, Long.MAX_VALUE, Long.MAX_VALUE, ExportCursor.start())));
        assertTrue(expected.size() < all.size());
    }

    @Test
    void aCutEndsAtALineBoundaryAndItsCursorResumesWithExactlyTheRest() throws IOException {
        List<String> all = drain(stream(sample(), Set.of(), null, Long.MAX_VALUE, Long.MAX_VALUE, ExportCursor.start()));
        long limit = all.get(0).length() + 1 + all.get(1).length() + 1 + all.get(2).length() / 2;
        List<String> got = new ArrayList<>();
        ExportCursor cursor = ExportCursor.start();
        int calls = 0;
        while (true) {
            calls++;
            ExportCursor from = cursor;
            List<ListedHits> resumed = sample().stream().map(h -> h.after(from.position(h.kind()))).toList();
            List<String> lines = drain(stream(resumed, Set.of(), null, Long.MAX_VALUE, limit, cursor));
            String last = lines.get(lines.size() - 1);
            JsonNode tail = LineFormatTest.json(last);
            if (!tail.has("cut")) {
                got.addAll(lines);
                break;
            }
            assertFalse(tail.has("kind"));
            assertEquals(0, tail.path("cut").path("resume").path("start").asLong());
            assertEquals(100, tail.path("cut").path("resume").path("end").asLong());
            long dataBytes = lines.subList(0, lines.size() - 1).stream().mapToLong(l -> l.length() + 1).sum();
            assertTrue(dataBytes <= limit, "the lines before the cut fit the limit");
            assertEquals(dataBytes, tail.path("cut").path("bytes").asLong());
            got.addAll(lines.subList(0, lines.size() - 1));
            cursor = ExportCursor.decode(tail.path("cut").path("resume").path("cursor").asText());
        }
        assertEquals(all, got);
        assertTrue(calls >= 4, "cut " + (calls - 1) + " times");
    }

    @Test
    void aLineLargerThanTheLimitStillLeavesWholeWhenItIsTheFirst() throws IOException {
        List<String> lines = drain(stream(sample(), Set.of(), null, Long.MAX_VALUE, 5, ExportCursor.start()));
        assertEquals(2, lines.size());
        assertEquals("10/a/exchanges", key(lines.get(0)));
        assertTrue(LineFormatTest.json(lines.get(1)).has("cut"));
    }

    @Test
    void closingClosesEveryKind() {
        List<ListedHits> hits = sample();
        stream(hits, Set.of(), null, 1, 1, ExportCursor.start()).close();
        assertTrue(hits.stream().allMatch(h -> h.closed));
    }

    @Test
    void docIdsCompareAsElasticsearchSortsKeywords() {
        // U+FFFF sorts before U+1F600 in UTF-8 bytes and code points, after it in UTF-16 units.
        assertTrue(Hit.compareCodePoints("\uFFFF", "\uD83D\uDE00") < 0);
        assertTrue("\uFFFF".compareTo("\uD83D\uDE00") > 0);
        assertTrue(Hit.compareCodePoints("ab", "abc") < 0);
        assertEquals(0, Hit.compareCodePoints("abc", "abc"));
    }
}
