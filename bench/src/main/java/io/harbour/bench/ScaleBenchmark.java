package io.harbour.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.certs.ClientTls;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.indexer.IndexerConfig;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import io.harbour.query.QueryApi;
import io.harbour.query.QueryApiConfig;
import io.harbour.query.geo.GeoLocators;
import io.harbour.query.http.QueryHttpSettings;
import io.harbour.realms.QueryScope;
import io.harbour.realms.RealmFile;
import io.harbour.stack.FreePorts;
import io.harbour.traffic.GeneratedEntry;
import io.harbour.traffic.TrafficGenerator;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Phase {@code scale}: the scaling curve of issue 8 item 5, ingest cost per entry and GetLogs'
 * latency at 1x, 4x and 16x stored volume, through the real pipeline. The receiver (its own
 * process, started by {@link BenchMain}), the indexer (its own process, {@code harbour indexer
 * --config}), the broker and the Elasticsearch node of the run's stack, and the query API (in this
 * JVM, TLS, a query token of the realm, as phase query runs it).
 *
 * <p>The stored volume grows in steps to {@code --scale-base} times each of {@code --scale-factors}.
 * Each step's increment is fresh traffic-generator entries (a seed of its own per step, the same 8
 * days ending at the phase's start, so each step adds to every day of the window alike: the data
 * grows denser, not longer), written as NDJSON bodies of {@code --batch-entries} to a file before
 * the step (not measured), then posted over HTTPS by {@link BatchLoad} on
 * {@code --scale-connections} connections. The step ends when the indexer's group has committed
 * the end of every partition and a {@code _refresh} of the realm's alias has returned: everything
 * sent is searchable. The step's figures: entries/s from the first send to searchable, and the CPU
 * seconds ({@code /proc/PID/stat}) of the receiver, the indexer, the node and the broker over the
 * same window, per million entries. Then at that volume {@code --scale-calls} GetLogs calls, a
 * fixed mix built once from the first step's entries and the same at every volume, one at a time
 * on one keep-alive connection after 20 warm-up calls: p50, p95, p99 and max at the client.
 */
final class ScaleBenchmark {
    private static final long SEED = 20261208L;
    private static final int DAYS = 8;
    private static final int WARMUP_CALLS = 20;
    /** Bodies read from the step's file and handed to the sender at a time. */
    private static final int CHUNK_BODIES = 100;
    private static final List<String> KINDS = List.of("app", "app + who", "class + instance", "ndays 1", "app + ndays 3",
            "remoteIP (one address)", "pri Warn", "none (newest page)");

    private final BenchContext ctx;
    private final Report report;

    ScaleBenchmark(BenchContext ctx) {
        this.ctx = ctx;
        this.report = ctx.report();
    }

    private record Step(long factor, long volume, long increment, long accepted, long refused, double sendSeconds, double searchableSeconds,
                        double receiverCpu, double indexerCpu, double nodeCpu, double brokerCpu, double benchCpu, double otherCpu,
                        long stored, double storeMib, String loadAtEnd) {
        double perMillion(double cpu) {
            return cpu * 1e6 / accepted;
        }

        double total3() {
            return receiverCpu + indexerCpu + nodeCpu;
        }
    }

    private record Call(int kind, long nanos, long nrec) {
    }

