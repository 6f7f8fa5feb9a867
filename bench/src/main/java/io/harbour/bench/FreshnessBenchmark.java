package io.harbour.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.elastic.ElasticsearchConnection;
import io.harbour.indexer.Indexer;
import io.harbour.indexer.IndexerConfig;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.model.LogKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

/**
 * Phase fresh: the receiver (as in phase a) and the indexer (in this JVM, its defaults, a new
 * group reading from the end of the topic) run; a sender posts single entries at a steady rate
 * for a fixed time. For every k-th entry the time of its 202 is kept, and a poller asks
 * Elasticsearch at a fixed interval, with a {@code _search} by id (so only refreshed, searchable
 * documents are found, unlike a realtime GET), which of those entries are searchable yet.
 */
final class FreshnessBenchmark {
    private static final long POLL_MS = 50;
    /**
     * The oldest pending samples asked for per search. Asking for every pending sample made the
     * search itself the load once the pipeline fell behind (thousands of ids every 50 ms: the
     * node's CPU per entry tripled, so it fell further behind). Entries become searchable in
     * about the order they were accepted, so the oldest are the ones to ask about; 1,000 per
     * 50 ms confirms up to 20,000 samples a second, a hundred times the 200 a second sampled at
     * 2,000 entries/s.
     */
    private static final int IDS_PER_SEARCH = 1000;
    /**
     * One request at a time per connection, so the sender can keep at most CONNECTIONS / latency
     * requests a second going: 128 capped it near 1,000/s once the 202 latency passed 100 ms on a
     * loaded machine (2026-11-23 run: 962/s offered 2,000). 512 keeps 2,000/s up to 250 ms.
     */
    private static final int CONNECTIONS = 512;

    private final BenchContext ctx;
    private final Report report;

    FreshnessBenchmark(BenchContext ctx) {
        this.ctx = ctx;
        this.report = ctx.report();
    }

    private record Sample(String id, long acceptedNanos) {
    }

    void run() throws Exception {
        int rate = ctx.options().freshRate();
        int seconds = ctx.options().freshSeconds();
        int every = ctx.options().freshSampleEvery();
        int total = rate * seconds;
        report.heading("Freshness: from the receiver's 202 to the entry being searchable, at " + Report.num(rate, 0) + " entries/s");
        String topic = LogKind.LOGHARBOUR.defaultTopic();
        IndexerConfig config = IndexerBench.config(ctx, "bench-fresh-" + System.currentTimeMillis(), topic, Map.of("auto.offset.reset", "latest"));
        ElasticsearchConnection es = new ElasticsearchConnection(config.elasticsearch(), IndexerBench.JSON);
        String pattern = IndexNames.realmPattern(DocumentKind.LOGHARBOUR, ctx.realm().realm());
        List<String> lines = new LogHarbourEntries(ctx.options().entryBytes(), 20261125L).lines(total);

        Indexer indexer = Indexer.builder(config).meterRegistry(new SimpleMeterRegistry()).build().start();
        try {
            measure(indexer, config, es, pattern, lines, rate, seconds, every, total, topic);
        } finally {
            indexer.close();
            es.close();
        }
    }

