package io.harbour.indexer;

import static io.harbour.indexer.ExtraHopExchanges.assertComplete;
import static io.harbour.indexer.ExtraHopExchanges.assertIdentity;
import static io.harbour.indexer.ExtraHopExchanges.inState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.indexer.ExtraHopExchanges.Half;
import io.harbour.layout.exchange.ExchangeFields;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An indexer stopped abruptly between the two halves of an exchange (after the first half's
 * pending document is stored and its offset committed, so the new indexer does not read it again
 * but must find it in Elasticsearch): the second half, read by the next indexer, still completes
 * it. Both orders: a request waiting for its response, and a response waiting for its request.
 * Its own topics and indexer, so the crash disturbs no other test.
 */
@ExtendWith(HarbourStackExtension.class)
class ExchangeRestartIT {
    static final long MS = 1_000_000L;

    @Test
    void aRestartBetweenTheHalvesStillMakesOneCompleteExchange(KafkaBroker kafka, ElasticsearchNode es) throws Exception {
        String requestFirst = "xr-request-waits";
        String responseFirst = "xr-response-waits";
        try (Harness h = new Harness(kafka, es, "exchange-restart")) {
            ExtraHopExchanges x = new ExtraHopExchanges(h);
            long t = Harness.nowNanos();
            Half request = x.request(requestFirst, 5, "POST", "/api/v1/predict", "q-5", t);
            Half response = x.response(requestFirst, 5, 200, false, "a-5", t + 640 * MS);
            Half response2 = x.response(responseFirst, 6, 200, true, "a-6", t + 10 * MS);
            Half request2 = x.request(responseFirst, 6, "POST", "/api/v1/explain", "q-6", t + 3 * MS);

            Indexer first = h.indexer().start();
            x.send(request, response2);
            JsonNode waiting = x.awaitExchanges(requestFirst, xs -> inState(xs, "pending").size() == 1).get(0);
            JsonNode waiting2 = x.awaitExchanges(responseFirst, xs -> inState(xs, "pending").size() == 1).get(0);
            assertIdentity(waiting, requestFirst, 5, ExchangeFields.REQUEST);
            assertIdentity(waiting2, responseFirst, 6, ExchangeFields.RESPONSE);
            x.awaitAllCommitted();
            first.crash();
            assertNull(first.failure());

            x.send(response, request2);
            try (Indexer second = h.indexer().start()) {
                x.awaitComplete(requestFirst, 1);
                x.awaitComplete(responseFirst, 1);
                x.awaitAllCommitted();
                assertNull(second.failure(), "the indexer never gave up");
            }

            List<JsonNode> exchanges = x.exchanges(requestFirst);
            assertEquals(1, exchanges.size(), exchanges::toString);
            assertEquals(waiting.path("_id").asText(), exchanges.get(0).path("_id").asText(), "the exchange opened before the crash");
            assertComplete(exchanges.get(0), request, response, ExchangeFields.REQUEST);
            assertEquals(640.0, exchanges.get(0).path(ExchangeFields.LATENCY_MS).asDouble(), 1e-9);

            List<JsonNode> exchanges2 = x.exchanges(responseFirst);
            assertEquals(1, exchanges2.size(), exchanges2::toString);
            assertEquals(waiting2.path("_id").asText(), exchanges2.get(0).path("_id").asText(), "the exchange opened before the crash");
            assertComplete(exchanges2.get(0), request2, response2, ExchangeFields.RESPONSE);
            assertEquals(7.0, exchanges2.get(0).path(ExchangeFields.LATENCY_MS).asDouble(), 1e-9);
        }
    }
}
