package io.harbour.bench;

import io.harbour.certs.TlsPolicy;
import io.harbour.model.LogKind;
import io.harbour.receiver.kafka.KafkaIngestPublisher;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Benchmark (a): NDJSON batches through the receiver (HTTPS, keep-alive, acks=all) against
 * Kafka's ProducerPerformance sending as many records of the same entries, with the receiver's
 * producer settings, to the same broker in the same run.
 */
final class BatchThroughputBenchmark {
    static final String PEER_TOPIC = "bench-producer-performance";
    private static final int DISTINCT_BODIES = 16;

    private final BenchContext ctx;

    BatchThroughputBenchmark(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        BenchOptions o = ctx.options();
        Report r = ctx.report();
        r.heading("(a) NDJSON batches vs ProducerPerformance");
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < DISTINCT_BODIES; i++) {
            bodies.add(LogHarbourEntries.ndjson(ctx.entries(), i * o.batchEntries(), o.batchEntries()));
        }
        long requests = (o.entries() + o.batchEntries() - 1) / o.batchEntries();
        long entries = requests * o.batchEntries();
        Duration maxTime = Duration.ofSeconds(o.maxPhaseSeconds());
        try (NettyHttpsClient client = new NettyHttpsClient(ctx.certs().nettyClientContext(), ctx.ingestUri())) {
            run(new BatchLoad(client, ctx.realm().writeKey()), bodies, requests, maxTime);
        }
    }

    private void run(BatchLoad load, List<byte[]> bodies, long requests, Duration maxTime) throws Exception {
        BenchOptions o = ctx.options();
        Report r = ctx.report();
        long entries = requests * o.batchEntries();

        JitWarmUp.Result warm = JitWarmUp.untilQuiet(ctx.receiver().pid(), o.warmupJitShare(), o.warmupMaxRounds(), () -> {
            BatchLoad.Result round = load.run(bodies, o.batchEntries(), 8, o.warmupBatches(), maxTime);
            return round.outcomes().answeredTotal() + " batches over 8 connections (" + round.outcomes() + ") in "
                    + Report.num(round.seconds(), 1) + " s";
        });
        r.line("Warm-up, not counted: " + warm.describe(o.warmupJitShare()) + ".");
        int connections = o.batchConnections() > 0 ? o.batchConnections() : scan(load, bodies, maxTime);

        long from = System.currentTimeMillis();
        BenchContext.CpuTimes before = ctx.cpu();
        MachineLoad.Snapshot machineBefore = MachineLoad.snapshot(ctx);
        double jitBefore = JitWarmUp.compilerCpuSeconds(ctx.receiver().pid());
        BatchLoad.Result run = load.run(bodies, o.batchEntries(), connections, requests, maxTime);
        double jit = JitWarmUp.compilerCpuSeconds(ctx.receiver().pid()) - jitBefore;
        MachineLoad.Delta machine = MachineLoad.snapshot(ctx).minus(machineBefore);
        BenchContext.CpuTimes used = ctx.cpu().minus(before);
        long to = System.currentTimeMillis();
        MemorySampler.Peaks peaks = ctx.sampler().peaks(from, to);

        Path payload = ctx.runDir().resolve("payloads.ndjson");
        Files.writeString(payload, String.join("\n", ctx.entries()) + "\n");
        createPeerTopic();
        MachineLoad.Snapshot peerBefore = MachineLoad.snapshot(ctx);
        ProducerPerformanceRun.Result peer = ProducerPerformanceRun.run(ctx.children(), ctx.runDir(), payload, PEER_TOPIC,
                entries, producerProps(), o.maxPhaseSeconds());
        MachineLoad.Delta peerMachine = MachineLoad.snapshot(ctx).minus(peerBefore);
        double brokerForPeer = peerMachine.broker();

        double receiverRate = run.entriesPerSecond();
        double mbPerSecond = run.outcomes().acceptedEntries() * (double) o.entryBytes() / run.seconds() / (1024 * 1024);
        double ratio = receiverRate / peer.recordsPerSecond();
        r.line("");
        r.line("Receiver: " + connections + " keep-alive HTTPS connections (Netty HTTP/1.1 client, TLS by "
                + TlsPolicy.describe(TlsPolicy.preferredProvider()) + "), " + requests + " requests of " + o.batchEntries()
                + " entries (" + Report.num(bodies.get(0).length, 0) + " bytes each), " + run.outcomes() + ".");
        r.line("ProducerPerformance: `" + String.join(" ", shortened(peer.command())) + "`");
        r.line("ProducerPerformance's closing line: `" + peer.summaryLine() + "`");
        r.table(List.of("", "receiver (HTTPS, 500-entry NDJSON batches)", "Kafka ProducerPerformance"), List.of(
                List.of("records sent / accepted", Report.num(run.outcomes().acceptedEntries(), 0) + " of " + Report.num(entries, 0),
                        Report.num(peer.records(), 0)),
                List.of("elapsed", Report.num(run.seconds(), 2) + " s", Report.num(peer.records() / peer.recordsPerSecond(), 2) + " s"),
                List.of("records/s", "**" + Report.num(receiverRate, 0) + "**", "**" + Report.num(peer.recordsPerSecond(), 0) + "**"),
                List.of("records/s without ProducerPerformance's first 5 s report (its JIT warm-up)", "-",
                        "**" + Report.num(peer.warmRecordsPerSecond(), 0) + "**"),
                List.of("MB/s (entry bytes, MiB)", Report.num(mbPerSecond, 2), Report.num(peer.megabytesPerSecond(), 2)),
                List.of("latency p50 / p99", Report.num(run.outcomes().latencyMillis(0.5), 1) + " / "
                        + Report.num(run.outcomes().latencyMillis(0.99), 1) + " ms per 500-entry request",
                        peer.p50Ms() + " / " + peer.p99Ms() + " ms per record"),
                List.of("CPU s of the sender (receiver process)", Report.num(used.receiver(), 1), "-"),
                List.of("of which the receiver's JIT compiler threads", Report.num(jit, 1), "-"),
                List.of("receiver CPU s per million entries", Report.num(used.receiver() / (run.outcomes().acceptedEntries() / 1e6), 1), "-"),
                List.of("CPU s of the load generator", Report.num(used.client(), 1) + " (bench JVM: Netty client, one event-loop thread)",
                        Report.num(peer.cpuSeconds(), 1) + " (ProducerPerformance JVM)"),
                List.of("CPU s of the broker", Report.num(used.broker(), 1), Report.num(brokerForPeer, 1)),
                List.of("CPU s of other processes on the machine (not this benchmark)", Report.num(machine.other(), 1)
                        + " of " + Report.num(machine.seconds() * 2, 0) + " available; load avg " + machine.loadAverageAtEnd(),
                        Report.num(peerMachine.other(), 1) + " of " + Report.num(peerMachine.seconds() * 2, 0)
                                + " available (JVM start included); load avg " + peerMachine.loadAverageAtEnd()),
                List.of("receiver peak RSS / heap used (sampled)", Report.mib(peaks.rssKib()) + " / " + Report.mib(peaks.heapUsedKib()), "-")));
        // Judged warm against warm: the receiver was warmed until its JIT was quiet, so its peer's warm rate is the fair one.
        double warmRatio = receiverRate / peer.warmRecordsPerSecond();
        double judged = Double.isNaN(warmRatio) ? ratio : warmRatio;
        r.line("Ratio receiver / ProducerPerformance's closing figure: " + Report.num(ratio, 2) + "; **receiver / ProducerPerformance warm "
                + "(without its first report): " + Report.num(warmRatio, 2) + "** (target: at least 0.80, judged warm against warm; "
                + (judged >= 0.8 ? "met" : "not met") + ").");
    }

    /** Short runs at each connection count; the count with the most entries/s is the one measured. */
    private int scan(BatchLoad load, List<byte[]> bodies, Duration maxTime) throws InterruptedException {
        BenchOptions o = ctx.options();
        long requests = Math.max(1, o.scanEntries() / o.batchEntries());
        List<List<String>> rows = new ArrayList<>();
        int best = o.scanConnections().get(0);
        double bestRate = -1;
        for (int n : o.scanConnections()) {
            BatchLoad.Result result = load.run(bodies, o.batchEntries(), n, requests, maxTime);
            rows.add(List.of(Integer.toString(n), Report.num(result.entriesPerSecond(), 0),
                    Report.num(result.outcomes().latencyMillis(0.5), 1) + " / " + Report.num(result.outcomes().latencyMillis(0.99), 1) + " ms",
                    result.outcomes().toString()));
            if (result.entriesPerSecond() > bestRate) {
                bestRate = result.entriesPerSecond();
                best = n;
            }
        }
        ctx.report().line("Connection scan (" + Report.num(requests * o.batchEntries(), 0) + " entries at each count; the best count is measured below):");
        ctx.report().table(List.of("connections", "entries/s", "latency p50 / p99", "answers"), rows);
        return best;
    }

    /** The receiver's producer settings, taken from KafkaIngestPublisher itself, for ProducerPerformance. */
    private Map<String, String> producerProps() {
        Map<String, String> p = new LinkedHashMap<>();
        KafkaIngestPublisher.producerConfig(ctx.receiver().config().kafka()).forEach((k, v) -> p.put(k, String.valueOf(v)));
        p.put("bootstrap.servers", ctx.bootstrapServers());
        p.remove("client.id");
        return p;
    }

    private void createPeerTopic() {
        KafkaPublisherSettings k = ctx.receiver().config().kafka();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ctx.bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (!existing.contains(PEER_TOPIC)) {
                admin.createTopics(List.of(new NewTopic(PEER_TOPIC, k.partitions(), k.replicationFactor()))).all().get(30, TimeUnit.SECONDS);
            }
            awaitLeaders(admin);
            int receiverPartitions = admin.describeTopics(List.of(k.topic(LogKind.LOGHARBOUR))).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(k.topic(LogKind.LOGHARBOUR)).partitions().size();
            ctx.report().line("Topics: receiver's `" + k.topic(LogKind.LOGHARBOUR) + "` has " + receiverPartitions
                    + " partitions; ProducerPerformance's `" + PEER_TOPIC + "` has " + k.partitions() + " (replication factor "
                    + k.replicationFactor() + ", one local broker).");
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + PEER_TOPIC + ": " + e, e);
        }
    }

    /** Producing to partitions still electing a leader upsets the idempotent producer on a fresh broker. */
    private static void awaitLeaders(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!admin.describeTopics(List.of(PEER_TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(PEER_TOPIC).partitions()
                .stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + PEER_TOPIC + " have no leader after 30 s");
            }
            Thread.sleep(100);
        }
    }

    /** The command without the long classpath, for the report. */
    static List<String> shortened(List<String> command) {
        List<String> out = new ArrayList<>(command);
        int cp = out.indexOf("-cp");
        if (cp >= 0 && cp + 1 < out.size()) {
            out.set(cp + 1, "'bench/target/harbour-bench.jar:bench/target/lib/*'");
        }
        out.set(0, "java");
        return out;
    }
}
