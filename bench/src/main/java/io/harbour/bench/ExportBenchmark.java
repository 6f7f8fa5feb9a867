package io.harbour.bench;

import io.harbour.certs.ClientTls;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import io.harbour.layout.Watermarks;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import io.harbour.query.QueryApi;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.geo.GeoLocators;
import io.harbour.stack.Distributions;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.traffic.TrafficGenerator;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/**
 * Phase {@code export}: issue 6's benchmark. {@code --export-entries} traffic-generator entries
 * (seed fixed) whose receive times ({@link io.harbour.layout.RecordContext}) all fall inside one
 * hour are loaded as phase {@code query} loads (layout builders, raw {@code _bulk}, resumable node
 * directory), a watermark document is written at the hour's end as the indexer writes it
 * ({@link Watermarks}), so the window is closed, and the query API starts in this JVM with TLS, a
 * size limit and rate limit out of the way. Then that one-hour window is exported over HTTPS
 * (HTTP/1.1, one connection) twice without gzip and twice with {@code Accept-Encoding: gzip}; the
 * body is streamed to a counting, hashing sink and never held. During each export this JVM's heap
 * (the query API's, and the client's, which holds only a 64 KiB buffer) is sampled every 100 ms.
 */
final class ExportBenchmark {
    private static final long SEED = 20261124L;
    private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
    private static final int SAMPLE_MS = 100;

    private final BenchOptions options;
    private final Path repo;
    private final Path runDir;
    private final Report report;

    ExportBenchmark(BenchOptions options, Path repo, Path runDir, Report report) {
        this.options = options;
        this.repo = repo;
        this.runDir = runDir;
        this.report = report;
    }

    void run() throws Exception {
        Path dataDir = options.exportDataDir().isBlank() ? runDir.resolve("export-es") : Path.of(options.exportDataDir());
        long size = options.exportEntries();
        String realm = "x" + size;
        TrafficGenerator traffic = TrafficGenerator.builder().seed(SEED).entries(size).end(END).span(Duration.ofHours(1)).build();
        report.heading("Export");
        report.line("Elasticsearch node data: " + dataDir + " (kept between runs). Load: `" + QueryBenchSupport.uptime() + "` at start.");
        try (ElasticsearchNode node = new ElasticsearchNode(Distributions.fromBuild(), dataDir).start();
             ElasticsearchConnection es = new ElasticsearchConnection(ElasticsearchSettings.local(node.httpUri().toString()), Json.mapper())) {
            QueryBenchSupport.putLogHarbourTemplate(es);
            // Received at the entry's own when: the generator spreads them over [END - 1 h, END).
            QueryBenchSupport.load(es, realm, traffic, g -> io.harbour.layout.Times.nanos(g.entry().when().instant()),
                    "01HZBENCHEXPORT", report);
            writeWatermark(es, size);
            measure(node, es, realm, traffic);
            report.line("Load at the end: `" + QueryBenchSupport.uptime() + "`.");
        }
    }

    /** The indexer's watermark document for the partition the entries came from, at the hour's end: the window is closed. */
    private void writeWatermark(ElasticsearchConnection es, long size) throws IOException {
        ElasticsearchConnection.JsonResponse created = es.send("PUT", "/" + Watermarks.INDEX, Watermarks.createIndexBody(IndexTemplates.Settings.singleNode()));
        if (!created.ok() && !"resource_already_exists_exception".equals(created.errorType())) {
            throw new IllegalStateException("cannot create " + Watermarks.INDEX + ": " + created.body());
        }
        Watermarks.WatermarkDocument d = new Watermarks.WatermarkDocument("harbour.logharbour", 0, LogKind.LOGHARBOUR.wireName(), size,
                END, Instant.now(), "bench-export");
        String bulk = "{\"index\":{\"_index\":\"" + Watermarks.INDEX + "\",\"_id\":\"" + d.id() + "\"}}\n"
                + Json.mapper().writeValueAsString(d.source()) + "\n";
        ElasticsearchConnection.JsonResponse r = es.sendNdjson("/_bulk?refresh=true", bulk);
        if (!r.ok() || r.body().path("errors").asBoolean()) {
            throw new IllegalStateException("watermark refused: " + r.body());
        }
    }

