package io.harbour.layout.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExchangeRestoreQueryTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void itSelectsThePartitionsPendingExchangesAndEveryOneWithAHalfSinceTheLookBack() {
        ObjectNode body = ExchangeRestoreQuery.body("harbour.extrahop", 2, Instant.parse("2024-05-06T11:54:00Z"), null);
        JsonNode filter = body.at("/query/bool/filter");
        assertEquals("harbour.extrahop", filter.get(0).at("/term/kafka.topic").asText());
        assertEquals(2, filter.get(1).at("/term/kafka.partition").asInt());
        JsonNode should = filter.get(2).at("/bool/should");
        assertEquals("pending", should.get(0).at("/term/state").asText());
        assertEquals("2024-05-06T11:54:00Z", should.get(1).at("/range/request.received_at/gte").asText());
        assertEquals("2024-05-06T11:54:00Z", should.get(2).at("/range/response.received_at/gte").asText());
        assertEquals(1, filter.get(2).at("/bool/minimum_should_match").asInt());
        assertEquals("asc", body.at("/sort/0/doc_id").asText());
        assertEquals(ExchangeRestoreQuery.PAGE_SIZE, body.get("size").asInt());
        assertEquals("harbour-exchanges-*", ExchangeRestoreQuery.INDEX);
        assertNull(body.get("search_after"));
        String sourceFields = body.at("/_source/includes").toString();
        assertEquals(false, sourceFields.contains("body"), "bodies are not needed to rebuild a joiner");
    }

    @Test
    void pagesFollowTheLastSortValuesUntilAShortPage() {
        ArrayNode hits = json.createArrayNode();
        for (int i = 0; i < ExchangeRestoreQuery.PAGE_SIZE; i++) {
            hits.addObject().putArray("sort").add("id" + i);
        }
        ObjectNode answer = json.createObjectNode();
        answer.putObject("hits").set("hits", hits);
        JsonNode after = ExchangeRestoreQuery.nextSearchAfter(answer);
        assertEquals("[\"id" + (ExchangeRestoreQuery.PAGE_SIZE - 1) + "\"]", after.toString());
        assertEquals(after, ExchangeRestoreQuery.body("t", 0, Instant.EPOCH, after).get("search_after"));
        hits.remove(0);
        assertNull(ExchangeRestoreQuery.nextSearchAfter(answer));
    }

    @Test
    void theLookBackIsTheWatermarkLessWindowAndGrace() {
        Duration lookBack = Duration.ofMinutes(6);
        assertEquals(Instant.parse("2024-05-06T11:54:00Z"), ExchangeRestoreQuery.since(Instant.parse("2024-05-06T12:00:00Z"), lookBack));
        assertEquals(Instant.EPOCH, ExchangeRestoreQuery.since(null, lookBack));
    }
}
