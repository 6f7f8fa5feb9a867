package io.harbour.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class IndexTemplatesTest {

    private static JsonNode field(DocumentKind kind, String dottedPath) {
        JsonNode node = IndexTemplates.template(kind, IndexTemplates.Settings.singleNode()).path("template").path("mappings");
        for (String part : dottedPath.split("\\.")) {
            node = node.path("properties").path(part);
        }
        return node;
    }

    private static String type(DocumentKind kind, String dottedPath) {
        return field(kind, dottedPath).path("type").asText("(missing)");
    }

    @Test
    void eachTemplateMatchesItsKindsIndicesWithVersionAndSettings() {
        for (DocumentKind kind : DocumentKind.values()) {
            ObjectNode t = IndexTemplates.template(kind, new IndexTemplates.Settings(3, 2));
            assertEquals("harbour-" + kind.segment() + "-*", t.path("index_patterns").get(0).asText());
            assertEquals(IndexTemplates.VERSION, t.path("version").asInt());
            assertEquals(IndexTemplates.VERSION, t.path("_meta").path("harbour_layout_version").asInt());
            assertEquals(IndexTemplates.VERSION, t.path("template").path("mappings").path("_meta").path("harbour_layout_version").asInt());
            assertEquals(3, t.path("template").path("settings").path("index").path("number_of_shards").asInt());
            assertEquals(2, t.path("template").path("settings").path("index").path("number_of_replicas").asInt());
            assertFalse(t.path("template").path("mappings").path("dynamic").asBoolean(true));
            assertFalse(t.path("template").has("aliases"), "the realm alias comes with the index, not the template");
        }
        assertThrows(IllegalArgumentException.class, () -> new IndexTemplates.Settings(0, 0));
    }

    @Test
    void logHarbourMappingTypesTheFieldsQueriesNeed() {
        DocumentKind k = DocumentKind.LOGHARBOUR;
        for (String keyword : new String[] {"id", "app", "system", "module", "type", "pri", "who", "op", "class",
                "instance", "trace_id", "span_id", "realm", "doc_id", "sender", "receipt_id", "remote_ip_text"}) {
            assertEquals("keyword", type(k, keyword), keyword);
        }
        assertEquals("date_nanos", type(k, "when"));
        assertEquals("date_nanos", type(k, "received_at"));
        assertEquals("integer", type(k, "pri_level"));
        assertEquals("integer", type(k, "status"));
        assertEquals("ip", type(k, "remote_ip"));
        assertEquals("text", type(k, "msg"));
        assertFalse(field(k, "msg").has("fields"), "msg is continuous: no keyword to count it by");
        assertEquals("text", type(k, "error"));
        assertEquals("text", type(k, "data.activity_data"));
        assertEquals("text", type(k, "data_text"));
        assertEquals("keyword", type(k, "data.change_data.entity"));
        assertEquals("nested", type(k, "data.change_data.changes"));
        assertEquals("keyword", type(k, "data.change_data.changes.field"));
        assertEquals("text", type(k, "data.change_data.changes.old_value"));
        assertEquals("keyword", field(k, "data.change_data.changes.new_value").path("fields").path("keyword").path("type").asText());
        assertEquals("long", type(k, "data.debug_data.pid"));
        assertFalse(field(k, "data.debug_data.stackTrace").path("index").asBoolean(true));
        assertFalse(field(k, "data.debug_data.data").path("enabled").asBoolean(true));
        assertFalse(field(k, "extra").path("enabled").asBoolean(true));
        assertEquals("integer", type(k, "kafka.partition"));
        assertEquals("long", type(k, "kafka.offset"));
        assertEquals(Mappings.IDENTIFIER_CHARS, field(k, "who").path("ignore_above").asInt());
    }

    @Test
    void exchangeMappingTypesTheFieldsAnalystsSearch() {
        DocumentKind k = DocumentKind.EXCHANGE;
        assertEquals("keyword", type(k, "exchange_id"));
        assertEquals("keyword", type(k, "sensor"));
        assertEquals("long", type(k, "sequence"));
        assertEquals("keyword", type(k, "state"));
        assertEquals("keyword", type(k, "request.method"));
        assertEquals("keyword", type(k, "request.uri"));
        assertEquals(Mappings.LONG_KEYWORD_CHARS, field(k, "request.uri").path("ignore_above").asInt());
        assertEquals("date_nanos", type(k, "request.received_at"));
        assertEquals("date_nanos", type(k, "response.received_at"));
        assertEquals("date_nanos", type(k, "first_received_at"));
        assertEquals("integer", type(k, "response.status_code"));
        assertEquals("keyword", type(k, "response.status_class"));
        assertEquals("double", type(k, "latency_ms"));
        for (String opaque : new String[] {"request.headers", "request.body", "response.headers", "response.body"}) {
            assertFalse(field(k, opaque).path("enabled").asBoolean(true), opaque);
        }
    }

    @Test
    void observationMappingSearchesEitherAddressAndTime() {
        DocumentKind k = DocumentKind.OBSERVATION;
        assertEquals("ip", type(k, "ipaddr"));
        assertEquals("ip", type(k, "associated_ipaddr"));
        assertEquals("ip", type(k, "addresses"));
        assertEquals("date", type(k, "observed_at"));
        assertEquals("keyword", type(k, "source"));
        assertEquals("date_nanos", type(k, "received_at"));
    }

    @Test
    void createIndexBodyCarriesOnlyTheRealmAlias() {
        ObjectNode body = IndexTemplates.createIndexBody(DocumentKind.EXCHANGE, "acme");
        assertEquals("{\"aliases\":{\"harbour-exchanges-acme\":{}}}", body.toString());
    }

    @Test
    void installsWhenMissingOrOlderNeverOverANewerVersion() {
        JsonNode answer = Records.json("{\"index_templates\":[{\"name\":\"harbour-logharbour\",\"index_template\":{\"version\":"
                + IndexTemplates.VERSION + "}}]}");
        assertEquals(OptionalInt.of(IndexTemplates.VERSION), IndexTemplates.installedVersion(answer, DocumentKind.LOGHARBOUR));
        assertEquals(OptionalInt.empty(), IndexTemplates.installedVersion(answer, DocumentKind.EXCHANGE));
        assertEquals(OptionalInt.empty(), IndexTemplates.installedVersion(Records.json("{}"), DocumentKind.EXCHANGE));
        assertTrue(IndexTemplates.shouldInstall(OptionalInt.empty()));
        assertTrue(IndexTemplates.shouldInstall(OptionalInt.of(IndexTemplates.VERSION - 1)));
        assertFalse(IndexTemplates.shouldInstall(OptionalInt.of(IndexTemplates.VERSION)));
        assertFalse(IndexTemplates.shouldInstall(OptionalInt.of(IndexTemplates.VERSION + 1)));
    }
}
