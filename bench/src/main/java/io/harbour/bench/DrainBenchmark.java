package io.harbour.bench;

import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.util.BinaryData;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.indexer.Indexer;
import io.harbour.indexer.IndexerConfig;
import io.harbour.layout.DocumentBuilder;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.RecordContext;
import io.harbour.model.LogKind;
import io.harbour.model.RecordHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Phase drain: a topic pre-filled with N LogHarbour entries as the receiver writes them (key,
 * six headers), drained by the indexer (in this JVM, production builder, default bulk settings)
 * into Elasticsearch; beside it, a raw {@code _bulk} of the same documents (the layout's
 * {@link DocumentBuilder} on the same records, serialized once, held in memory) through the same
 * elasticsearch-java client and {@link BulkIngester} settings, into fresh indices of the same template.
 * Order: warm-up bulk and warm-up indexer drain of 20,000 entries of their own (not counted), raw,
 * indexer, raw again, so that neither side alone has the cold JIT, cold caches or the fuller node.
 */
final class DrainBenchmark {
    private static final String TOPIC = "harbour.logharbour.bench-drain";
    private static final String REALM = "benchdrain";
    /** The indexer's warm-up: the first 20,000 entries again, in a topic and realm of their own. */
    private static final String WARM_TOPIC = "harbour.logharbour.bench-drain-warm";
    private static final String WARM_REALM = "benchwarmidx";
    private static final int PARTITIONS = 6;

    private final BenchContext ctx;
    private final Report report;

    DrainBenchmark(BenchContext ctx) {
        this.ctx = ctx;
        this.report = ctx.report();
    }