    private void measure(Indexer indexer, IndexerConfig config, ElasticsearchConnection es, String pattern, List<String> lines, int rate,
                         int seconds, int every, int total, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", ctx.bootstrapServers()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                ConsumerGroupDescription g;
                try {
                    g = admin.describeConsumerGroups(List.of(config.kafka().groupId())).all().get().get(config.kafka().groupId());
                } catch (java.util.concurrent.ExecutionException e) {
                    g = null; // not there yet (GroupIdNotFoundException until the indexer joins)
                }
                boolean assigned = g != null && g.members().stream().anyMatch(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> tp.topic().equals(topic)));
                if (assigned && indexer.isReady()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the indexer's group got no assignment of " + topic + " within 60 s");
                }
                Thread.sleep(200);
            }
        }
        Thread.sleep(2000); // the first poll fixes "latest" before the sender starts

        ConcurrentLinkedQueue<Sample> accepted = new ConcurrentLinkedQueue<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong notOk = new AtomicLong();
        List<Long> answerMicros = Collections.synchronizedList(new ArrayList<>());
        List<Long> latenciesMs = new ArrayList<>();
        Map<String, Long> pending = new LinkedHashMap<>(); // in the order accepted
        long searches = 0;
        List<byte[]> bodies = new ArrayList<>(total);
        List<String> ids = new ArrayList<>(total);
        for (String line : lines) {
            bodies.add((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ids.add(line.substring(7, line.indexOf('"', 7)));
        }
        lines = null;

        double cpu0 = ProcFs.cpuSeconds(ProcessHandle.current().pid());
        double recv0 = ProcFs.cpuSeconds(ctx.receiver().pid());
        double es0 = IndexerBench.esCpu(ctx);
        long start = System.nanoTime();
        NettyHttpsClient client = new NettyHttpsClient(ctx.certs().nettyClientContext(), ctx.ingestUri());
        AtomicLong senderThread = new AtomicLong(-1);
        PacedSender sender = new PacedSender(client, ctx.realm().writeKey(), bodies, rate, (index, status, at, latency) -> {
            senderThread.compareAndSet(-1, Thread.currentThread().getId());
            if (status == 202) {
                ok.incrementAndGet();
                answerMicros.add(latency / 1000);
                if (index % every == 0) {
                    accepted.add(new Sample(ids.get(index), at));
                }
            } else {
                notOk.incrementAndGet();
            }
        });
        AtomicReference<Throwable> senderFailure = new AtomicReference<>();
        Thread senderRunner = new Thread(() -> {
            try {
                sender.run(CONNECTIONS, seconds + 120L);
            } catch (Throwable t) {
                senderFailure.set(t);
            }
        }, "bench-paced-sender");
        senderRunner.start();
        long senderDone = 0;
        while (true) {
            long now = System.nanoTime();
            if (senderDone == 0 && !senderRunner.isAlive()) {
                senderDone = now;
            }
            for (Sample smp; (smp = accepted.poll()) != null; ) {
                pending.put(smp.id(), smp.acceptedNanos());
            }
            if (!pending.isEmpty()) {
                ObjectNode q = IndexerBench.JSON.createObjectNode();
                int asking = Math.min(IDS_PER_SEARCH, pending.size());
                q.put("size", asking);
                q.put("_source", false);
                ArrayNode values = q.putObject("query").putObject("ids").putArray("values");
                pending.keySet().stream().limit(asking).forEach(values::add);
                long asked = System.nanoTime();
                JsonNode answer = es.send("POST", "/" + pattern + "/_search?ignore_unavailable=true&allow_no_indices=true&filter_path=hits.hits._id", q).body();
                searches++;
                if (answer != null) {
                    for (JsonNode hit : answer.path("hits").path("hits")) {
                        Long at = pending.remove(hit.path("_id").asText());
                        if (at != null) {
                            // Searchable no later than when the search was sent (the poll interval bounds the error).
                            latenciesMs.add(Math.max(0, (asked - at) / 1_000_000));
                        }
                    }
                }
            }
            if (senderDone != 0 && accepted.isEmpty() && (pending.isEmpty() || now > senderDone + TimeUnit.SECONDS.toNanos(60))) {
                break;
            }
            long next = now + TimeUnit.MILLISECONDS.toNanos(POLL_MS) - System.nanoTime();
            if (next > 0) {
                TimeUnit.NANOSECONDS.sleep(next);
            }
        }
        // The sender's own CPU: everything it does runs on the client's one event-loop thread.
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double senderCpu = senderThread.get() < 0 ? 0 : Math.max(0, threads.getThreadCpuTime(senderThread.get())) / 1e9;
        client.close();
        senderRunner.join(10_000);
        if (senderFailure.get() != null) {
            report.line("**The sender failed:** " + senderFailure.get());
        }
        int sent = sender.sent();
        long maxLagBehind = sender.maxBehind();
        long elapsed = System.nanoTime() - start;
        double cpu = ProcFs.cpuSeconds(ProcessHandle.current().pid()) - cpu0;
        double recvCpu = ProcFs.cpuSeconds(ctx.receiver().pid()) - recv0;
        double esCpu = IndexerBench.esCpu(ctx) - es0;
        String refresh = IndexerBench.refreshInterval(es, pattern);

        List<Long> l = new ArrayList<>(latenciesMs);
        Collections.sort(l);
        List<Long> a = new ArrayList<>(answerMicros);
        Collections.sort(a);
        long samples = l.size() + pending.size();
        report.line("Sender: Netty HTTP/1.1 client over TLS (as phase a), " + CONNECTIONS + " keep-alive connections, one request at a time each, one entry of "
                + ctx.options().entryBytes() + " bytes per POST, paced at " + Report.num(rate, 0) + " entries/s for " + seconds + " s ("
                + Report.num(sent, 0) + " sent; it fell at most " + maxLagBehind + " entries behind its schedule; achieved " + Report.num(sender.achievedRate(), 0) + " entries/s from first send to last answer); "
                + Report.num(ok.get(), 0) + " answered 202, " + notOk.get() + " not (" + sender.failures() + " connection failures). Receiver's 202 latency p50 / p99: "
                + ms(pct(a, 0.50) / 1000.0) + " / " + ms(pct(a, 0.99) / 1000.0) + ".");
        report.line("Indexer: in this JVM, the defaults (" + IndexerBench.describe(config.bulk()) + "), a new group reading `" + topic
                + "` from its end. Elasticsearch: the template's index settings, `refresh_interval` "
                + refresh + " (the default, 1 s; searched every " + POLL_MS
                + " ms, so the index never goes search-idle). Every " + every + "th accepted entry is a sample; a `_search` with an `ids` query over `"
                + pattern + "` for the oldest " + IDS_PER_SEARCH + " pending samples every " + POLL_MS + " ms (" + searches
                + " searches) finds which are searchable.");
        report.table(List.of("samples", "searchable", "never found (within 60 s after the last send)", "**p50**", "p90", "**p99**", "max",
                        "CPU s: this JVM (sender, indexer, poller) / of it the sender's event loop / receiver / Elasticsearch",
                        "CPU ms per accepted entry without the sender: this JVM / receiver / Elasticsearch / sum", "elapsed"),
                List.of(List.of(Report.num(samples, 0), Report.num(l.size(), 0), Report.num(pending.size(), 0),
                        "**" + pct(l, 0.50) + " ms**", pct(l, 0.90) + " ms", "**" + pct(l, 0.99) + " ms**", (l.isEmpty() ? 0 : l.get(l.size() - 1)) + " ms",
                        Report.num(cpu, 1) + " / " + Report.num(senderCpu, 1) + " / " + Report.num(recvCpu, 1) + " / " + Report.num(esCpu, 1),
                        perEntry(cpu - senderCpu, recvCpu, esCpu, ok.get()), Report.num(elapsed / 1e9, 1) + " s")));
        double pipelineMs = ((cpu - senderCpu) + recvCpu + esCpu) * 1000 / Math.max(1, ok.get());
        report.line("At that CPU per entry the pipeline (receiver, indexer, Elasticsearch, without the sender) needs "
                + Report.num(pipelineMs * rate / 1000, 2) + " cores for " + Report.num(rate, 0) + " entries/s; the sender "
                + Report.num(senderCpu * 1000 / Math.max(1, ok.get()) * rate / 1000, 2) + " more. This machine has "
                + Runtime.getRuntime().availableProcessors() + ".");
    }

    private static String perEntry(double jvm, double receiver, double es, long n) {
        double k = 1000.0 / Math.max(1, n);
        return Report.num(jvm * k, 3) + " / " + Report.num(receiver * k, 3) + " / " + Report.num(es * k, 3) + " / "
                + Report.num((jvm + receiver + es) * k, 3);
    }

    private static String ms(double v) {
        return Report.num(v, 1) + " ms";
    }

    private static long pct(List<Long> sorted, double q) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    private SSLContext trustCa() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(ctx.certs().caFile())) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca" + i++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }
}
