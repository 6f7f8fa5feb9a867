package io.harbour.query.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.layout.Times;
import io.harbour.model.Json;
import io.harbour.query.QueryApiConfig;
import io.harbour.realms.Capability;
import io.harbour.realms.Cidr;
import io.harbour.realms.QueryScope;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export against a real node, documents written as the indexer writes them (three kinds, one
 * realm, ties on received time across kinds), the watermark as the indexer publishes it.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportIT {
    private static final String REALM = "export";
    private static final String BULK_REALM = "exportbulk";
    /** Kept one day where the default keeps 30, as the indexer's retention.realms can say. */
    private static final String BRIEF_REALM = "exportbrief";
    private static final String R = ExportRoutes.RECEIVED;
    private static final int PAGE = 50;
    private static final int BULK_LINES = 20_000;

    Instant base;
    String start;
    String end;
    int entries;
    int debugEntries;
    int exchanges;
    int observations;
    String firstExchange;
    String tiedEntryId = "2ZTIEDENTRY00000000000000000";
    /** Longer than a document id may be (512 bytes; 300 two-byte characters), so its doc_id is derived, not this. */
    String longEntryId = "\u00e9".repeat(300);
    String elasticsearch;
    ExportLoader loader;
    ExportFixture api;
    ExportFixture paged;
    ExportFixture tight;
    ExportFixture cutting;
    String all;
    String shopOnly;

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        base = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        start = Long.toString(base.getEpochSecond());
        end = base.plusSeconds(60).toString();
        elasticsearch = es.httpUri().toString();
        loader = new ExportLoader(elasticsearch);
        Instant tie = base.plusMillis(30_000).plusNanos(123);
        for (int i = 0; i < 40; i++) {
            String app = i % 2 == 0 ? "shop" : "crm";
            Instant at = i == 7 || i == 8 ? tie : base.plusMillis(1000L * i + i);
            String id = i == 7 ? tiedEntryId : "2ZENTRY" + String.format("%021d", i);
            loader.entry(REALM, at, "{\"id\":\"" + id + "\",\"app\":\"" + app + "\",\"system\":\"h\",\"module\":\"m\",\"type\":\"A\","
                    + "\"pri\":\"Info\",\"when\":\"" + at.minusMillis(5) + "\",\"who\":\"u" + i + "\",\"op\":\"op\",\"class\":\"Order\","
                    + "\"instance\":\"" + i + "\",\"status\":0,\"remote_ip\":\"10.0.0." + i + "\",\"msg\":\"entry " + i + "\",\"data\":{}}");
            entries++;
        }
        loader.entry(REALM, base.plusMillis(500), "{\"id\":\"2ZDEBUG000000000000000000001\",\"app\":\"shop\",\"system\":\"h\","
                + "\"module\":\"m\",\"type\":\"D\",\"pri\":\"Debug1\",\"when\":\"" + base + "\",\"who\":\"u\",\"op\":\"op\","
                + "\"status\":0,\"remote_ip\":\"LOCAL\",\"msg\":\"debug\",\"data\":{}}");
        debugEntries = 1;
        for (int i = 0; i < 6; i++) {
            Instant request = i == 0 ? tie : base.plusMillis(2_000L * i + 333);
            String id = loader.exchange(REALM, request, request.plusMillis(40), 100 + i);
            if (i == 0) {
                firstExchange = id;
            }
            exchanges++;
        }
        for (int i = 0; i < 8; i++) {
            loader.observation(REALM, i == 0 ? tie : base.plusMillis(3_000L * i + 77), "10.8.0." + i, base.getEpochSecond() - i);
            observations++;
        }
        // Outside the window on both sides: must never appear.
        loader.entry(REALM, base.minusNanos(1), "{\"id\":\"2ZBEFORE\",\"app\":\"shop\",\"type\":\"A\",\"when\":\"" + base + "\",\"msg\":\"x\"}");
        loader.entry(REALM, base.plusSeconds(60), "{\"id\":\"2ZAFTER\",\"app\":\"shop\",\"type\":\"A\",\"when\":\"" + base + "\",\"msg\":\"x\"}");
        // Found by the ids route through its LogHarbour id alone: ten minutes on, in no window a test counts.
        loader.entry(REALM, base.plusSeconds(600), "{\"id\":\"" + longEntryId + "\",\"app\":\"shop\",\"type\":\"A\",\"when\":\""
                + base + "\",\"msg\":\"long id\"}");
        for (int i = 0; i < BULK_LINES; i++) {
            loader.observation(BULK_REALM, base.plusMillis(i * 2L), "10.9." + (i / 250) + "." + (i % 250), base.getEpochSecond());
        }
        loader.flush();
        loader.watermark(base.plus(Duration.ofMinutes(5)));
        QueryApiConfig.Export defaults = QueryApiConfig.Export.defaults();
        api = new ExportFixture(dir.resolve("main"), es.httpUri().toString(), new QueryApiConfig.Export(PAGE, defaults.maxBytes(),
                defaults.keepAlive(), new QueryApiConfig.Export.Retention(30, Map.of(BRIEF_REALM, 1)), 6000, 1000));
        // Pages of five: the window's 54 documents take a dozen pages, so ingestion can go on between them.
        paged = new ExportFixture(dir.resolve("paged"), es.httpUri().toString(),
                new QueryApiConfig.Export(5, defaults.maxBytes(), defaults.keepAlive(), 30, 6000, 1000));
        tight = new ExportFixture(dir.resolve("tight"), es.httpUri().toString(),
                new QueryApiConfig.Export(PAGE, defaults.maxBytes(), defaults.keepAlive(), 30, 0.01, 3));
        cutting = new ExportFixture(dir.resolve("cutting"), es.httpUri().toString(),
                new QueryApiConfig.Export(7, 3000, defaults.keepAlive(), 30, 6000, 1000));
        all = api.token(REALM, QueryScope.EVERYTHING_BUT_DEBUG);
        shopOnly = api.token(REALM, new QueryScope(QueryScope.Allowed.only(List.of("shop")), QueryScope.Allowed.ALL, Set.of(), List.of()));
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {api, paged, tight, cutting, loader}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static List<JsonNode> lines(byte[] body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (!text.isEmpty()) {
            assertTrue(text.endsWith("\n"));
            for (String line : text.split("\n")) {
                out.add(Json.mapper().readTree(line));
            }
        }
        return out;
    }

    private HttpResponse<byte[]> window(String token, String... more) throws Exception {
        List<String> p = new ArrayList<>(List.of("start", start, "end", end));
        p.addAll(Arrays.asList(more));
        return api.get(token, R, p.toArray(String[]::new));
    }

    private static JsonNode error(HttpResponse<byte[]> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    @Test
    void aClosedWindowHasEveryKindInReceivedThenDocIdOrderWithTies() throws Exception {
        HttpResponse<byte[]> r = window(all);
        assertEquals(200, r.statusCode(), () -> new String(r.body()));
        assertEquals("application/x-ndjson", r.headers().firstValue("content-type").orElse(""));
        List<JsonNode> lines = lines(r.body());
        assertEquals(entries + exchanges + observations, lines.size());
        assertEquals(entries, lines.stream().filter(l -> l.path("kind").asText().equals("logharbour")).count());
        assertEquals(exchanges, lines.stream().filter(l -> l.path("kind").asText().equals("exchanges")).count());
        assertEquals(observations, lines.stream().filter(l -> l.path("kind").asText().equals("observations")).count());
        for (int i = 1; i < lines.size(); i++) {
            JsonNode a = lines.get(i - 1);
            JsonNode b = lines.get(i);
            int c = Long.compare(a.path("received_at").asLong(), b.path("received_at").asLong());
            if (c == 0) {
                c = Hit.compareCodePoints(a.path("doc_id").asText(), b.path("doc_id").asText());
            }
            if (c == 0) {
                c = ExportKind.ofWireName(a.path("kind").asText()).get().compareTo(ExportKind.ofWireName(b.path("kind").asText()).get());
            }
            assertTrue(c < 0, "line " + i + " out of order: " + a + " then " + b);
        }
        long tie = Times.nanos(base.plusMillis(30_000).plusNanos(123));
        assertEquals(4, lines.stream().filter(l -> l.path("received_at").asLong() == tie).count(), "two entries, an exchange, an observation");
        assertTrue(lines.stream().noneMatch(l -> l.path("type").asText().equals("D")), "no debug entries without the debug capability");
        assertTrue(lines.stream().noneMatch(l -> l.path("id").asText().equals("2ZBEFORE") || l.path("id").asText().equals("2ZAFTER")));
    }

    @Test
    void aClosedWindowAnswersTheSameBytesWhileLaterWindowsAreIngested() throws Exception {
        String token = paged.token(REALM, QueryScope.EVERYTHING_BUT_DEBUG);
        String query = R + ExportFixture.query("start", start, "end", end);
        Instant later = base.plus(Duration.ofMinutes(6));
        byte[] first;
        byte[] second;
        byte[] overHttp2;
        LaterWindowIngestion ingestion = new LaterWindowIngestion(elasticsearch, REALM, later);
        try (ingestion) {
            // Each call reads a round of ingestion's writes, and a move of the watermark, every ten
            // lines: the writes land while the answer is open. (The server may have read its pages
            // ahead into the socket's buffers; a dozen pages of five make that a race, not a certainty.)
            first = readWhileIngesting(paged.http, paged.request(token, query).GET().build(), ingestion);
            second = readWhileIngesting(paged.http, paged.request(token, query).GET().build(), ingestion);
            overHttp2 = readWhileIngesting(paged.http2, paged.request(token, query).GET().build(), ingestion);
        }
        assertTrue(first.length > 1000);
        assertArrayEquals(first, second);
        assertArrayEquals(first, overHttp2);
        assertArrayEquals(first, window(all).body(), "pages of five and pages of fifty answer the same bytes");
        Instant laterEnd = later.plus(Duration.ofMinutes(1));
        Instant watermark = ingestion.watermark();
        loader.watermark(watermark.isAfter(base.plus(Duration.ofMinutes(10))) ? watermark : base.plus(Duration.ofMinutes(10)));
        HttpResponse<byte[]> ingested = api.get(all, R, "start", later.toString(), "end", laterEnd.toString());
        assertEquals(ingestion.linesBefore(laterEnd), lines(ingested.body()).size());
    }

    /** The body, read line by line, waiting for one more round of {@code ingestion} every ten lines. */
    private static byte[] readWhileIngesting(HttpClient client, HttpRequest request, LaterWindowIngestion ingestion) throws Exception {
        HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            int n = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (n++ % 10 == 0) {
                    ingestion.awaitNextRound();
                }
                body.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return body.toByteArray();
    }

    @Test
    void openLongAndExpiredWindowsAreRefused() throws Exception {
        HttpResponse<byte[]> open = api.get(all, R, "start", Long.toString(Instant.now().minusSeconds(60).getEpochSecond()),
                "end", Long.toString(Instant.now().getEpochSecond()));
        assertEquals(409, open.statusCode());
        JsonNode body = error(open);
        assertEquals("window_not_closed", body.path("error").path("code").asText());
        long watermark = body.path("watermark_unixnano").asLong();
        assertTrue(watermark >= Times.nanos(base.plus(Duration.ofMinutes(5))), body.toString());
        assertEquals(Times.format(watermark), body.path("watermark").asText());

        HttpResponse<byte[]> tooLong = api.get(all, R, "start", start, "end", base.plus(Duration.ofMinutes(61)).toString());
        assertEquals(400, tooLong.statusCode());
        assertEquals("window_too_long", error(tooLong).path("error").path("code").asText());

        HttpResponse<byte[]> expired = api.get(all, R, "start", base.minus(Duration.ofDays(40)).toString(), "end",
                base.minus(Duration.ofDays(40)).plusSeconds(60).toString());
        assertEquals(400, expired.statusCode());
        assertEquals("start_before_retention", error(expired).path("error").path("code").asText());
        assertEquals(java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(30).toString(), error(expired).path("oldest_day").asText());

        // Three days back: within the default 30 days, so served; past the brief realm's one day,
        // whose indices there the indexer has deleted, so refused rather than answered empty.
        String threeDaysBack = base.minus(Duration.ofDays(3)).toString();
        String andAMinute = base.minus(Duration.ofDays(3)).plusSeconds(60).toString();
        assertEquals(200, api.get(all, R, "start", threeDaysBack, "end", andAMinute).statusCode());
        String brief = api.token(BRIEF_REALM, QueryScope.EVERYTHING_BUT_DEBUG);
        HttpResponse<byte[]> briefExpired = api.get(brief, R, "start", threeDaysBack, "end", andAMinute);
        assertEquals(400, briefExpired.statusCode());
        assertEquals("start_before_retention", error(briefExpired).path("error").path("code").asText());
        assertEquals(java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1).toString(), error(briefExpired).path("oldest_day").asText());
        assertEquals(200, api.get(brief, R, "start", start, "end", end).statusCode(), "inside its one day the brief realm is served");

        HttpResponse<byte[]> bad = api.get(all, R, "start", "soon", "end", end);
        assertEquals(400, bad.statusCode());
        assertEquals("start", error(bad).path("error").path("field").asText());
    }

    @Test
    void countSampleFieldsAndTimestamps() throws Exception {
        List<JsonNode> full = lines(window(all).body());
        assertEquals(full.subList(0, 5), lines(window(all, "count", "5").body()));

        byte[] sampled = window(all, "sample", "0.3").body();
        Sampler s = new Sampler(0.3);
        List<JsonNode> expected = full.stream().filter(l -> s.keeps(l.path("doc_id").asText())).toList();
        assertEquals(expected, lines(sampled));
        assertArrayEquals(sampled, window(all, "sample", "0.3").body());
        assertTrue(expected.size() > 0 && expected.size() < full.size());

        List<JsonNode> projected = lines(window(all, "fields", "app,msg,ipaddr").body());
        assertEquals(full.size(), projected.size());
        for (JsonNode l : projected) {
            Set<String> names = new java.util.TreeSet<>();
            l.fieldNames().forEachRemaining(names::add);
            Set<String> want = switch (l.path("kind").asText()) {
                case "logharbour" -> Set.of("kind", "app", "msg");
                case "observations" -> Set.of("kind", "ipaddr");
                default -> Set.of("kind");
            };
            assertEquals(new java.util.TreeSet<>(want), names);
        }
        HttpResponse<byte[]> unknown = window(all, "fields", "app,colour");
        assertEquals(400, unknown.statusCode());
        assertTrue(error(unknown).path("error").path("message").asText().contains("ipaddr"), error(unknown).toString());

        List<JsonNode> rfc = lines(window(all, "timestamps", "rfc3339").body());
        List<JsonNode> unix = lines(window(all, "timestamps", "unix").body());
        for (int i = 0; i < full.size(); i++) {
            long nanos = full.get(i).path("received_at").asLong();
            assertEquals(Times.format(nanos), rfc.get(i).path("received_at").asText());
            assertEquals(Math.floorDiv(nanos, 1_000_000_000L), unix.get(i).path("received_at").asLong());
            if (full.get(i).has("request")) {
                assertEquals(Times.format(full.get(i).path("request").path("received_at").asLong()),
                        rfc.get(i).path("request").path("received_at").asText());
            }
        }
    }

    @Test
    void gzipWhenAsked() throws Exception {
        byte[] plain = window(all).body();
        HttpResponse<byte[]> gz = api.http.send(api.request(all, R + ExportFixture.query("start", start, "end", end))
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", gz.headers().firstValue("content-encoding").orElse(""));
        assertTrue(gz.body().length < plain.length);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertArrayEquals(plain, in.readAllBytes());
        }
    }

    @Test
    void aSizeCutResumesWithExactlyTheRest() throws Exception {
        String token = cutting.token(REALM, QueryScope.EVERYTHING_BUT_DEBUG);
        List<JsonNode> full = lines(window(all).body());
        List<JsonNode> got = new ArrayList<>();
        String cursor = null;
        int calls = 0;
        while (true) {
            calls++;
            HttpResponse<byte[]> r = cursor == null ? cutting.get(token, R, "start", start, "end", end)
                    : cutting.get(token, R, "start", start, "end", end, "cursor", cursor);
            assertEquals(200, r.statusCode(), () -> new String(r.body()));
            List<JsonNode> lines = lines(r.body());
            JsonNode last = lines.get(lines.size() - 1);
            if (!last.has("cut")) {
                got.addAll(lines);
                break;
            }
            assertTrue(last.path("cut").path("bytes").asLong() <= 3000);
            got.addAll(lines.subList(0, lines.size() - 1));
            cursor = last.path("cut").path("resume").path("cursor").asText();
        }
        assertTrue(calls > 3, "cut " + (calls - 1) + " times");
        assertEquals(full, got);
    }

    @Test
    void idsFindEntriesExchangesAndReceipts() throws Exception {
        List<JsonNode> one = lines(api.get(all, "/api/v1/logs/ids/" + tiedEntryId).body());
        assertEquals(1, one.size());
        assertEquals("logharbour", one.get(0).path("kind").asText());
        List<JsonNode> exchange = lines(api.get(all, "/api/v1/logs/ids/" + firstExchange).body());
        assertEquals(1, exchange.size());
        assertEquals("exchanges", exchange.get(0).path("kind").asText());
        assertEquals(1, lines(api.get(all, "/api/v1/logs/ids/rcpt-rs-102").body()).size());
        // The LogHarbour id clause on its own: this entry's doc_id is a hash, not its id. (An
        // exchange's doc_id is always its exchange id, so that clause cannot be told apart.)
        List<JsonNode> byLongId = lines(api.get(all, "/api/v1/logs/ids/" + java.net.URLEncoder.encode(longEntryId, StandardCharsets.UTF_8)).body());
        assertEquals(1, byLongId.size());
        assertEquals(longEntryId, byLongId.get(0).path("id").asText());
        assertNotEquals(longEntryId, byLongId.get(0).path("doc_id").asText());
        // Every entry came with one receipt (the before/after and late ones too): many lines, debug left out.
        List<JsonNode> receipt = lines(api.get(all, "/api/v1/logs/ids/" + ExportLoader.RECEIPT).body());
        assertTrue(receipt.size() >= entries + 2, "found " + receipt.size());
        assertTrue(receipt.stream().noneMatch(l -> l.path("type").asText().equals("D")));
        HttpResponse<byte[]> none = api.get(all, "/api/v1/logs/ids/nothing-has-this-id");
        assertEquals(200, none.statusCode());
        assertEquals(0, none.body().length);
        assertEquals(0, lines(api.get(shopOnly, "/api/v1/logs/ids/" + firstExchange).body()).size());
    }

    @Test
    void aTokenLimitedToAnAppSeesOnlyThatAppsEntries() throws Exception {
        List<JsonNode> lines = lines(window(shopOnly).body());
        assertEquals(entries / 2, lines.size());
        assertTrue(lines.stream().allMatch(l -> l.path("kind").asText().equals("logharbour") && l.path("app").asText().equals("shop")));
        HttpResponse<byte[]> exchangesAsked = window(shopOnly, "kind", "exchanges");
        assertEquals(403, exchangesAsked.statusCode());
        assertEquals("kind_not_allowed", error(exchangesAsked).path("error").path("code").asText());
        String debug = api.token(REALM, new QueryScope(QueryScope.Allowed.ALL, QueryScope.Allowed.ALL, Set.of(Capability.DEBUG),
                List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"))));
        assertEquals(entries + debugEntries, lines(window(debug, "kind", "logharbour").body()).size());
    }

    @Test
    void theFieldCatalogueDescribesEveryKind() throws Exception {
        JsonNode catalogue = Json.mapper().readTree(api.get(all, ExportRoutes.FIELDS).body());
        for (ExportKind kind : ExportKind.values()) {
            for (FieldCatalogue.Field f : FieldCatalogue.fields(kind)) {
                assertEquals(f.description(), catalogue.path(kind.wireName()).path(f.name()).asText());
            }
        }
        assertEquals(3, catalogue.size());
    }

    @Test
    void tooManyCallsAre429WithRetryAfter() throws Exception {
        String token = tight.token(REALM, QueryScope.EVERYTHING_BUT_DEBUG);
        for (int i = 0; i < 3; i++) {
            assertEquals(200, tight.get(token, R, "start", start, "end", end, "count", "1").statusCode());
        }
        HttpResponse<byte[]> refused = tight.get(token, R, "start", start, "end", end, "count", "1");
        assertEquals(429, refused.statusCode());
        assertEquals("rate_limited", error(refused).path("error").path("code").asText());
        assertTrue(Long.parseLong(refused.headers().firstValue("retry-after").orElse("0")) > 60);
    }

    @Test
    void aLargeWindowStreamsWithAtMostAPagePerKindHeld() throws Exception {
        String token = api.token(BULK_REALM, QueryScope.EVERYTHING_BUT_DEBUG);
        HttpResponse<InputStream> r = api.stream(token, R, "start", start, "end", end);
        assertEquals(200, r.statusCode());
        long lines = 0;
        long previous = Long.MIN_VALUE;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long received = Json.mapper().readTree(line).path("received_at").asLong();
                assertTrue(received >= previous);
                previous = received;
                lines++;
            }
        }
        // Two milliseconds apart: 20,000 observations span 40 s, all inside the minute.
        assertEquals(BULK_LINES, lines);
        String metrics = new String(api.get(null, "/metrics").body(), StandardCharsets.UTF_8);
        double held = metrics.lines().filter(l -> l.startsWith("harbour_export_held_documents_max"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
        assertTrue(held > 0 && held <= 3 * PAGE, "held at most a page per kind: " + held);
    }
}