    void run() throws Exception {
        long n = ctx.options().drainEntries();
        report.heading("Drain: the indexer empties a pre-filled topic, beside a raw _bulk of the same documents");
        IndexerConfig config = IndexerBench.config(ctx, "bench-drain-" + System.currentTimeMillis(), TOPIC, Map.of());
        ElasticsearchConnection es = new ElasticsearchConnection(config.elasticsearch(), IndexerBench.JSON);
        IndexerBench.installTemplate(es, config);

        // 1. Fill the topic.
        List<String> lines = new LogHarbourEntries(ctx.options().entryBytes(), 20261124L).lines((int) n);
        long receivedBase = nowNanos();
        List<byte[]> sources = new ArrayList<>((int) n);
        List<String> ids = new ArrayList<>((int) n);
        List<Instant> indexTimes = new ArrayList<>((int) n);
        DocumentBuilder builder = new DocumentBuilder();
        long fillStart = System.nanoTime();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ctx.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1), new NewTopic(WARM_TOPIC, PARTITIONS, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            for (LogKind k : LogKind.values()) {
                if (k != LogKind.LOGHARBOUR && !admin.listTopics().names().get().contains(config.kafka().topic(k))) {
                    admin.createTopics(List.of(new NewTopic(config.kafka().topic(k), PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
                }
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (producer.partitionsFor(TOPIC).stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<Future<RecordMetadata>> acks = new ArrayList<>((int) n);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>((int) n);
            for (int i = 0; i < n; i++) {
                String line = lines.get(i);
                int app = line.indexOf("\"app\":\"") + 7;
                int cls = line.indexOf("\"class\":\"") + 9;
                int inst = line.indexOf("\"instance\":\"") + 12;
                String key = REALM + "|" + line.substring(app, line.indexOf('"', app)) + "|" + line.substring(cls, line.indexOf('"', cls))
                        + "|" + line.substring(inst, line.indexOf('"', inst));
                long received = receivedBase + i * 1000L;
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(TOPIC, key.getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8));
                header(r, RecordHeaders.REALM, REALM);
                header(r, RecordHeaders.RECEIVED_AT_NANOS, Long.toString(received));
                header(r, RecordHeaders.SENDER_ADDRESS, "127.0.0.1");
                header(r, RecordHeaders.SENDER_IDENTITY, "key:benchmark sender");
                header(r, RecordHeaders.KIND, LogKind.LOGHARBOUR.wireName());
                header(r, RecordHeaders.RECEIPT_ID, "receipt-" + received);
                acks.add(producer.send(r));
                records.add(r);
            }
            int warmRecords = (int) Math.min(20_000, n);
            List<Future<RecordMetadata>> warmAcks = new ArrayList<>(warmRecords);
            for (int i = 0; i < warmRecords; i++) {
                ProducerRecord<byte[], byte[]> r = records.get(i);
                ProducerRecord<byte[], byte[]> w = new ProducerRecord<>(WARM_TOPIC, r.key(), r.value());
                r.headers().forEach(h -> w.headers().add(h.key().equals(RecordHeaders.REALM) ? new RecordHeader(h.key(), WARM_REALM.getBytes(StandardCharsets.UTF_8)) : h));
                warmAcks.add(producer.send(w));
            }
            for (Future<RecordMetadata> a : warmAcks) {
                a.get(120, TimeUnit.SECONDS);
            }
            for (int i = 0; i < n; i++) {
                RecordMetadata m = acks.get(i).get(120, TimeUnit.SECONDS);
                ProducerRecord<byte[], byte[]> r = records.get(i);
                RecordContext rc = new RecordContext(TOPIC, m.partition(), m.offset(), LogKind.LOGHARBOUR, REALM,
                        receivedBase + i * 1000L, "127.0.0.1", "key:benchmark sender", "receipt-" + (receivedBase + i * 1000L));
                for (IndexedDocument d : builder.build(rc, r.value())) {
                    if (d.mode() != IndexedDocument.WriteMode.CREATE) {
                        throw new IllegalStateException("a LogHarbour document that is not a create: " + d.mode());
                    }
                    sources.add(IndexerBench.JSON.writeValueAsBytes(d.source()));
                    ids.add(d.id());
                    indexTimes.add(d.indexTime());
                }
                records.set(i, null);
            }
        }
        lines = null;
        long bytes = sources.stream().mapToLong(b -> b.length).sum();
        report.line("Topic `" + TOPIC + "` (" + PARTITIONS + " partitions) filled with " + Report.num(n, 0) + " LogHarbour entries of "
                + ctx.options().entryBytes() + " bytes (unique ids, realm `" + REALM + "`, the receiver's key and six headers) in "
                + Report.num((System.nanoTime() - fillStart) / 1e9, 1) + " s; the layout's DocumentBuilder made " + Report.num(sources.size(), 0)
                + " documents of them, " + Report.num(bytes / (double) sources.size(), 0) + " bytes of JSON each on average.");
        report.line("Indexer and raw bulk alike: " + IndexerBench.describe(config.bulk()) + " (the indexer's defaults); one node, "
                + "template `" + IndexNames.templateName(DocumentKind.LOGHARBOUR) + "` version " + IndexTemplates.VERSION + ", "
                + config.indices().shards() + " shard, " + config.indices().replicas() + " replica.");

        List<List<String>> rows = new ArrayList<>();
        // 2. Warm-up: JIT of the client, the node's first indexing.
        int warm = (int) Math.min(20_000, sources.size());
        Raw w = rawBulk(config, es, "benchwarm", sources.subList(0, warm), ids.subList(0, warm), indexTimes.subList(0, warm));
        report.line("Warm-up: raw bulk of " + Report.num(warm, 0) + " documents into realm `benchwarm`, not counted: "
                + Report.num(w.docsPerSecond(), 0) + " documents/s.");
        // The indexer's own warm-up (its group join, the JIT of the consumer, the pipeline and the
        // document writer), so that its measured run starts as warm as the raw side's.
        IndexerConfig warmConfig = IndexerBench.config(ctx, "bench-drain-warm-" + System.currentTimeMillis(), WARM_TOPIC, Map.of());
        Drained warmDrain = drain(warmConfig, es, Math.min(20_000, n), WARM_TOPIC, WARM_REALM);
        report.line("Warm-up: the indexer drains " + Report.num(warmDrain.n(), 0) + " of the same entries from topic `" + WARM_TOPIC + "` (realm `"
                + WARM_REALM + "`, a group of its own), not counted: " + Report.num(warmDrain.docsPerSecond(), 0) + " documents/s.");
        // 3. raw, indexer, raw.
        Raw raw1 = rawBulk(config, es, "benchraw1", sources, ids, indexTimes);
        rows.add(raw1.row("raw `_bulk` (1st)"));
        Drained drained = drain(config, es, n, TOPIC, REALM);
        rows.add(drained.row());
        Raw raw2 = rawBulk(config, es, "benchraw2", sources, ids, indexTimes);
        rows.add(raw2.row("raw `_bulk` (2nd)"));
        report.table(List.of("run (in this order)", "documents", "elapsed", "**documents/s**", "searchable (count after refresh)", "failed items",
                "CPU s: this JVM / Elasticsearch", "CPU s per 1,000 documents: this JVM / Elasticsearch", "refresh_interval"), rows);
        double rawMean = (raw1.docsPerSecond() + raw2.docsPerSecond()) / 2;
        report.line("Indexer from first record read to the last record stored (every bulk item answered): "
                + Report.num(drained.docsPerSecondStored(), 0) + " documents/s; to the last offset committed (commit interval "
                + config.kafka().commitInterval().toMillis() + " ms): " + Report.num(drained.docsPerSecond(), 0) + " documents/s. "
                + "Indexer start to first record read: " + Report.num(drained.startupSeconds, 2) + " s (group join), not counted.");
        double ratio = drained.docsPerSecond() / rawMean;
        report.line("");
        report.line("**Ratio indexer (to last commit) / raw bulk (mean of the two): " + Report.num(ratio, 2) + "** (to last stored: "
                + Report.num(drained.docsPerSecondStored() / rawMean, 2) + "; against the 1st raw alone " + Report.num(drained.docsPerSecond() / raw1.docsPerSecond(), 2)
                + ", the 2nd alone " + Report.num(drained.docsPerSecond() / raw2.docsPerSecond(), 2) + "). Target 0.85: "
                + (ratio >= 0.85 ? "met." : "not met."));
        es.close();
    }

    private Drained drain(IndexerConfig config, ElasticsearchConnection es, long n, String topic, String realm) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        double cpu0 = ProcFs.cpuSeconds(ProcessHandle.current().pid());
        double es0 = IndexerBench.esCpu(ctx);
        long t0 = System.nanoTime();
        Indexer indexer = Indexer.builder(config).meterRegistry(registry).build().start();
        long tFirst = 0;
        long tStored = 0;
        long tCommitted = 0;
        long deadline = t0 + TimeUnit.SECONDS.toNanos(Math.max(600, ctx.options().maxPhaseSeconds()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ctx.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long end = admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
            long lastAdmin = 0;
            while (tCommitted == 0) {
                if (System.nanoTime() > deadline || indexer.failure() != null) {
                    throw new IllegalStateException("drain did not finish: failure " + indexer.failure());
                }
                long now = System.nanoTime();
                Counter read = registry.find("harbour.indexer.records.read").counter();
                if (tFirst == 0 && read != null && read.count() > 0) {
                    tFirst = now;
                }
                Counter stored = registry.find("harbour.indexer.records.done").tag("outcome", "stored").counter();
                Counter parked = registry.find("harbour.indexer.records.done").tag("outcome", "dead_lettered").counter();
                double done = (stored == null ? 0 : stored.count()) + (parked == null ? 0 : parked.count());
                if (tStored == 0 && stored != null && stored.count() >= n) {
                    tStored = now;
                }
                // Ask the broker for the group's offsets only once every record is done: polling it all
                // along (every 100 ms) cost this JVM's admin client CPU that the raw side does not pay.
                if (done >= n && now - lastAdmin > 100_000_000L) {
                    lastAdmin = now;
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.kafka().groupId())
                            .partitionsToOffsetAndMetadata().get();
                    long sum = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                            .mapToLong(e -> e.getValue().offset()).sum();
                    if (sum >= end) {
                        tCommitted = now;
                    }
                }
                Thread.sleep(tFirst == 0 ? 2 : 20);
            }
        } finally {
            indexer.close();
        }
        double cpu = ProcFs.cpuSeconds(ProcessHandle.current().pid()) - cpu0;
        double esCpu = IndexerBench.esCpu(ctx) - es0;
        String pattern = IndexNames.realmPattern(DocumentKind.LOGHARBOUR, realm);
        long count = IndexerBench.count(es, pattern);
        Counter dead = registry.find("harbour.indexer.records.done").tag("outcome", "dead_lettered").counter();
        return new Drained(n, (tFirst - t0) / 1e9, (tStored == 0 ? tCommitted : tStored) - tFirst, tCommitted - tFirst, count,
                dead == null ? 0 : (long) dead.count(), cpu, esCpu, IndexerBench.refreshInterval(es, pattern));
    }

    private record Drained(long n, double startupSeconds, long storedNanos, long committedNanos, long count, long deadLettered, double cpu,
                           double esCpu, String refresh) {
        double docsPerSecond() {
            return n / (committedNanos / 1e9);
        }

        double docsPerSecondStored() {
            return n / (storedNanos / 1e9);
        }

        List<String> row() {
            return List.of("indexer (Kafka to Elasticsearch)", Report.num(n, 0),
                    Report.num(committedNanos / 1e9, 2) + " s (first record to last commit)",
                    "**" + Report.num(docsPerSecond(), 0) + "**", Report.num(count, 0) + (count == n ? " (all)" : " (**expected " + n + "**)"),
                    deadLettered + " dead-lettered", Report.num(cpu, 1) + " / " + Report.num(esCpu, 1), perThousand(cpu, esCpu, n), refresh);
        }
    }

    private Raw rawBulk(IndexerConfig config, ElasticsearchConnection es, String realm, List<byte[]> sources, List<String> ids,
                        List<Instant> indexTimes) throws Exception {
        // Fresh daily indices with the realm alias, created as the indexer's DailyIndices does, before the clock starts.
        Set<String> indices = new LinkedHashSet<>();
        for (Instant t : indexTimes) {
            indices.add(IndexNames.writeIndex(DocumentKind.LOGHARBOUR, realm, t));
        }
        for (String index : indices) {
            ElasticsearchConnection.JsonResponse r = es.send("PUT", "/" + index, IndexTemplates.createIndexBody(DocumentKind.LOGHARBOUR, realm));
            if (!r.ok()) {
                throw new IllegalStateException("create " + index + ": " + r.status() + " " + r.body());
            }
        }
        IndexerConfig.Bulk b = config.bulk();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        double cpu0 = ProcFs.cpuSeconds(ProcessHandle.current().pid());
        double es0 = IndexerBench.esCpu(ctx);
        long t0;
        try (ElasticsearchConnection client = new ElasticsearchConnection(config.elasticsearch(), IndexerBench.JSON)) {
            BulkListener<Void> listener = new BulkListener<>() {
                @Override
                public void beforeBulk(long executionId, BulkRequest request, List<Void> contexts) {
                }

                @Override
                public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, BulkResponse response) {
                    for (BulkResponseItem item : response.items()) {
                        if (item.error() == null) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, item.status() + " " + item.error().type() + ": " + item.error().reason());
                        }
                    }
                }

                @Override
                public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, Throwable failure) {
                    failed.addAndGet(contexts.size());
                    firstError.compareAndSet(null, failure.toString());
                }
            };
            BulkIngester<Void> ingester = BulkIngester.of(x -> x.client(client.asyncClient()).maxOperations(b.maxOperations()).maxSize(b.maxBytes())
                    .flushInterval(b.flushInterval().toMillis(), TimeUnit.MILLISECONDS).maxConcurrentRequests(b.maxConcurrentRequests())
                    .listener(listener));
            t0 = System.nanoTime();
            for (int i = 0; i < sources.size(); i++) {
                String index = IndexNames.writeIndex(DocumentKind.LOGHARBOUR, realm, indexTimes.get(i));
                String id = ids.get(i);
                BinaryData doc = BinaryData.of(sources.get(i), "application/json");
                ingester.add(BulkOperation.of(o -> o.create(c -> c.index(index).id(id).document(doc))));
            }
            ingester.close(); // flushes and waits for every answer
        }
        long elapsed = System.nanoTime() - t0;
        double cpu = ProcFs.cpuSeconds(ProcessHandle.current().pid()) - cpu0;
        double esCpu = IndexerBench.esCpu(ctx) - es0;
        String pattern = IndexNames.realmPattern(DocumentKind.LOGHARBOUR, realm);
        long count = IndexerBench.count(es, pattern);
        return new Raw(sources.size(), elapsed, count, failed.get(), firstError.get(), cpu, esCpu, IndexerBench.refreshInterval(es, pattern));
    }

    private record Raw(long n, long nanos, long count, long failed, String firstError, double cpu, double esCpu, String refresh) {
        double docsPerSecond() {
            return n / (nanos / 1e9);
        }

        List<String> row(String name) {
            return List.of(name, Report.num(n, 0), Report.num(nanos / 1e9, 2) + " s (first add to last answer)",
                    "**" + Report.num(docsPerSecond(), 0) + "**", Report.num(count, 0) + (count == n ? " (all)" : " (**expected " + n + "**)"),
                    failed + (firstError == null ? "" : " (" + firstError + ")"), Report.num(cpu, 1) + " / " + Report.num(esCpu, 1),
                    perThousand(cpu, esCpu, n), refresh);
        }
    }

    /** CPU seconds per 1,000 documents: less sensitive to other load on a shared machine than the rates. */
    private static String perThousand(double cpu, double esCpu, long n) {
        return Report.num(cpu * 1000 / n, 3) + " / " + Report.num(esCpu * 1000 / n, 3);
    }

    private static void header(ProducerRecord<byte[], byte[]> r, String name, String value) {
        r.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