    private void measure(ElasticsearchNode node, ElasticsearchConnection es, String realm, TrafficGenerator traffic) throws Exception {
        QueryBenchSupport.ApiSetup setup = QueryBenchSupport.apiSetup(runDir.resolve("export-api-" + realm), realm,
                // Debug from every address: the generator makes 15 % debug entries, and the export should cover every line.
                new io.harbour.realms.QueryScope(io.harbour.realms.QueryScope.Allowed.ALL, io.harbour.realms.QueryScope.Allowed.ALL,
                        java.util.Set.of(io.harbour.realms.Capability.DEBUG),
                        List.of(io.harbour.realms.Cidr.parse("0.0.0.0/0"), io.harbour.realms.Cidr.parse("::/0"))));
        // Size limit (64 GiB) and rate limit (6000 a minute) far above what four calls need: the figures are the stream's.
        QueryApiConfig.Export export = new QueryApiConfig.Export(QueryApiConfig.Export.defaults().pageSize(), 64L << 30,
                Duration.ofMinutes(5), 30, 6000, 100);
        QueryApiConfig config = setup.config(node, export);
        Clock clock = Clock.fixed(END.plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        String alias = IndexNames.alias(DocumentKind.LOGHARBOUR, realm);
        long stored = QueryBenchSupport.count(es, alias);
        long size = traffic.size();
        List<List<String>> rows = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        try (QueryApi api = QueryApi.start(config, GeoLocators.fromSetting(""), clock)) {
            SSLContext tls = ClientTls.jdkContext(List.of(setup.ca().certificate()), null);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                    .sslParameters(ClientTls.jdkParameters(tls)).connectTimeout(Duration.ofSeconds(10)).build();
            URI uri = URI.create(api.uri() + "/api/v1/logs/received?kind=logharbour&start=" + traffic.start() + "&end=" + traffic.end());
            report.line("Window `" + traffic.start() + "` to `" + traffic.end() + "` (one call), " + String.format("%,d", stored)
                    + " documents in " + alias + "; query API in this JVM (" + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB max heap, " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-XX:+Use")).findFirst().orElse("default GC") + "), export page size "
                    + export.pageSize() + "; client: JDK HttpClient, HTTP/1.1 over TLS, body read in 64 KiB reads into a counter and SHA-256.");
            String[] encodings = {"identity", "identity", "gzip", "gzip"};
            for (int i = 0; i < encodings.length; i++) {
                boolean gzip = encodings[i].equals("gzip");
                System.gc();
                Thread.sleep(300);
                long before = heapUsed();
                String loadBefore = QueryBenchSupport.uptime();
                HeapSampler sampler = new HeapSampler();
                sampler.start();
                Result r;
                try {
                    r = export(http, uri, setup.token(), gzip);
                } finally {
                    sampler.stop();
                }
                hashes.add(r.sha256());
                if (r.lines() != size) {
                    report.line("**Export " + (i + 1) + " answered " + r.lines() + " lines, not " + size + ".**");
                }
                if (r.cut()) {
                    report.line("**Export " + (i + 1) + " ended with a cut line.**");
                }
                double s = r.nanos() / 1e9;
                rows.add(Arrays.asList(String.valueOf(i + 1), gzip ? "gzip" : "none", String.format("%,d", r.lines()),
                        Report.num(r.wireBytes() / 1e6, 1), Report.num(r.plainBytes() / 1e6, 1), Report.num(s, 1),
                        String.format("%,d", Math.round(r.lines() / s)), Report.num(r.wireBytes() / 1e6 / s, 1),
                        Report.num(r.plainBytes() / 1e6 / s, 1), mib(before), mib(sampler.median()), mib(sampler.peak()),
                        mib(sampler.peakAfterGc()), String.valueOf(sampler.gcs()), String.valueOf(sampler.count()),
                        r.sha256().substring(0, 12), "`" + loadBefore.substring(0, loadBefore.indexOf(' ', loadBefore.indexOf(' ') + 1)) + "`"));
            }
            report.table(List.of("#", "gzip", "lines", "wire MB", "uncompressed MB", "s", "lines/s", "wire MB/s", "uncompressed MB/s",
                    "heap used before (MiB)", "heap used median during", "heap used peak during", "heap after GC, peak during",
                    "GCs during", "heap samples", "SHA-256 of uncompressed body", "load 1m 5m before"), rows);
            report.line("Line count " + size + " in every export: " + rows.stream().allMatch(row -> row.get(2).equals(String.format("%,d", size)))
                    + ". Two non-gzip exports byte-identical (SHA-256): " + hashes.get(0).equals(hashes.get(1))
                    + "; gzip exports' uncompressed bodies identical to them: " + (hashes.get(2).equals(hashes.get(0)) && hashes.get(3).equals(hashes.get(0))) + ".");
            report.line("MB = 10^6 bytes; wire bytes are the HTTP body as received (gzip-compressed when gzip), uncompressed bytes the NDJSON."
                    + " Heap: MemoryMXBean heap used, sampled every " + SAMPLE_MS + " ms, of the whole JVM (query API, client and the Elasticsearch client;"
                    + " the node is a separate process); System.gc() before each export, so \"before\" is the live heap."
                    + " \"After GC\" is the heap the latest collection left (GarbageCollectorMXBean), the retained set.");
            metricsLine(http, api.uri());
        }
    }

    private void metricsLine(HttpClient http, URI base) {
        try {
            HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            String held = m.body().lines().filter(l -> l.startsWith("harbour_export_held_documents")).reduce((a, b) -> a + "; " + b).orElse("(not present)");
            report.line("`/metrics` after the exports: `" + held + "`.");
        } catch (IOException | InterruptedException e) {
            report.line("`/metrics` not read: " + e);
        }
    }

    record Result(long nanos, long lines, long wireBytes, long plainBytes, String sha256, boolean cut) {
    }

    private static Result export(HttpClient http, URI uri, String token, boolean gzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).timeout(Duration.ofMinutes(30)).GET();
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        long began = System.nanoTime();
        HttpResponse<InputStream> response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            }
            throw new IllegalStateException("export answered " + response.statusCode() + ": " + body);
        }
        boolean gzipped = response.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
        if (gzip != gzipped) {
            throw new IllegalStateException("asked gzip " + gzip + ", answered Content-Encoding " + response.headers().firstValue("Content-Encoding"));
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long lines = 0;
        long plain = 0;
        byte[] lineStart = new byte[8];
        int lineStartFill = 0;
        boolean lastLineCut = false;
        Counting wire = new Counting(response.body());
        try (InputStream in = gzip ? new GZIPInputStream(wire, 65536) : wire) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                plain += n;
                for (int i = 0; i < n; i++) {
                    byte c = buf[i];
                    if (c == '\n') {
                        lines++;
                        lastLineCut = lineStartFill >= 7 && new String(lineStart, 0, 7, StandardCharsets.US_ASCII).equals("{\"cut\":");
                        lineStartFill = 0;
                    } else if (lineStartFill < lineStart.length) {
                        lineStart[lineStartFill++] = c;
                    }
                }
            }
        }
        return new Result(System.nanoTime() - began, lines, wire.count, plain, HexFormat.of().formatHex(sha.digest()), lastLineCut);
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                count++;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : String.valueOf(Math.round(bytes / 1048576.0));
    }

    /** Heap used every {@link #SAMPLE_MS} ms, and what the latest collection left, on a thread of its own. */
    private static final class HeapSampler {
        private final List<Long> used = new ArrayList<>();
        private final List<Long> afterGc = new ArrayList<>();
        private final long gcsBefore = gcCount();
        private volatile long gcsAfter;
        private volatile boolean stopped;
        private final Thread thread = new Thread(this::sample, "bench-heap-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join();
            gcsAfter = gcCount();
        }

        private void sample() {
            while (!stopped) {
                long u = heapUsed();
                long a = lastAfterGc();
                synchronized (this) {
                    used.add(u);
                    afterGc.add(a);
                }
                try {
                    Thread.sleep(SAMPLE_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        synchronized int count() {
            return used.size();
        }

        synchronized long peak() {
            return used.stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        synchronized long median() {
            long[] s = used.stream().mapToLong(Long::longValue).sorted().toArray();
            return s.length == 0 ? -1 : s[s.length / 2];
        }

        synchronized long peakAfterGc() {
            return afterGc.stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        long gcs() {
            return gcsAfter - gcsBefore;
        }

        private static long gcCount() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
        }

        /** Heap left by the most recent collection of any collector (the one that ended last). */
        private static long lastAfterGc() {
            long latestEnd = -1;
            long bytes = -1;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof com.sun.management.GarbageCollectorMXBean sun) {
                    com.sun.management.GcInfo info = sun.getLastGcInfo();
                    if (info != null && info.getEndTime() > latestEnd) {
                        latestEnd = info.getEndTime();
                        bytes = 0;
                        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                            if (pool.getType() == MemoryType.HEAP) {
                                MemoryUsage after = info.getMemoryUsageAfterGc().get(pool.getName());
                                if (after != null) {
                                    bytes += after.getUsed();
                                }
                            }
                        }
                    }
                }
            }
            return bytes;
        }
    }
}
