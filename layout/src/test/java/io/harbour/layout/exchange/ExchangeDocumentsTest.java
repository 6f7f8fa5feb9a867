package io.harbour.layout.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.FakeIndex;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.Records;
import io.harbour.layout.Times;
import io.harbour.model.LogKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExchangeDocumentsTest {
    private final Instant t0 = Instant.parse("2024-05-06T23:59:59.900000001Z");

    private ExchangeHalf half(String resource, long offset, Instant received) throws Exception {
        return ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, Records.REALM, offset, received), Records.resource(resource));
    }

    @Test
    void openingThenClosingMakesOneCompleteDocumentInTheOpeningHalfsDay() throws Exception {
        ExchangeHalf request = half("extrahop-request.json", 1, t0);
        ExchangeHalf response = half("extrahop-response.json", 2, t0.plusMillis(250));
        ExchangeIdentity id = ExchangeIdentity.openedBy(request);
        IndexedDocument open = ExchangeDocuments.open(id, request);
        IndexedDocument close = ExchangeDocuments.close(id, response, request.receivedAtNanos());
        assertEquals(open.index(), close.index());
        assertEquals("harbour-exchanges-acme-2024.05.06", close.index());
        FakeIndex index = new FakeIndex();
        index.apply(open);
        assertEquals("pending", index.get(open).get("state").asText());
        index.apply(close);
        ObjectNode doc = index.get(open);
        assertEquals("complete", doc.get("state").asText());
        assertEquals(250.0, doc.get("latency_ms").asDouble());
        assertEquals(Times.format(t0), doc.get("first_received_at").asText());
        assertEquals("POST", doc.at("/request/method").asText());
        assertEquals(200, doc.at("/response/status_code").asInt());
        assertEquals(id.id(), doc.get("exchange_id").asText());
        assertEquals(302, doc.get("sequence").asLong());
        assertEquals("request", doc.get("opened_by").asText());
    }

    @Test
    void anyOrderOfApplicationAndAnyRepetitionGivesTheSameDocument() throws Exception {
        ExchangeHalf response = half("extrahop-response.json", 1, t0);
        ExchangeHalf request = half("extrahop-request.json", 2, t0.plusMillis(5));
        ExchangeIdentity id = ExchangeIdentity.openedBy(response);
        IndexedDocument open = ExchangeDocuments.open(id, response);
        IndexedDocument close = ExchangeDocuments.close(id, request, response.receivedAtNanos());
        List<List<IndexedDocument>> orders = List.of(List.of(open, close), List.of(close, open),
                List.of(open, close, open, close), List.of(close, close, open, open));
        List<ObjectNode> results = new ArrayList<>();
        for (List<IndexedDocument> order : orders) {
            FakeIndex index = new FakeIndex();
            order.forEach(index::apply);
            results.add(index.get(open));
        }
        for (ObjectNode result : results) {
            assertEquals(results.get(0), result);
        }
        assertEquals("complete", results.get(0).get("state").asText());
        assertEquals(-5.0, results.get(0).get("latency_ms").asDouble(), "the response came first");
        assertEquals(Times.format(t0), results.get(0).get("first_received_at").asText());
    }

    @Test
    void anOrphanKeepsItsHalfWhicheverWriteLandsFirst() throws Exception {
        ExchangeHalf request = half("extrahop-request.json", 1, t0);
        ExchangeIdentity id = ExchangeIdentity.openedBy(request);
        IndexedDocument open = ExchangeDocuments.open(id, request);
        IndexedDocument orphan = ExchangeDocuments.orphan(id, t0.plusSeconds(360));
        FakeIndex inOrder = new FakeIndex();
        inOrder.apply(open);
        inOrder.apply(orphan);
        FakeIndex reversed = new FakeIndex();
        reversed.apply(orphan);
        reversed.apply(open);
        assertEquals(inOrder.get(open), reversed.get(open));
        assertEquals("orphan", inOrder.get(open).get("state").asText());
        assertEquals("POST", inOrder.get(open).at("/request/method").asText());
        assertNull(inOrder.get(open).get("response"));
    }

    @Test
    void theIdDependsOnTheOpeningRecordSoAReusedSequenceIsANewExchange() throws Exception {
        ExchangeHalf first = half("extrahop-request.json", 1, t0);
        ExchangeHalf again = half("extrahop-request.json", 1, t0);
        ExchangeHalf later = half("extrahop-request.json", 50, t0.plusSeconds(3600));
        assertEquals(ExchangeIdentity.openedBy(first).id(), ExchangeIdentity.openedBy(again).id());
        assertEquals(22, ExchangeIdentity.openedBy(first).id().length());
        org.junit.jupiter.api.Assertions.assertNotEquals(ExchangeIdentity.openedBy(first).id(), ExchangeIdentity.openedBy(later).id());
    }
}
