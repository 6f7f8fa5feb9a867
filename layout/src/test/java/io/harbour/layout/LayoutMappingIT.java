package io.harbour.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.exchange.ExchangeDocuments;
import io.harbour.layout.exchange.ExchangeHalf;
import io.harbour.layout.exchange.ExchangeIdentity;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.Priority;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The templates on a real node: installed as the indexer would, daily indices created with their
 * realm aliases, and every kind of built document written by a bulk without one refusal, then
 * found by the queries the query API and export will make (no scripts, no ingest pipelines).
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayoutMappingIT {
    private static final String ODD_LOCAL = "{\"id\":\"odd-local\",\"app\":\"odd\",\"when\":\"2024-05-06T15:21:48.000000001Z\","
            + "\"remote_ip\":\"LOCAL\",\"pri\":\"Sec\",\"data\":\"{}\",\"who\":null,\"custom\":{\"deep\":[1,{\"x\":2}]}}";
    private static final String ODD_NANOS = "{\"id\":\"odd-nanos\",\"app\":\"odd\",\"when\":\"2024-05-06T15:21:48.000000002Z\","
            + "\"remote_ip\":\"2001:0db8:0000:0000:0000:0000:0000:00ff\",\"type\":\"D\",\"data\":{\"debug_data\":{\"pid\":1,"
            + "\"stackTrace\":\"goroutine 1\",\"data\":{\"not\":\"a string\"},\"goroutine\":7}}}";
    private static final String ODD_CHANGES = "{\"id\":\"odd-changes\",\"app\":\"odd\",\"when\":\"2024-05-06T20:51:48+05:30\",\"type\":\"C\","
            + "\"data\":{\"change_data\":{\"entity\":\"E\",\"op\":\"Update\",\"changes\":null,\"note\":\"x\"}}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private URI base;
    private final DocumentBuilder builder = new DocumentBuilder();
    private String completeExchange;
    private String reversedExchange;
    private String orphanExchange;
    private String pendingExchange;

    @BeforeAll
    void installAndLoad(ElasticsearchNode es) throws Exception {
        base = es.httpUri();
        for (DocumentKind kind : DocumentKind.values()) {
            for (int i = 0; i < 2; i++) { // twice: installing is idempotent
                JsonNode put = send("PUT", "/_index_template/" + IndexNames.templateName(kind),
                        IndexTemplates.template(kind, IndexTemplates.Settings.singleNode()));
                assertTrue(put.path("acknowledged").asBoolean(), put.toString());
            }
            JsonNode got = send("GET", "/_index_template/" + IndexNames.templateName(kind), null);
            assertEquals(OptionalInt.of(IndexTemplates.VERSION), IndexTemplates.installedVersion(got, kind));
        }

        List<IndexedDocument> docs = new ArrayList<>();
        long offset = 0;
        for (byte[] body : Records.testData()) {
            docs.addAll(builder.build(Records.context(LogKind.LOGHARBOUR, offset++), body));
        }
        for (String odd : List.of(ODD_LOCAL, ODD_NANOS, ODD_CHANGES)) {
            docs.addAll(builder.build(Records.context(LogKind.LOGHARBOUR, offset++), Records.bytes(odd)));
        }
        docs.addAll(builder.build(Records.context(LogKind.OBSERVATIONS, offset++), Records.bytes(
                "{\"observations\":[{\"ipaddr\":\"10.8.0.2\",\"associated_ipaddr\":\"2001:db8::1\",\"timestamp\":1714999000,"
                        + "\"user\":\"jim\"}],\"source\":\"OpenVPN\",\"site\":\"hq\"}")));

        Instant t = Records.RECEIVED;
        ExchangeHalf request = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, Records.REALM, offset++, t),
                Records.resource("extrahop-request.json"));
        ExchangeHalf response = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, Records.REALM, offset++, t.plusMillis(42)),
                Records.resource("extrahop-response.json"));
        ExchangeIdentity complete = ExchangeIdentity.openedBy(request);
        completeExchange = complete.id();
        docs.add(ExchangeDocuments.open(complete, request));
        docs.add(ExchangeDocuments.close(complete, response, request.receivedAtNanos()));
        // The same pair under another sequence, its writes applied closing-first, as a bulk retry can.
        ExchangeHalf request2 = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, Records.REALM, offset++, t),
                Records.bytes("{\"sequence\":303,\"request\":{\"Method\":\"GET\",\"RequestURI\":\"/api/v1/devices\"}}"));
        ExchangeHalf response2 = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, Records.REALM, offset++, t.plusMillis(7)),
                Records.bytes("{\"sequence\":303,\"response_status_code\":503,\"response_body\":\"unavailable\"}"));
        ExchangeIdentity reversed = ExchangeIdentity.openedBy(request2);
        reversedExchange = reversed.id();
        docs.add(ExchangeDocuments.close(reversed, response2, request2.receivedAtNanos()));
        docs.add(ExchangeDocuments.open(reversed, request2));
        ExchangeHalf lonely = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, Records.REALM, offset++, t),
                Records.bytes("{\"sequence\":304,\"response_status_code\":200,\"response_body\":[1,2,3]}"));
        ExchangeIdentity orphan = ExchangeIdentity.openedBy(lonely);
        orphanExchange = orphan.id();
        docs.add(ExchangeDocuments.open(orphan, lonely));
        docs.add(ExchangeDocuments.orphan(orphan, t.plusSeconds(360)));
        ExchangeHalf waiting = ExchangeHalf.read(Records.context(LogKind.EXTRAHOP, Records.REALM, offset++, t.minusSeconds(3600)),
                Records.bytes("{\"sequence\":305,\"request\":{\"Method\":\"GET\",\"RequestURI\":\"/api/v1/waiting\"}}"));
        ExchangeIdentity pending = ExchangeIdentity.openedBy(waiting);
        pendingExchange = pending.id();
        docs.add(ExchangeDocuments.open(pending, waiting));

        Set<String> created = new LinkedHashSet<>();
        for (IndexedDocument d : docs) {
            if (created.add(d.index())) {
                JsonNode answer = send("PUT", "/" + d.index(), IndexTemplates.createIndexBody(d.kind(), d.realm()));
                assertTrue(answer.path("acknowledged").asBoolean(), answer.toString());
            }
        }
        JsonNode bulk = sendNdjson("/_bulk?refresh=true", bulkBody(docs));
        List<String> refused = new ArrayList<>();
        for (JsonNode item : bulk.path("items")) {
            for (JsonNode result : item) {
                if (result.has("error")) {
                    refused.add(item.toString());
                }
            }
        }
        assertEquals(List.of(), refused);
        assertFalse(bulk.path("errors").asBoolean(), bulk.toString());

        send("PUT", "/" + Watermarks.INDEX, Watermarks.createIndexBody(IndexTemplates.Settings.singleNode()));
        Watermarks.WatermarkDocument w = new Watermarks.WatermarkDocument("harbour.logharbour", 0, "logharbour", 10,
                Instant.parse("2024-05-06T15:29:59.123456789Z"), Instant.parse("2024-05-06T15:30:00Z"), "it");
        send("PUT", "/" + Watermarks.INDEX + "/_doc/" + w.id() + "?refresh=true", w.source());
    }

    @Test
    void everyEntryIsStoredBehindItsRealmAlias() throws Exception {
        assertEquals(205, count("harbour-logharbour-acme", "{\"match_all\":{}}"));
        assertEquals(0, count("harbour-logharbour-acme", "{\"bool\":{\"must_not\":{\"exists\":{\"field\":\"status\"}}}}"));
    }

    @Test
    void localIsKeptBesideTheIpFieldAndAddressesRangeByCidr() throws Exception {
        assertEquals(1, count("harbour-logharbour-acme", "{\"term\":{\"remote_ip_text\":\"LOCAL\"}}"));
        long inRange = Records.testDataItems().stream().map(i -> i.value().remoteIp())
                .filter(ip -> ip != null && ip.startsWith("142.250.")).count();
        assertTrue(inRange > 0);
        assertEquals(inRange, count("harbour-logharbour-acme", "{\"term\":{\"remote_ip\":\"142.250.0.0/16\"}}"));
        assertEquals(1, count("harbour-logharbour-acme", "{\"term\":{\"remote_ip\":\"2001:db8::ff\"}}"));
    }

    @Test
    void priorityThisLevelOrHigherIsOneRangeAndSecReadsBack() throws Exception {
        long expected = Records.testDataItems().stream().map(i -> i.value().priority())
                .filter(p -> p.isAtLeast(Priority.CRIT)).count() + 1; // + ODD_LOCAL's Sec
        assertEquals(expected, count("harbour-logharbour-acme", "{\"range\":{\"pri_level\":{\"gte\":" + Priority.CRIT.ordinal() + "}}}"));
        assertEquals(1, count("harbour-logharbour-acme", "{\"term\":{\"pri\":\"Sec\"}}"));
    }

    @Test
    void aChangesFieldIsFoundWithANestedQuery() throws Exception {
        LogEntry withChange = Records.testDataItems().stream().map(i -> i.value())
                .filter(e -> e.data() instanceof io.harbour.model.logharbour.ChangeData c && c.changes() != null && !c.changes().isEmpty())
                .findFirst().orElseThrow();
        String field = ((io.harbour.model.logharbour.ChangeData) withChange.data()).changes().get(0).field();
        long expected = Records.testDataItems().stream().map(i -> i.value().data())
                .filter(d -> d instanceof io.harbour.model.logharbour.ChangeData c && c.changes() != null
                        && c.changes().stream().anyMatch(ch -> field.equals(ch.field()))).count();
        assertEquals(expected, count("harbour-logharbour-acme", "{\"nested\":{\"path\":\"data.change_data.changes\","
                + "\"query\":{\"term\":{\"data.change_data.changes.field\":" + Json.mapper().writeValueAsString(field) + "}}}}"));
    }

    @Test
    void nanosecondsOrderEntriesWithinOneMillisecond() throws Exception {
        JsonNode hits = search("harbour-logharbour-acme", "{\"query\":{\"term\":{\"app\":\"odd\"}},"
                + "\"sort\":[{\"when\":\"asc\"},{\"doc_id\":\"asc\"}]}").path("hits").path("hits");
        assertEquals("odd-changes", hits.get(0).path("_id").asText());
        assertEquals(Times.nanos(Instant.parse("2024-05-06T15:21:48Z")), hits.get(0).path("sort").get(0).asLong(), "an offset is a time too");
        assertEquals("odd-local", hits.get(1).path("_id").asText());
        assertEquals("odd-nanos", hits.get(2).path("_id").asText());
        assertEquals(Times.nanos(Instant.parse("2024-05-06T15:21:48.000000001Z")), hits.get(1).path("sort").get(0).asLong());
        JsonNode nanos = hits.get(2).path("_source");
        assertEquals("2024-05-06T15:21:48.000000002Z", nanos.path("when").asText());
        assertEquals("{\"not\":\"a string\"}", nanos.at("/data/debug_data/data").toString());
    }

    @Test
    void exchangesAreCompleteWhicheverHalfsWriteLandedFirst() throws Exception {
        JsonNode complete = get("harbour-exchanges-acme", completeExchange);
        assertEquals("complete", complete.path("state").asText());
        assertEquals(42.0, complete.path("latency_ms").asDouble());
        JsonNode reversed = get("harbour-exchanges-acme", reversedExchange);
        assertEquals("complete", reversed.path("state").asText());
        assertEquals("GET", reversed.at("/request/method").asText());
        assertEquals("unavailable", reversed.at("/response/body").asText());
        assertEquals("orphan", get("harbour-exchanges-acme", orphanExchange).path("state").asText());
        assertEquals(1, count("harbour-exchanges-acme", "{\"term\":{\"response.status_class\":\"5xx\"}}"));
        assertEquals(2, count("harbour-exchanges-acme", "{\"term\":{\"state\":\"complete\"}}"));
        assertEquals(1, count("harbour-exchanges-acme", "{\"prefix\":{\"request.uri\":\"/api/v1/metrics\"}}"));
        assertEquals(1, count("harbour-exchanges-acme", "{\"range\":{\"latency_ms\":{\"gt\":10}}}"));
    }

    @Test
    void theRestoreQueryFindsPendingExchangesOfAnyAgeAndEveryOneReceivedSinceTheLookBack() throws Exception {
        String body = io.harbour.layout.exchange.ExchangeRestoreQuery.body("harbour.extrahop", 0,
                Records.RECEIVED.minusSeconds(60), null).toString();
        JsonNode hits = search(io.harbour.layout.exchange.ExchangeRestoreQuery.INDEX, body).path("hits").path("hits");
        Set<String> ids = new java.util.TreeSet<>();
        hits.forEach(h -> ids.add(h.path("_id").asText()));
        assertEquals(new java.util.TreeSet<>(List.of(completeExchange, reversedExchange, orphanExchange, pendingExchange)), ids);
        JsonNode restored = hits.get(0).path("_source");
        assertTrue(restored.has("opened_at") && restored.path("kafka").has("offset"), restored.toString());
        assertFalse(restored.toString().contains("\"body\""), restored.toString());
        String later = io.harbour.layout.exchange.ExchangeRestoreQuery.body("harbour.extrahop", 0,
                Records.RECEIVED.plusSeconds(60), null).toString();
        JsonNode onlyPending = search(io.harbour.layout.exchange.ExchangeRestoreQuery.INDEX, later).path("hits").path("hits");
        assertEquals(1, onlyPending.size());
        assertEquals(pendingExchange, onlyPending.get(0).path("_id").asText());
        assertEquals(0, search(io.harbour.layout.exchange.ExchangeRestoreQuery.INDEX, io.harbour.layout.exchange.ExchangeRestoreQuery
                .body("harbour.extrahop", 1, Instant.EPOCH, null).toString()).path("hits").path("hits").size());
    }

    @Test
    void observationsAreFoundByEitherAddress() throws Exception {
        assertEquals(1, count("harbour-observations-acme", "{\"term\":{\"addresses\":\"2001:db8::/32\"}}"));
        assertEquals(1, count("harbour-observations-acme", "{\"term\":{\"addresses\":\"10.8.0.2\"}}"));
        assertEquals(1, count("harbour-observations-acme", "{\"range\":{\"observed_at\":{\"gte\":\"2024-05-06T12:00:00Z\"}}}"));
    }

    @Test
    void theWatermarkMinimumReadsBackWithItsNanoseconds() throws Exception {
        JsonNode answer = search(Watermarks.INDEX, Watermarks.minimumQuery(List.of()).toString());
        assertEquals(Instant.parse("2024-05-06T15:29:59.123456789Z"), Watermarks.minimum(answer).orElseThrow());
    }

    private long count(String index, String query) throws IOException, InterruptedException {
        JsonNode answer = send("POST", "/" + index + "/_count", (ObjectNode) Json.mapper().readTree("{\"query\":" + query + "}"));
        assertTrue(answer.has("count"), answer.toString());
        return answer.get("count").asLong();
    }

    private JsonNode search(String index, String body) throws IOException, InterruptedException {
        return send("POST", "/" + index + "/_search", (ObjectNode) Json.mapper().readTree(body));
    }

    private JsonNode get(String alias, String id) throws IOException, InterruptedException {
        JsonNode hits = search(alias, "{\"query\":{\"ids\":{\"values\":[\"" + id + "\"]}}}").path("hits").path("hits");
        assertEquals(1, hits.size(), hits.toString());
        return hits.get(0).path("_source");
    }

    private static String bulkBody(List<IndexedDocument> docs) throws IOException {
        StringBuilder out = new StringBuilder();
        for (IndexedDocument d : docs) {
            ObjectNode action = Json.mapper().createObjectNode();
            if (d.mode() == IndexedDocument.WriteMode.CREATE) {
                action.putObject("create").put("_index", d.index()).put("_id", d.id());
                out.append(action).append('\n').append(Json.mapper().writeValueAsString(d.source())).append('\n');
            } else {
                action.putObject("update").put("_index", d.index()).put("_id", d.id());
                ObjectNode update = Json.mapper().createObjectNode();
                update.set("doc", d.source());
                if (d.docAsUpsert()) {
                    update.put("doc_as_upsert", true);
                } else {
                    update.set("upsert", d.upsert());
                }
                out.append(action).append('\n').append(Json.mapper().writeValueAsString(update)).append('\n');
            }
        }
        return out.toString();
    }

    private JsonNode send(String method, String path, ObjectNode body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body));
        return answer(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json").method(method, publisher).build());
    }

    private JsonNode sendNdjson(String path, String ndjson) throws IOException, InterruptedException {
        return answer(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).build());
    }

    private JsonNode answer(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 300, request.method() + " " + request.uri() + ": " + response.statusCode() + " " + response.body());
        return Json.mapper().readTree(response.body());
    }
}
