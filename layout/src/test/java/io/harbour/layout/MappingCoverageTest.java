package io.harbour.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.layout.exchange.ExchangeDocuments;
import io.harbour.layout.exchange.ExchangeHalf;
import io.harbour.layout.exchange.ExchangeIdentity;
import io.harbour.model.LogKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every field every builder writes is in its kind's mapping (or inside an opaque field): the
 * check {@code dynamic: strict} would make, done here so production never pays for it.
 */
class MappingCoverageTest {
    private final DocumentBuilder builder = new DocumentBuilder();

    @Test
    void everyLogHarbourDocumentOfTheTestDataAndOfTheOddCasesIsFullyMapped() throws Exception {
        List<byte[]> bodies = new ArrayList<>(Records.testData());
        bodies.add(Records.bytes("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48.1Z\",\"remote_ip\":\"LOCAL\",\"data\":\"{}\","
                + "\"who\":null,\"custom\":{\"deep\":[1,{\"x\":2}]},\"trace_id\":\"t\",\"span_id\":\"s\",\"error\":\"e\"}"));
        bodies.add(Records.bytes("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"data\":{}}"));
        bodies.add(Records.bytes("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"data\":{\"change_data\":{\"entity\":\"E\","
                + "\"op\":\"Update\",\"changes\":null}}}"));
        JsonNode properties = IndexTemplates.properties(DocumentKind.LOGHARBOUR);
        long offset = 0;
        for (byte[] body : bodies) {
            for (IndexedDocument d : builder.build(Records.context(LogKind.LOGHARBOUR, offset++), body)) {
                assertEquals(List.of(), MappingWalker.unmapped(properties, d.source()), d.source().toString());
            }
        }
    }

    /**
     * Members the model does not know inside {@code data} stay in place, kept in {@code _source}
     * and not searched (dynamic false), so the entry reads back as sent; they are the only
     * unmapped fields a LogHarbour document can have.
     */
    @Test
    void unknownMembersInsideDataAreTheOnlyUnmappedFields() throws Exception {
        JsonNode properties = IndexTemplates.properties(DocumentKind.LOGHARBOUR);
        IndexedDocument change = builder.build(Records.context(LogKind.LOGHARBOUR, 1), Records.bytes(
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"data\":{\"change_data\":{\"entity\":\"E\","
                        + "\"changes\":[{\"field\":\"f\",\"old_value\":\"1\",\"new_value\":\"2\",\"kind\":\"int\"}],\"note\":\"x\"}}}")).get(0);
        assertEquals(List.of("data.change_data.changes.kind", "data.change_data.note"),
                MappingWalker.unmapped(properties, change.source()));
        IndexedDocument debug = builder.build(Records.context(LogKind.LOGHARBOUR, 2), Records.bytes(
                "{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\",\"data\":{\"debug_data\":{\"pid\":1,"
                        + "\"data\":{\"any\":[\"json\"]},\"goroutine\":7}}}")).get(0);
        assertEquals(List.of("data.debug_data.goroutine"), MappingWalker.unmapped(properties, debug.source()));
    }

    @Test
    void observationDocumentsAreFullyMapped() throws Exception {
        byte[] body = Records.bytes("{\"observations\":[{\"ipaddr\":\"10.8.0.2\",\"associated_ipaddr\":\"2001:db8::1\","
                + "\"timestamp\":1678150650,\"vpn_user\":\"jim\"}],\"source\":\"OpenVPN\",\"batch\":7}");
        for (IndexedDocument d : builder.build(Records.context(LogKind.OBSERVATIONS, 1), body)) {
            assertEquals(List.of(), MappingWalker.unmapped(IndexTemplates.properties(DocumentKind.OBSERVATION), d.source()));
        }
    }

    @Test
    void everyExchangeWriteIsFullyMapped() throws Exception {
        ExchangeHalf request = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, 1), Records.resource("extrahop-request.json"));
        ExchangeHalf response = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, 2), Records.resource("extrahop-response.json"));
        ExchangeIdentity id = ExchangeIdentity.openedBy(request);
        JsonNode properties = IndexTemplates.properties(DocumentKind.EXCHANGE);
        for (IndexedDocument d : List.of(ExchangeDocuments.open(id, request), ExchangeDocuments.close(id, response,
                request.receivedAtNanos()), ExchangeDocuments.orphan(id, Instant.parse("2024-05-06T16:00:00Z")))) {
            assertEquals(List.of(), MappingWalker.unmapped(properties, d.source()), d.source().toString());
            assertEquals(List.of(), MappingWalker.unmapped(properties, d.upsert()), d.upsert().toString());
        }
    }
}