    void run() throws Exception {
        BenchOptions o = ctx.options();
        long base = o.scaleBase();
        List<Long> factors = o.scaleFactors();
        int batch = o.batchEntries();
        for (int i = 0; i < factors.size(); i++) {
            if (factors.get(i) < 1 || (i > 0 && factors.get(i) <= factors.get(i - 1))) {
                throw new IllegalArgumentException("--scale-factors must grow: " + factors);
            }
        }
        if (base % batch != 0) {
            throw new IllegalArgumentException("--scale-base (" + base + ") must be a multiple of --batch-entries (" + batch + ")");
        }
        Path dir = Files.createDirectories(ctx.runDir().resolve("scale"));
        report.heading("Scaling curve: ingest cost per entry and GetLogs latency at " + factors.stream().map(f -> f + "x").collect(Collectors.joining(", "))
                + " of " + Report.num(base, 0) + " entries");
        report.line("Load average at the phase's start: `" + MachineLoad.loadAverage() + "` (" + Instant.now() + ").");
        IndexerConfig defaults = IndexerConfig.defaults();
        String topic = defaults.kafka().topic(LogKind.LOGHARBOUR);
        String group = "harbour-bench-scale-" + System.currentTimeMillis();
        String realm = ctx.realm().realm();
        String alias = IndexNames.alias(DocumentKind.LOGHARBOUR, realm);
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ctx.bootstrapServers()));
             ElasticsearchConnection es = new ElasticsearchConnection(ElasticsearchSettings.local(ctx.elasticsearch().toString()), Json.mapper())) {
            // The group starts at the topic's current end, so whatever other phases of this run sent is not indexed here.
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> start = endOffsets(admin, partitions);
            Map<TopicPartition, OffsetAndMetadata> initial = new HashMap<>();
            start.forEach((tp, off) -> initial.put(tp, new OffsetAndMetadata(off)));
            admin.alterConsumerGroupOffsets(group, initial).all().get(30, TimeUnit.SECONDS);
            long stored0 = QueryBenchSupport.count(es, alias);

            IndexerProcess indexer = IndexerProcess.start(ctx.children(), ctx.repo(), Files.createDirectories(dir.resolve("indexer")),
                    ctx.bootstrapServers(), ctx.elasticsearch(), group, FreePorts.pick(), List.of());
            try {
                long nodePid = Long.parseLong(Files.readString(ctx.runDir().resolve("stack/elasticsearch/elasticsearch.pid")).trim());
                report.line("");
                report.line("Indexer (pid " + indexer.pid() + "): `" + shortened(String.join(" ", indexer.command())) + "` with `"
                        + ctx.repo().relativize(indexer.yaml()) + "`: kafka.bootstrap_servers, kafka.group_id `" + group
                        + "` (its offsets set to the topic's end before the start), elasticsearch.urls, http on 127.0.0.1; every other key "
                        + "its default (" + IndexerBench.describe(defaults.bulk()) + ", commit every "
                        + defaults.kafka().commitInterval().toMillis() + " ms). Elasticsearch node pid " + nodePid + ", broker pid "
                        + ctx.brokerPid() + ", receiver pid " + ctx.receiver().pid() + ". Topic `" + topic + "`, " + partitions.size()
                        + " partitions. Realm `" + realm + "` (alias `" + alias + "`, " + stored0 + " entries stored before the phase).");
                report.line("Entries: `TrafficGenerator` (seed " + SEED + " + step, " + DAYS + " days ending " + end
                        + ", its defaults otherwise), NDJSON bodies of " + batch + " entries, " + o.scaleConnections()
                        + " keep-alive HTTPS connections (HTTP/1.1), each one request at a time. GetLogs: " + o.scaleCalls()
                        + " calls per volume after " + WARMUP_CALLS + " warm-up calls, in turn: " + String.join("; ", KINDS)
                        + "; values from entries of the first step (not debug entries, which the token's scope hides).");

                // The query API, in this JVM as phase query runs it, with a query token of the realm.
                String token = new RealmFile(ctx.realm().file()).issueQueryToken(realm, QueryScope.EVERYTHING_BUT_DEBUG, "bench scale").key();
                QueryApiConfig apiConfig = new QueryApiConfig(QueryHttpSettings.defaults().withHostAndPort("127.0.0.1", 0),
                        new QueryApiConfig.Tls(ctx.certs().serverChain().toString(), ctx.certs().serverKey().toString(), 10),
                        ctx.realm().file().toString(), ElasticsearchSettings.local(ctx.elasticsearch().toString()),
                        QueryApiConfig.Limits.defaults(), new QueryApiConfig.Geoip(""), new QueryApiConfig.Cors(List.of()));
                List<Step> steps = new ArrayList<>();
                List<List<Call>> calls = new ArrayList<>();
                try (QueryApi api = QueryApi.start(apiConfig, GeoLocators.fromSetting(""), Clock.systemUTC());
                     NettyHttpsClient client = new NettyHttpsClient(ctx.certs().nettyClientContext(), ctx.ingestUri())) {
                    SSLContext tls = ctx.certs().jdkClientContext();
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls)
                            .sslParameters(ClientTls.jdkParameters(tls)).connectTimeout(Duration.ofSeconds(10)).build();
                    Caller caller = new Caller(http, api.uri(), token);
                    // Warm-up, not counted: the same pipeline into a realm of its own (its own indices), so that the
                    // first step does not carry the JIT of the receiver, the indexer and the node alone.
                    long warmEntries = Math.max(batch, Math.min(base, 20_000) / batch * batch);
                    String warmRealm = realm + "warm";
                    RealmFile realms = new RealmFile(ctx.realm().file());
                    realms.createRealm(io.harbour.realms.Realm.named(warmRealm));
                    String warmKey = realms.issueWriteKey(warmRealm, "bench scale warm-up").key();
                    Thread.sleep(2_000); // the receiver re-reads the realm file within a second
                    Path warmBodies = dir.resolve("warm-up.bodies");
                    writeBodies(warmBodies, warmEntries, batch, end, -1, null);
                    Step warm = ingest(client, admin, es, indexer, nodePid, group, partitions, warmBodies, batch, 0, warmEntries, warmEntries,
                            warmKey, IndexNames.alias(DocumentKind.LOGHARBOUR, warmRealm));
                    Files.deleteIfExists(warmBodies);
                    report.line("Warm-up, not counted: " + Report.num(warm.accepted(), 0) + " entries (seed " + (SEED - 1) + ") into realm `"
                            + warmRealm + "` (indices of its own) through the same pipeline, searchable after "
                            + Report.num(warm.searchableSeconds(), 1) + " s (" + Report.num(warm.accepted() / warm.searchableSeconds(), 0)
                            + " entries/s; CPU s per million receiver + indexer + node " + Report.num(warm.perMillion(warm.total3()), 0) + ").");
                    List<Map<String, String>> filters = null;
                    long previous = 0;
                    long expected = stored0;
                    for (int k = 0; k < factors.size(); k++) {
                        long volume = factors.get(k) * base;
                        long increment = volume - previous;
                        previous = volume;
                        Path bodies = dir.resolve("step-" + k + ".bodies");
                        List<JsonNode> samples = new ArrayList<>();
                        long genStart = System.nanoTime();
                        writeBodies(bodies, increment, batch, end, k, k == 0 ? samples : null);
                        System.out.printf("bench scale: step %d (%dx): %,d entries generated in %.1f s%n", k, factors.get(k), increment,
                                (System.nanoTime() - genStart) / 1e9);
                        if (k == 0) {
                            filters = filters(samples, o.scaleCalls());
                        }
                        Step step = ingest(client, admin, es, indexer, nodePid, group, partitions, bodies, batch, factors.get(k), volume, increment,
                                ctx.realm().writeKey(), alias);
                        Files.deleteIfExists(bodies);
                        expected += step.accepted();
                        if (step.stored() != expected) {
                            report.line("**Stored after step " + k + ": " + step.stored() + ", expected " + expected + ".**");
                        }
                        steps.add(step);
                        calls.add(measure(caller, filters));
                        List<Long> n = calls.get(k).stream().map(Call::nanos).toList();
                        System.out.printf("bench scale: %dx done: %s; GetLogs p50 %.1f p95 %.1f p99 %.1f ms%n", factors.get(k), step,
                                pct(n, 50) / 1e6, pct(n, 95) / 1e6, pct(n, 99) / 1e6);
                    }
                }
                write(steps, calls, base);
            } catch (Exception | Error e) {
                report.line("Indexer log (last lines):");
                report.code(indexer.tail());
                throw e;
            } finally {
                ctx.children().stop(indexer.child(), 40);
            }
        }
        report.line("Load average at the phase's end: `" + MachineLoad.loadAverage() + "` (" + Instant.now() + ").");
    }

    // ---- generating

    /** The step's entries as NDJSON bodies, length-prefixed in a file; a few non-debug entries of the first step kept as samples. */
    private static void writeBodies(Path file, long entries, int batch, Instant end, int step, List<JsonNode> samples) throws IOException {
        TrafficGenerator traffic = TrafficGenerator.builder().seed(SEED + step).entries(entries).days(DAYS).end(end).build();
        Random pick = new Random(SEED);
        double sampleChance = samples == null ? 0 : Math.min(1.0, 400.0 / entries);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 20))) {
            StringBuilder body = new StringBuilder(batch * 1200);
            int inBody = 0;
            for (GeneratedEntry g : traffic) {
                String line = g.line();
                body.append(line).append('\n');
                if (samples != null && !g.rareAddress() && pick.nextDouble() < sampleChance) {
                    JsonNode entry = Json.mapper().readTree(line);
                    if (!"D".equals(entry.path("type").asText())) {
                        samples.add(entry);
                    }
                }
                if (++inBody == batch) {
                    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                    out.writeInt(bytes.length);
                    out.write(bytes);
                    body.setLength(0);
                    inBody = 0;
                }
            }
            if (inBody != 0) {
                throw new IllegalStateException("a partial body: " + entries + " entries in bodies of " + batch);
            }
        }
    }

    private static List<byte[]> readChunk(DataInputStream in, int max) throws IOException {
        List<byte[]> chunk = new ArrayList<>(max);
        try {
            while (chunk.size() < max) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                chunk.add(b);
            }
        } catch (EOFException end) {
            // the file's last chunk
        }
        return chunk;
    }

    // ---- ingesting

    private Step ingest(NettyHttpsClient client, Admin admin, ElasticsearchConnection es, IndexerProcess indexer, long nodePid,
                        String group, List<TopicPartition> partitions, Path bodies, int batch, long factor, long volume, long increment,
                        String writeKey, String alias)
            throws Exception {
        BatchLoad load = new BatchLoad(client, writeKey);
        int connections = ctx.options().scaleConnections();
        Cpu before = Cpu.now(ctx, indexer.pid(), nodePid);
        long t0 = System.nanoTime();
        long accepted = 0;
        long refused = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(bodies), 1 << 20))) {
            for (List<byte[]> chunk = readChunk(in, CHUNK_BODIES); !chunk.isEmpty(); chunk = readChunk(in, CHUNK_BODIES)) {
                BatchLoad.Result r = load.run(chunk, batch, Math.min(connections, chunk.size()), chunk.size(), Duration.ofMinutes(10));
                accepted += r.outcomes().acceptedEntries();
                long notAccepted = (long) chunk.size() * batch - r.outcomes().acceptedEntries();
                if (notAccepted > 0) {
                    refused += notAccepted;
                    System.err.println("bench scale: " + notAccepted + " entries not accepted in a chunk: " + r.outcomes());
                }
            }
        }
        long tSent = System.nanoTime();
        Map<TopicPartition, Long> end = endOffsets(admin, partitions);
        long endSum = end.values().stream().mapToLong(Long::longValue).sum();
        long lastPrint = 0;
        long deadline = tSent + TimeUnit.MINUTES.toNanos(60);
        while (true) {
            indexer.checkAlive();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long sum = 0;
            boolean done = true;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                long at = c == null ? 0 : c.offset();
                sum += at;
                done &= at >= end.get(tp);
            }
            if (done) {
                break;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException("the indexer did not commit the end within 60 minutes: " + sum + " of " + endSum);
            }
            if (now - lastPrint > 10_000_000_000L) {
                lastPrint = now;
                System.out.printf("bench scale: %dx: %,d records behind the end, %.0f s since the first send%n", factor, endSum - sum,
                        (now - t0) / 1e9);
            }
            Thread.sleep(200);
        }
        ElasticsearchConnection.JsonResponse refreshed = es.send("POST", "/" + alias + "/_refresh", null);
        if (!refreshed.ok()) {
            throw new IllegalStateException("_refresh of " + alias + ": " + refreshed.status() + " " + refreshed.body());
        }
        long tSearchable = System.nanoTime();
        Cpu after = Cpu.now(ctx, indexer.pid(), nodePid);
        JsonNode count = es.send("GET", "/" + alias + "/_count", null).body();
        JsonNode stats = es.send("GET", "/" + alias + "/_stats/store", null).body();
        double storeMib = stats.path("_all").path("primaries").path("store").path("size_in_bytes").asDouble() / (1024 * 1024);
        Cpu d = after.minus(before);
        return new Step(factor, volume, increment, accepted, refused, (tSent - t0) / 1e9, (tSearchable - t0) / 1e9, d.receiver, d.indexer,
                d.node, d.broker, d.bench, Math.max(0, d.machine - d.receiver - d.indexer - d.node - d.broker - d.bench),
                count.path("count").asLong(-1), storeMib, MachineLoad.loadAverage());
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** CPU seconds so far of the pipeline's processes, this JVM and the whole machine (busy time of every CPU). */
    private record Cpu(double receiver, double indexer, double node, double broker, double bench, double machine) {
        static Cpu now(BenchContext ctx, long indexerPid, long nodePid) {
            return new Cpu(ProcFs.cpuSeconds(ctx.receiver().pid()), ProcFs.cpuSeconds(indexerPid), ProcFs.cpuSeconds(nodePid),
                    ProcFs.cpuSeconds(ctx.brokerPid()), ProcFs.cpuSeconds(ProcessHandle.current().pid()), MachineLoad.machineBusySeconds());
        }

        Cpu minus(Cpu b) {
            return new Cpu(receiver - b.receiver, indexer - b.indexer, node - b.node, broker - b.broker, bench - b.bench, machine - b.machine);
        }
    }

    // ---- querying

    /** The fixed mix: call i is of kind i mod 8, its values from a sample entry picked by a seeded draw. */
    private static List<Map<String, String>> filters(List<JsonNode> samples, int calls) {
        if (samples.size() < 10) {
            throw new IllegalStateException("too few sample entries: " + samples.size());
        }
        Random random = new Random(SEED);
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < calls + WARMUP_CALLS; i++) {
            int kind = i % KINDS.size();
            JsonNode s = samples.get(random.nextInt(samples.size()));
            if (kind == 5) {
                // An address an analyst would look up: a sample's own, IPv4 or IPv6 (not LOCAL, not none).
                while (!s.path("remote_ip").asText().contains(".") && !s.path("remote_ip").asText().contains(":")) {
                    s = samples.get(random.nextInt(samples.size()));
                }
            }
            Map<String, String> f = new LinkedHashMap<>();
            switch (kind) {
                case 0 -> f.put("app", s.path("app").asText());
                case 1 -> {
                    f.put("app", s.path("app").asText());
                    f.put("who", s.path("who").asText());
                }
                case 2 -> {
                    f.put("class", s.path("class").asText());
                    f.put("instance", s.path("instance").asText());
                }
                case 3 -> f.put("ndays", "1");
                case 4 -> {
                    f.put("app", s.path("app").asText());
                    f.put("ndays", "3");
                }
                case 5 -> f.put("remoteIP", s.path("remote_ip").asText());
                case 6 -> f.put("pri", "Warn");
                default -> { }
            }
            out.add(f);
        }
        return out;
    }

    private static List<Call> measure(Caller caller, List<Map<String, String>> filters) throws Exception {
        for (int i = 0; i < WARMUP_CALLS; i++) {
            caller.call(filters.get(i));
        }
        List<Call> out = new ArrayList<>();
        for (int i = WARMUP_CALLS; i < filters.size(); i++) {
            Caller.Answer a = caller.call(filters.get(i));
            out.add(new Call(i % KINDS.size(), a.nanos(), a.json().path("nrec").asLong(-1)));
        }
        return out;
    }

    /** One client, one call at a time, on one keep-alive connection (as phase query's). */
    private record Caller(HttpClient http, URI base, String token) {
        record Answer(long nanos, JsonNode json) {
        }

        Answer call(Map<String, String> params) throws IOException, InterruptedException {
            String query = params.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/logharbour/getlogs" + (query.isEmpty() ? "" : "?" + query)))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(120)).GET().build();
            long began = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long nanos = System.nanoTime() - began;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("getlogs " + params + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return new Answer(nanos, Json.mapper().readTree(r.body()));
        }
    }

    // ---- the report

    private void write(List<Step> steps, List<List<Call>> calls, long base) {
        List<List<String>> ingest = new ArrayList<>();
        for (Step s : steps) {
            ingest.add(List.of(s.factor() + "x: " + Report.num(s.volume(), 0), Report.num(s.increment(), 0),
                    Report.num(s.accepted(), 0) + (s.refused() == 0 ? "" : " (**" + s.refused() + " not**)"),
                    Report.num(s.accepted() / s.sendSeconds(), 0), Report.num(s.searchableSeconds(), 1),
                    "**" + Report.num(s.accepted() / s.searchableSeconds(), 0) + "**",
                    Report.num(s.perMillion(s.receiverCpu()), 0), Report.num(s.perMillion(s.indexerCpu()), 0),
                    Report.num(s.perMillion(s.nodeCpu()), 0), "**" + Report.num(s.perMillion(s.total3()), 0) + "**",
                    Report.num(s.perMillion(s.brokerCpu()), 0), Report.num(s.benchCpu(), 0) + " / " + Report.num(s.otherCpu(), 0),
                    Report.num(s.stored(), 0) + ", " + Report.num(s.storeMib(), 0) + " MiB", "`" + s.loadAtEnd() + "`"));
        }
        report.line("");
        report.line("Ingest, per step (the increment that brought the stored volume to the row's; CPU over the step's window, first send to searchable):");
        report.table(List.of("volume after the step", "increment", "accepted (202)", "sent entries/s (receiver's 202s)", "s to searchable",
                "**increment entries/s** (to searchable)", "CPU s per million: receiver", "indexer", "node", "**receiver + indexer + node**",
                "broker", "CPU s in the window: bench JVM / other processes", "stored (count), primary store", "load at the step's end"), ingest);

        List<List<String>> latency = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            List<Long> n = calls.get(k).stream().map(Call::nanos).toList();
            List<Long> nrec = calls.get(k).stream().map(Call::nrec).toList();
            latency.add(List.of(steps.get(k).factor() + "x: " + Report.num(steps.get(k).stored(), 0), String.valueOf(n.size()),
                    ms(pct(n, 50)), "**" + ms(pct(n, 95)) + "**", ms(pct(n, 99)), ms(pct(n, 100)), Report.num(pct(nrec, 50), 0)));
        }
        report.line("GetLogs through the query API at each volume (the same " + calls.get(0).size() + " calls each time):");
        report.table(List.of("volume (stored)", "calls", "p50 ms", "**p95 ms**", "p99 ms", "max ms", "nrec p50"), latency);

        List<String> header = new ArrayList<>(List.of("call kind"));
        steps.forEach(s -> header.add(s.factor() + "x p50 / p95 ms (nrec p50)"));
        List<List<String>> kinds = new ArrayList<>();
        for (int kind = 0; kind < KINDS.size(); kind++) {
            List<String> row = new ArrayList<>(List.of(KINDS.get(kind)));
            for (List<Call> c : calls) {
                int kk = kind;
                List<Long> n = c.stream().filter(x -> x.kind() == kk).map(Call::nanos).toList();
                List<Long> nrec = c.stream().filter(x -> x.kind() == kk).map(Call::nrec).toList();
                row.add(ms(pct(n, 50)) + " / " + ms(pct(n, 95)) + " (" + Report.num(pct(nrec, 50), 0) + ")");
            }
            kinds.add(row);
        }
        report.line("By call kind (" + calls.get(0).size() / KINDS.size() + " calls of each kind per volume):");
        report.table(header, kinds);

        Step first = steps.get(0);
        Step last = steps.get(steps.size() - 1);
        List<Long> n0 = calls.get(0).stream().map(Call::nanos).toList();
        List<Long> n1 = calls.get(calls.size() - 1).stream().map(Call::nanos).toList();
        report.line("Growth, " + last.factor() + "x against " + first.factor() + "x (volume " + Report.num(last.volume() / (double) first.volume(), 0)
                + " times): CPU s per million entries, receiver + indexer + node " + ratio(last.perMillion(last.total3()), first.perMillion(first.total3()))
                + " (receiver " + ratio(last.perMillion(last.receiverCpu()), first.perMillion(first.receiverCpu()))
                + ", indexer " + ratio(last.perMillion(last.indexerCpu()), first.perMillion(first.indexerCpu()))
                + ", node " + ratio(last.perMillion(last.nodeCpu()), first.perMillion(first.nodeCpu()))
                + "); increment entries/s " + ratio(last.accepted() / last.searchableSeconds(), first.accepted() / first.searchableSeconds())
                + "; GetLogs p50 " + ratio(pct(n1, 50), pct(n0, 50)) + ", p95 " + ratio(pct(n1, 95), pct(n0, 95))
                + ", p99 " + ratio(pct(n1, 99), pct(n0, 99)) + ".");
    }

    private static String ratio(double a, double b) {
        return "x" + Report.num(a / b, 2);
    }

    private static String ms(double nanos) {
        return Report.num(nanos / 1e6, 1);
    }

    private static double pct(List<Long> values, double p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private String shortened(String command) {
        return command.replace(ctx.repo() + "/", "").replace(System.getProperty("java.home") + "/bin/", "");
    }
}
