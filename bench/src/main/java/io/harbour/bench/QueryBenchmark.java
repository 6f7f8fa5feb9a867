package io.harbour.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.certs.CertificateAuthority;
import io.harbour.certs.ClientTls;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.DocumentBuilder;
import io.harbour.model.Json;
import io.harbour.query.QueryApi;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.geo.GeoLocators;
import io.harbour.stack.Distributions;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.traffic.TrafficGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Phase {@code query}: the query API's latency on realistic LogHarbour data (issue 5's benchmark).
 * For each size of {@code --query-entries}, entries from the traffic generator (8 days, seed
 * fixed) are loaded into a realm of their own on a real node through the layout's
 * {@link DocumentBuilder} and raw {@code _bulk} (the indexer's documents, without Kafka), each
 * received at its own {@code when} so the daily indices are as the indexer makes them. The node's
 * directory is kept ({@code --query-data-dir}): a size found complete is not loaded again, a
 * partial one is resumed (creates with deterministic ids: a document sent twice is a conflict,
 * ignored). Then the query API starts in this JVM with TLS, its clock at the generator's end, and
 * one client on one keep-alive HTTPS connection calls, one call at a time:
 * <ul>
 * <li>GetLogs first page with varied filters, and a deep page: a cursor at a random point of the 8
 * days with the same filters (search_after, so any depth costs what this does);</li>
 * <li>GetUnusualIP over 7 days (1 %), GetSet on who (every value).</li>
 * </ul>
 * Latency is measured at the client (request written to answer read), p50/p95/max.
 */
final class QueryBenchmark {
    private static final long SEED = 20261123L;
    private static final int DAYS = 8;

    private final BenchOptions options;
    private final Path repo;
    private final Path runDir;
    private final Report report;

    QueryBenchmark(BenchOptions options, Path repo, Path runDir, Report report) {
        this.options = options;
        this.repo = repo;
        this.runDir = runDir;
        this.report = report;
    }

    void run() throws Exception {
        Path dataDir = options.queryDataDir().isBlank() ? repo.resolve("bench/target/query-es") : Path.of(options.queryDataDir());
        report.heading("Query API");
        report.line("Elasticsearch node data: " + dataDir + " (kept between runs). Load: `" + uptime() + "` at start.");
        try (ElasticsearchNode node = new ElasticsearchNode(Distributions.fromBuild(), dataDir).start();
             ElasticsearchConnection es = new ElasticsearchConnection(ElasticsearchSettings.local(node.httpUri().toString()), Json.mapper())) {
            QueryBenchSupport.putLogHarbourTemplate(es);
            List<List<String>> rows = new ArrayList<>();
            for (long size : options.queryEntries()) {
                String realm = "q" + size;
                TrafficGenerator traffic = TrafficGenerator.builder().seed(SEED).entries(size).days(DAYS).build();
                load(es, realm, traffic);
                rows.addAll(measure(node, realm, traffic));
            }
            report.table(List.of("entries", "call", "calls", "p50 ms", "p95 ms", "max ms", "answer"), rows);
            report.line("Load at the end: `" + uptime() + "`.");
        }
    }

    // ---- loading

    private void load(ElasticsearchConnection es, String realm, TrafficGenerator traffic) throws IOException, InterruptedException {
        // Each entry received at its own when, so the daily indices are as the indexer makes them.
        QueryBenchSupport.load(es, realm, traffic, g -> io.harbour.layout.Times.nanos(g.entry().when().instant()),
                "01HZBENCHQUERY", report);
    }

    // ---- measuring

    private List<List<String>> measure(ElasticsearchNode node, String realm, TrafficGenerator traffic) throws Exception {
        QueryBenchSupport.ApiSetup setup = QueryBenchSupport.apiSetup(runDir.resolve("query-api-" + realm), realm);
        CertificateAuthority ca = setup.ca();
        String token = setup.token();
        QueryApiConfig config = setup.config(node, QueryApiConfig.Export.defaults());
        Clock clock = Clock.fixed(traffic.end(), ZoneOffset.UTC);
        List<List<String>> rows = new ArrayList<>();
        try (QueryApi api = QueryApi.start(config, GeoLocators.fromSetting(""), clock)) {
            SSLContext tls = ClientTls.jdkContext(List.of(ca.certificate()), null);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                    .sslParameters(ClientTls.jdkParameters(tls)).connectTimeout(Duration.ofSeconds(10)).build();
            Caller caller = new Caller(http, api.uri(), token);
            String size = String.format("%,d", traffic.size());
            // Values to filter by, from the data itself (GetSet), so every filter matches something.
            List<String> who = keys(caller.call("getset", Map.of("setattr", "who")).json().path("setvalues"));
            List<String> classes = keys(caller.call("getset", Map.of("setattr", "class")).json().path("setvalues"));
            List<String> apps = traffic.apps();
            Random random = new Random(SEED);
            List<Map<String, String>> filters = new ArrayList<>();
            for (int i = 0; i < options.queryCalls(); i++) {
                filters.add(filter(i, random, apps, who, classes));
            }
            int calls = options.queryCalls();
            // Warm-up: the JIT, the connection, Elasticsearch's caches of the first queries.
            for (int i = 0; i < Math.min(20, calls); i++) {
                caller.call("getlogs", filters.get(i));
            }
            Stats first = new Stats();
            for (Map<String, String> f : filters) {
                first.add(caller.call("getlogs", f));
            }
            rows.add(first.row(size, "GetLogs first page (varied filters)", "nrec p50 " + first.nrecMedian()));
            Stats deep = new Stats();
            long spanNanos = Duration.between(traffic.start(), traffic.end()).toNanos();
            for (Map<String, String> f : filters) {
                Map<String, String> p = new LinkedHashMap<>(f);
                p.remove("ndays");
                Instant at = traffic.start().plusNanos((long) (random.nextDouble() * spanNanos));
                p.put("searchAfterTS", at.toString());
                p.put("searchAfterDocID", "~");
                deep.add(caller.call("getlogs", p));
            }
            rows.add(deep.row(size, "GetLogs deep page (cursor at a random point)", "nrec p50 " + deep.nrecMedian()));
            int heavy = Math.max(5, calls / 10);
            caller.call("getunusualip", Map.of("unusualpercent", "1", "ndays", "7"));
            Stats unusual = new Stats();
            int listed = 0;
            long total = 0;
            for (int i = 0; i < heavy; i++) {
                Caller.Answer a = caller.call("getunusualip", Map.of("unusualpercent", "1", "ndays", "7"));
                unusual.add(a);
                listed = a.json().path("unusualIPs").size();
                total = a.json().path("total").asLong();
            }
            rows.add(unusual.row(size, "GetUnusualIP, 7 days, 1 %", listed + " unusual of " + total + " entries with an address"));
            caller.call("getset", Map.of("setattr", "who"));
            Stats set = new Stats();
            int values = 0;
            for (int i = 0; i < heavy; i++) {
                Caller.Answer a = caller.call("getset", Map.of("setattr", "who"));
                set.add(a);
                values = a.json().path("setvalues").size();
            }
            rows.add(set.row(size, "GetSet on who (every value, whole realm)", values + " values"));
        }
        return rows;
    }

    /** Filters of the kinds analysts send, in turn: none, one attribute, two, a priority, a day, an address range. */
    private static Map<String, String> filter(int i, Random random, List<String> apps, List<String> who, List<String> classes) {
        Map<String, String> f = new LinkedHashMap<>();
        String app = apps.get(random.nextInt(apps.size()));
        switch (i % 8) {
            case 0 -> { }
            case 1 -> f.put("app", app);
            case 2 -> f.put("who", who.get(random.nextInt(Math.min(who.size(), 200))));
            case 3 -> {
                f.put("app", app);
                f.put("class", classes.get(random.nextInt(classes.size())));
            }
            case 4 -> f.put("pri", "Warn");
            case 5 -> {
                f.put("app", app);
                f.put("ndays", "1");
            }
            case 6 -> {
                f.put("type", "A");
                f.put("ndays", "3");
            }
            default -> f.put("remoteIP", "10.0.0.0/8");
        }
        return f;
    }

    private static List<String> keys(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        if (out.isEmpty()) {
            throw new IllegalStateException("the realm has no values to filter by");
        }
        return out;
    }

    private static String uptime() {
        return QueryBenchSupport.uptime();
    }

    /** One client, one call at a time, on one keep-alive connection. */
    private record Caller(HttpClient http, URI base, String token) {
        record Answer(long nanos, JsonNode json) {
        }

        Answer call(String function, Map<String, String> params) throws IOException, InterruptedException {
            String query = params.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/logharbour/" + function + (query.isEmpty() ? "" : "?" + query)))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120)).GET().build();
            long began = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - began;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(function + " " + params + " answered " + r.statusCode() + ": "
                        + new String(r.body(), StandardCharsets.UTF_8));
            }
            return new Answer(nanos, Json.mapper().readTree(r.body()));
        }
    }

    private static final class Stats {
        private final List<Long> nanos = new ArrayList<>();
        private final List<Long> nrecs = new ArrayList<>();

        void add(Caller.Answer a) {
            nanos.add(a.nanos());
            if (a.json().has("nrec")) {
                nrecs.add(a.json().path("nrec").asLong());
            }
        }

        private static double percentile(List<Long> values, double p) {
            long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        String nrecMedian() {
            return nrecs.isEmpty() ? "-" : String.format("%,d", (long) percentile(nrecs, 50));
        }

        List<String> row(String size, String call, String answer) {
            return Arrays.asList(size, call, String.valueOf(nanos.size()), Report.num(percentile(nanos, 50) / 1e6, 1),
                    Report.num(percentile(nanos, 95) / 1e6, 1), Report.num(percentile(nanos, 100) / 1e6, 1), answer);
        }
    }
}
