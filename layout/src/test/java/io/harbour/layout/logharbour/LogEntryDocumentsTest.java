package io.harbour.layout.logharbour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.DocumentBuilder;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordContext;
import io.harbour.layout.Records;
import io.harbour.model.BatchItem;
import io.harbour.model.LogKind;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.logharbour.Priority;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogEntryDocumentsTest {
    private static final ObjectMapper WIRE = new ObjectMapper();
    private final DocumentBuilder builder = new DocumentBuilder();

    private ObjectNode build(String entry) throws MalformedRecordException {
        return single(Records.bytes(entry)).source();
    }

    private IndexedDocument single(byte[] body) throws MalformedRecordException {
        RecordContext ctx = Records.context(LogKind.LOGHARBOUR, 7);
        List<IndexedDocument> docs = builder.build(ctx, body);
        assertEquals(1, docs.size());
        assertSerializedIsTheTree(ctx, body);
        return docs.get(0);
    }

    /**
     * What the indexer sends ({@link DocumentBuilder#buildSerialized}, written without a tree) is
     * byte for byte the tree of {@link DocumentBuilder#build} serialized by a plain ObjectMapper
     * (as the indexer's Elasticsearch client serializes it), with the same id, index and mode.
     */
    private void assertSerializedIsTheTree(RecordContext ctx, byte[] body) throws MalformedRecordException {
        IndexedDocument tree = builder.build(ctx, body).get(0);
        List<IndexedDocument> serialized = builder.buildSerialized(ctx, body);
        assertEquals(1, serialized.size());
        IndexedDocument s = serialized.get(0);
        try {
            assertEquals(new String(WIRE.writeValueAsBytes(tree.source()), StandardCharsets.UTF_8),
                    new String(s.json(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
        assertEquals(tree.id(), s.id());
        assertEquals(tree.index(), s.index());
        assertEquals(tree.kind(), s.kind());
        assertEquals(tree.realm(), s.realm());
        assertEquals(tree.mode(), s.mode());
        assertEquals(tree.indexTime(), s.indexTime());
    }

    @Test
    void theSerializedDocumentIsTheTreesBytesForEveryShapeOfEntryAndContext() throws Exception {
        List<RecordContext> contexts = List.of(Records.context(LogKind.LOGHARBOUR, 7),
                new RecordContext("harbour.logharbour", 11, Long.MAX_VALUE, LogKind.LOGHARBOUR, "acme", -1L, null, null, null),
                new RecordContext("t\"opic", 0, 0, LogKind.LOGHARBOUR, "acme", 1_779_000_000_123_456_789L, "not an address", "cert:CN=é \"x\"", "r"),
                new RecordContext("t", 2, 3, LogKind.LOGHARBOUR, "acme", 1_779_000_000_000_000_000L, "2001:db8::1", "addr:2001:db8::1", "r2"));
        List<String> entries = List.of(
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\"}",
                "{\"id\":\"x\",\"app\":\"a\",\"system\":\"s\",\"module\":\"m\",\"type\":\"A\",\"pri\":\"Crit\",\"when\":\"2024-05-06t15:21:48.120z\","
                        + "\"who\":\"w\",\"op\":\"o\",\"class\":\"c\",\"instance\":\"i\",\"status\":1,\"error\":\"e \\u0001 \\\"q\\\" \u00e9\u4e2d\","
                        + "\"remote_ip\":\"192.0.2.1\",\"msg\":\"line\\nnext\",\"data\":{\"activity_data\":\"did it\"},\"trace_id\":\"t\",\"span_id\":\"sp\"}",
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"remote_ip\":\"LOCAL\",\"data\":\"some text\"}",
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"data\":{}}",
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"type\":\"C\",\"data\":{\"change_data\":{\"entity\":\"User\",\"op\":\"update\","
                        + "\"changes\":[{\"field\":\"f\",\"old_value\":1.50,\"new_value\":{\"a\":[1,2]},\"note\":true},{\"field\":\"g\",\"old_value\":null,\"new_value\":\"n\"}],"
                        + "\"by\":\"someone\"}}}",
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"type\":\"C\",\"data\":{\"change_data\":{\"entity\":null,\"changes\":null}}}",
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"type\":\"D\",\"pri\":\"Debug2\",\"data\":{\"debug_data\":{\"pid\":12345678901,"
                        + "\"runtime\":\"go1.22\",\"file\":\"f.go\",\"line\":42,\"func\":\"main.f\",\"stackTrace\":\"st\","
                        + "\"data\":{\"n\":1.0E+3,\"big\":123456789012345678901234567890,\"neg\":-0.000,\"s\":\"x\",\"z\":null,\"l\":[true,false]},\"more\":[]}}}",
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"type\":\"D\",\"data\":{\"debug_data\":{\"pid\":null,\"data\":null}}}",
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"who\":null,\"realm\":\"other\",\"received_at\":1,\"custom\":{\"deep\":[{\"x\":0.1}]}}");
        long offset = 0;
        for (RecordContext ctx : contexts) {
            for (String entry : entries) {
                assertSerializedIsTheTree(ctx, Records.bytes(entry));
            }
            for (BatchItem<LogEntry> item : Records.testDataItems()) {
                assertSerializedIsTheTree(new RecordContext(ctx.topic(), ctx.partition(), offset++, ctx.kind(), ctx.realm(), ctx.receivedAtNanos(),
                        ctx.senderAddress(), ctx.senderIdentity(), ctx.receiptId()), item.raw());
            }
        }
    }

    @Test
    void aSerializedDocumentReadsBackAsItsTree() throws Exception {
        for (BatchItem<LogEntry> item : Records.testDataItems()) {
            RecordContext ctx = Records.context(LogKind.LOGHARBOUR, 3);
            IndexedDocument s = builder.buildSerialized(ctx, item.raw()).get(0);
            assertEquals(WIRE.readTree(WIRE.writeValueAsBytes(builder.build(ctx, item.raw()).get(0).source())), s.source());
        }
    }

    @Test
    void all202EntriesOfTheLibrarysTestDataBecomeOneDocumentEachWithTheirOwnIds() throws Exception {
        List<BatchItem<LogEntry>> items = Records.testDataItems();
        assertEquals(202, items.size());
        Set<String> ids = new HashSet<>();
        long offset = 0;
        for (BatchItem<LogEntry> item : items) {
            List<IndexedDocument> docs = builder.build(Records.context(LogKind.LOGHARBOUR, offset++), item.raw());
            assertEquals(1, docs.size());
            IndexedDocument d = docs.get(0);
            assertEquals(item.value().id(), d.id());
            assertEquals(d.id(), d.source().get("doc_id").asText());
            assertEquals(IndexedDocument.WriteMode.CREATE, d.mode());
            assertEquals(DocumentKind.LOGHARBOUR, d.kind());
            assertEquals(item.value().priority().ordinal(), d.source().get(LogFields.PRI_LEVEL).asInt());
            ids.add(d.id());
        }
        assertEquals(202, ids.size());
    }

    @Test
    void everyEntryReadsBackAsItWasSent() throws Exception {
        for (BatchItem<LogEntry> item : Records.testDataItems()) {
            JsonNode back = LogEntrySources.toEntry(single(item.raw()).source());
            assertEquals(item.value(), LogEntryFormat.INSTANCE.parse(back.toString()));
        }
    }

    @Test
    void localRemoteIpIsKeptAsTextAndNotTypedAsAnAddress() throws Exception {
        ObjectNode doc = build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"remote_ip\":\"LOCAL\"}");
        assertFalse(doc.has(LogFields.REMOTE_IP));
        assertEquals("LOCAL", doc.get(LogFields.REMOTE_IP_TEXT).asText());
        assertEquals("LOCAL", LogEntrySources.toEntry(doc).get("remote_ip").asText());

        ObjectNode v6 = build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"remote_ip\":\"2404:6800:4009:813::200e\"}");
        assertEquals("2404:6800:4009:813::200e", v6.get(LogFields.REMOTE_IP).asText());
        assertEquals("2404:6800:4009:813::200e", v6.get(LogFields.REMOTE_IP_TEXT).asText());
    }

    @Test
    void absentStatusIsWrittenAsSuccessAndAbsentPriAsInfo() throws Exception {
        ObjectNode doc = build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\"}");
        assertEquals(0, doc.get(LogFields.STATUS).asInt());
        assertTrue(doc.get(LogFields.STATUS).isInt());
        assertEquals("Info", doc.get(LogFields.PRI).asText());
        assertEquals(3, doc.get(LogFields.PRI_LEVEL).asInt());
        assertEquals(1, build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"status\":1}").get(LogFields.STATUS).asInt());
    }

    @Test
    void priorityLevelsRunFromDebug2ToSecInAnyLetterCase() throws Exception {
        for (Priority p : Priority.values()) {
            ObjectNode doc = build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"pri\":\"" + p.wireName().toLowerCase() + "\"}");
            assertEquals(p.wireName(), doc.get(LogFields.PRI).asText());
            assertEquals(p.ordinal(), doc.get(LogFields.PRI_LEVEL).asInt());
        }
        ObjectNode sec = build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"pri\":\"Sec\"}");
        assertEquals(7, sec.get(LogFields.PRI_LEVEL).asInt());
        assertEquals("Sec", LogEntrySources.toEntry(sec).get("pri").asText());
    }

    @Test
    void nanosecondsOfWhenAreKeptAsSent() throws Exception {
        ObjectNode doc = build("{\"app\":\"a\",\"when\":\"2026-11-23T05:56:38.427582317Z\"}");
        assertEquals("2026-11-23T05:56:38.427582317Z", doc.get(LogFields.WHEN).asText());
        assertEquals("2026-11-23T05:56:38.42782971Z",
                build("{\"app\":\"a\",\"when\":\"2026-11-23T05:56:38.42782971Z\"}").get(LogFields.WHEN).asText());
        assertEquals("2026-11-23T05:56:38.5Z", build("{\"app\":\"a\",\"when\":\"2026-11-23t05:56:38.5z\"}").get(LogFields.WHEN).asText());
    }

    @Test
    void aStringDataOfOlderProducersGoesToDataText() throws Exception {
        ObjectNode doc = build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"data\":\"{}\"}");
        assertFalse(doc.has(LogFields.DATA));
        assertEquals("{}", doc.get(LogFields.DATA_TEXT).asText());
        assertEquals("{}", LogEntrySources.toEntry(doc).get("data").asText());
        assertEquals("{}", build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"data\":{}}").get(LogFields.DATA).toString());
    }

    @Test
    void changesAreWrittenAsStringsAndDebugDataAsSent() throws Exception {
        ObjectNode change = build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"type\":\"C\",\"data\":{\"change_data\":{"
                + "\"entity\":\"Order\",\"op\":\"Update\",\"changes\":[{\"field\":\"qty\",\"old_value\":2,\"new_value\":null}]}}}");
        JsonNode c = change.at("/data/change_data/changes/0");
        assertEquals("qty", c.get("field").asText());
        assertEquals("2", c.get("old_value").textValue());
        assertEquals("null", c.get("new_value").textValue());

        ObjectNode debug = build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"type\":\"D\",\"data\":{\"debug_data\":{"
                + "\"pid\":6321,\"line\":31,\"stackTrace\":\"1:goroutine\",\"data\":\"{\\\"coupon\\\":\\\"SAVE10\\\"}\"}}}");
        assertEquals("{\"coupon\":\"SAVE10\"}", debug.at("/data/debug_data/data").textValue());
        assertEquals(6321, debug.at("/data/debug_data/pid").asLong());
    }

    @Test
    void unknownFieldsGoUnderExtraSoTheyCannotCollideWithHarboursFields() throws Exception {
        ObjectNode doc = build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"realm\":\"other\",\"received_at\":1,\"who\":null}");
        assertEquals(Records.REALM, doc.get("realm").asText());
        assertEquals("other", doc.at("/extra/realm").asText());
        assertEquals(1, doc.at("/extra/received_at").asInt());
        assertTrue(doc.at("/extra/who").isNull());
        JsonNode back = LogEntrySources.toEntry(doc);
        assertEquals("other", back.get("realm").asText());
        assertFalse(back.has("doc_id"));
        assertFalse(back.has("kafka"));
    }

    @Test
    void harboursOwnFieldsSayWhereTheEntryCameFrom() throws Exception {
        ObjectNode doc = build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\"}");
        assertEquals("2024-05-06T15:30:00Z", doc.get("received_at").asText());
        assertEquals("key:sensor-1", doc.get("sender").asText());
        assertEquals("192.0.2.10", doc.get("sender_address").asText());
        assertEquals("harbour.logharbour", doc.at("/kafka/topic").asText());
        assertEquals(7, doc.at("/kafka/offset").asLong());
    }

    @Test
    void withoutAnIdTheSameEntryRetriedAtAnotherOffsetIsTheSameDocument() throws Exception {
        String entry = "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48.123Z\",\"msg\":\"m\"}";
        String reformatted = "{ \"msg\" : \"m\",\n \"when\":\"2024-05-06T15:21:48.123Z\", \"app\":\"a\" }";
        String first = builder.build(Records.context(LogKind.LOGHARBOUR, 1), Records.bytes(entry)).get(0).id();
        String retry = builder.build(Records.context(LogKind.LOGHARBOUR, 99), Records.bytes(reformatted)).get(0).id();
        assertEquals(first, retry);
        assertNotEquals(first, builder.build(Records.context(LogKind.LOGHARBOUR, "other", 1, Records.RECEIVED),
                Records.bytes(entry)).get(0).id());
        assertNotEquals(first, builder.build(Records.context(LogKind.LOGHARBOUR, 1),
                Records.bytes(entry.replace("123Z", "124Z"))).get(0).id());
    }

    @Test
    void aPrettyPrintedEntryAsAnArrayItemIsStoredReadsAsOneEntry() throws Exception {
        // The receiver stores an array item's bytes as sent; its first line may end after a member.
        ObjectNode doc = build("{ \"app\" : \"a\",\n  \"when\" : \"2024-05-06T15:21:48Z\" }");
        assertEquals("a", doc.get(LogFields.APP).asText());
    }

    @Test
    void anIdTooLongForElasticsearchIsHashed() throws Exception {
        String id = "x".repeat(600);
        IndexedDocument d = single(Records.bytes("{\"id\":\"" + id + "\",\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\"}"));
        assertEquals(22, d.id().length());
        assertEquals(id, d.source().get(LogFields.ID).asText());
    }

    @Test
    void whenPicksTheDayNearTheReceiveTimeElseTheReceiveTimeDoes() throws Exception {
        IndexedDocument near = single(Records.bytes("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\"}"));
        assertEquals(Instant.parse("2024-05-06T15:21:48Z"), near.indexTime());
        IndexedDocument far = single(Records.bytes("{\"app\":\"a\",\"when\":\"2020-01-01T00:00:00Z\"}"));
        assertEquals(Records.RECEIVED, far.indexTime());
        assertEquals("harbour-logharbour-acme-2024.05.06", far.index());
    }

    @Test
    void aWhenOutsideTheNanosecondRangeIsMalformed() {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> build("{\"app\":\"a\",\"when\":\"1969-12-31T23:59:59Z\"}"));
        assertTrue(e.getMessage().contains("1970"), e.getMessage());
        assertThrows(MalformedRecordException.class, () -> build("{\"app\":\"a\",\"when\":\"2263-01-01T00:00:00Z\"}"));
    }

    @Test
    void aBodyTheModelRefusesIsMalformedWithItsReason() {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> build("{\"app\":\"a\",\"when\":\"yesterday\"}"));
        assertTrue(e.getMessage().contains("when"), e.getMessage());
        assertThrows(MalformedRecordException.class, () -> build("not json"));
        assertThrows(MalformedRecordException.class, () -> build("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\"}\n{\"app\":\"b\",\"when\":\"2024-05-06T15:21:48Z\"}"));
    }
}
