package io.harbour.bench;

import io.harbour.certs.TlsPolicy;
import io.harbour.model.LogKind;
import io.harbour.receiver.kafka.KafkaIngestPublisher;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.harbour.stack.FreePorts;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Phase flume: Apache Flume 1.11.0 beside Harbour's receiver, in the same run, against the same
 * broker: the same 500-byte LogHarbour entries in batches of the same count (Harbour: one NDJSON
 * body; Flume: one JSON array of events for its HTTP source's default JSONHandler), sent by the
 * same Netty client over the same number of keep-alive HTTPS connections, each server warmed up
 * first, then measured in alternating rounds (Harbour then Flume, Flume then Harbour, ...).
 *
 * <p>The two answers promise different things: Harbour's 202 comes after Kafka acknowledged every
 * record ({@code acks=all}); Flume's 200 comes once the events are in its memory channel, and its
 * Kafka sink delivers them later. So each measurement runs from the first request until the
 * server's topic holds every entry that server accepted, and the server process's CPU is read
 * over that same window: entries per second and CPU per entry are end to end, into Kafka, for both.
 */
final class FlumeBenchmark {
    static final String TOPIC = "bench-flume";
    private static final int DISTINCT_BODIES = 16;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(300);

    private final BenchContext ctx;

    FlumeBenchmark(BenchContext ctx) {
        this.ctx = ctx;
    }

    /** One measured load of one server. */
    record Measurement(String server, int round, BatchLoad.Result load, long inKafka, double secondsToKafka,
                       double serverCpu, double jitCpu, double brokerCpu, double clientCpu, MachineLoad.Delta machine) {
        long accepted() {
            return load.outcomes().acceptedEntries();
        }

        double entriesPerSecond() {
            return Math.min(accepted(), inKafka) / secondsToKafka;
        }

        double cpuPerMillion() {
            return serverCpu / (Math.min(accepted(), inKafka) / 1e6);
        }
    }

    /** The Flume agent's settings in this run: the receiver's producer settings, acks=all, batches as Harbour's. */
    static FlumeProcess.Settings settings(BenchContext ctx, int port, String topic) {
        BenchOptions o = ctx.options();
        Map<String, String> producer = new LinkedHashMap<>();
        KafkaIngestPublisher.producerConfig(ctx.receiver().config().kafka()).forEach((k, v) -> producer.put(k, String.valueOf(v)));
        producer.remove("bootstrap.servers");
        producer.remove("client.id");
        producer.put("acks", "all");
        return new FlumeProcess.Settings(port, ctx.bootstrapServers(), topic, o.flumeChannelCapacity(), o.batchEntries(),
                o.batchEntries(), o.flumeSinks(), producer, o.flumeJvmOpts());
    }

    void run() throws Exception {
        BenchOptions o = ctx.options();
        Report r = ctx.report();
        r.heading("Flume 1.11.0 beside the receiver (phase flume)");
        KafkaPublisherSettings k = ctx.receiver().config().kafka();
        String harbourTopic = k.topic(LogKind.LOGHARBOUR);
        List<byte[]> harbourBodies = new ArrayList<>();
        List<byte[]> flumeBodies = new ArrayList<>();
        for (int i = 0; i < DISTINCT_BODIES; i++) {
            harbourBodies.add(LogHarbourEntries.ndjson(ctx.entries(), i * o.batchEntries(), o.batchEntries()));
            flumeBodies.add(FlumeEvents.jsonBatch(ctx.entries(), i * o.batchEntries(), o.batchEntries(), ctx.realm().realm()));
        }
        long requests = Math.max(1, o.flumeEntries() / o.batchEntries());
        int connections = o.flumeConnections();
        Duration maxTime = Duration.ofSeconds(o.maxPhaseSeconds());

        try (BenchTopics topics = new BenchTopics(ctx.bootstrapServers())) {
            topics.create(TOPIC, k.partitions(), k.replicationFactor());
            int port = FreePorts.pick();
            FlumeProcess flume = FlumeProcess.start(ctx.children(), ctx.repo(), ctx.runDir().resolve("flume"), ctx.certs(),
                    settings(ctx, port, TOPIC));
            try {
                describe(r, flume, harbourBodies, flumeBodies, topics, harbourTopic, connections, requests);
                URI flumeUri = URI.create("https://127.0.0.1:" + port + "/");
                try (NettyHttpsClient harbourClient = new NettyHttpsClient(ctx.certs().nettyClientContext(), ctx.ingestUri());
                     NettyHttpsClient flumeClient = new NettyHttpsClient(ctx.certs().nettyClientContext(), flumeUri)) {
                    Side harbour = new Side("Harbour", new BatchLoad(harbourClient, ctx.realm().writeKey()), harbourBodies,
                            harbourTopic, ctx.receiver().pid());
                    Side flumeSide = new Side("Flume", new BatchLoad(flumeClient, BatchLoad.Protocol.flumeJson()), flumeBodies,
                            TOPIC, flume.pid());
                    List<String> warm = new ArrayList<>();
                    for (Side side : List.of(harbour, flumeSide)) {
                        JitWarmUp.Result w = JitWarmUp.untilQuiet(side.pid(), o.warmupJitShare(), o.warmupMaxRounds(), () -> {
                            Measurement m = measure(side, 0, topics, connections, o.flumeWarmupBatches(), maxTime);
                            return Report.num(m.accepted(), 0) + " entries (" + m.load().outcomes() + ") in "
                                    + Report.num(m.secondsToKafka(), 1) + " s to Kafka";
                        });
                        warm.add(side.name + ": " + w.describe(o.warmupJitShare()));
                    }
                    r.line("Warm-up, not counted, in rounds of " + o.flumeWarmupBatches() + " batches over " + connections
                            + " connections: " + String.join("; ", warm) + ".");
                    List<Measurement> all = new ArrayList<>();
                    for (int round = 1; round <= o.flumeRounds(); round++) {
                        List<Side> order = round % 2 == 1 ? List.of(harbour, flumeSide) : List.of(flumeSide, harbour);
                        for (Side side : order) {
                            all.add(measure(side, round, topics, connections, requests, maxTime));
                        }
                    }
                    report(r, all, flume);
                }
            } catch (Exception | Error e) {
                r.line("");
                r.line("**Phase flume failed:** " + e);
                r.line("Flume log (last lines):");
                r.code(flume.tail());
                throw e;
            } finally {
                ctx.children().stop(flume.child(), 20);
            }
        }
    }

    /** One server under test: its name, sender, bodies, topic and process. */
    private record Side(String name, BatchLoad load, List<byte[]> bodies, String topic, long pid) {
    }

    private Measurement measure(Side side, int round, BenchTopics topics, int connections, long requests, Duration maxTime)
            throws Exception {
        long topicBefore = topics.records(side.topic());
        MachineLoad.Snapshot machineBefore = MachineLoad.snapshot(ctx);
        double serverBefore = ProcFs.cpuSeconds(side.pid());
        double jitBefore = JitWarmUp.compilerCpuSeconds(side.pid());
        double brokerBefore = ProcFs.cpuSeconds(ctx.brokerPid());
        double clientBefore = ProcFs.cpuSeconds(ProcessHandle.current().pid());
        long began = System.nanoTime();
        BatchLoad.Result load = side.load().run(side.bodies(), ctx.options().batchEntries(), connections, requests, maxTime);
        long accepted = load.outcomes().acceptedEntries();
        long reached = topics.awaitRecords(side.topic(), topicBefore + accepted, DRAIN_TIMEOUT);
        long end = reached < 0 ? System.nanoTime() : reached;
        double serverCpu = ProcFs.cpuSeconds(side.pid()) - serverBefore;
        double jitCpu = JitWarmUp.compilerCpuSeconds(side.pid()) - jitBefore;
        double brokerCpu = ProcFs.cpuSeconds(ctx.brokerPid()) - brokerBefore;
        double clientCpu = ProcFs.cpuSeconds(ProcessHandle.current().pid()) - clientBefore;
        MachineLoad.Delta machine = MachineLoad.snapshot(ctx).minus(machineBefore);
        long inKafka = topics.records(side.topic()) - topicBefore;
        if (reached < 0) {
            ctx.report().line("**" + side.name() + " round " + round + ": the topic held " + inKafka + " of " + accepted
                    + " accepted entries after " + DRAIN_TIMEOUT.toSeconds() + " s.**");
        }
        return new Measurement(side.name(), round, load, inKafka, (end - began) / 1e9, serverCpu, jitCpu, brokerCpu, clientCpu, machine);
    }

    private void describe(Report r, FlumeProcess flume, List<byte[]> harbourBodies, List<byte[]> flumeBodies, BenchTopics topics,
                          String harbourTopic, int connections, long requests) throws Exception {
        BenchOptions o = ctx.options();
        r.line("Flume (pid " + flume.pid() + "): `" + String.join(" ", shortened(flume.command())) + "`, its configuration as written:");
        r.code(Files.readString(flume.config()).replace(ctx.repo() + "/", ""));
        r.line("Same entries: the " + ctx.entries().size() + " distinct " + o.entryBytes() + "-byte LogHarbour entries of phase a, "
                + o.batchEntries() + " per request, " + requests + " requests (" + Report.num(requests * o.batchEntries(), 0)
                + " entries) per measured run, over " + connections + " keep-alive HTTPS connections of the same Netty client (TLS by "
                + TlsPolicy.describe(TlsPolicy.preferredProvider()) + ") for both. Harbour: NDJSON, "
                + Report.num(harbourBodies.get(0).length, 0) + " bytes a request, `Authorization: Bearer KEY`, counted on 202 with "
                + "`{\"accepted\":" + o.batchEntries() + ",...}`. Flume: a JSONHandler array of " + o.batchEntries()
                + " events, each body the entry as a JSON string and the header `key` holding the record key Harbour derives "
                + "itself (`realm|app|class|instance`), " + Report.num(flumeBodies.get(0).length, 0)
                + " bytes a request, `Content-Type: application/json; charset=UTF-8`, no authentication (Flume's HTTP source has "
                + "none), counted on 200.");
        r.line("Topics: Harbour's `" + harbourTopic + "` (" + topics.partitions(harbourTopic) + " partitions), Flume's `" + TOPIC
                + "` (" + topics.partitions(TOPIC) + " partitions), same broker. Flume's kafka-clients: "
                + flumeKafkaClients() + " (as Flume 1.11.0 ships it); Harbour's and the broker's: Kafka "
                + org.apache.kafka.common.utils.AppInfoParser.getVersion() + ".");
        r.line("Each run: from its first request until the server's topic holds every entry the server accepted (end offsets "
                + "polled every 20 ms); Harbour's entries are in Kafka when it answers, Flume's when its sink has delivered them. "
                + "CPU seconds of each server process (`/proc/PID/stat` utime + stime) over that window.");
    }

    private String flumeKafkaClients() {
        try (var files = Files.list(FlumeProcess.libs(ctx.repo()))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("kafka-clients-")).findFirst()
                    .map(n -> n.replace(".jar", "")).orElse("(none found)");
        } catch (java.io.IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }

    private void report(Report r, List<Measurement> all, FlumeProcess flume) throws java.io.IOException {
        List<List<String>> rows = new ArrayList<>();
        for (Measurement m : all) {
            rows.add(List.of(Integer.toString(m.round()), m.server(),
                    Report.num(m.accepted(), 0) + " (" + m.load().outcomes() + ")",
                    Report.num(m.inKafka(), 0),
                    Report.num(m.load().seconds(), 2) + " / " + Report.num(m.secondsToKafka(), 2),
                    Report.num(m.load().outcomes().acceptedEntries() / m.load().seconds(), 0),
                    "**" + Report.num(m.entriesPerSecond(), 0) + "**",
                    Report.num(m.load().outcomes().latencyMillis(0.5), 1) + " / " + Report.num(m.load().outcomes().latencyMillis(0.99), 1),
                    Report.num(m.serverCpu(), 1) + " (JIT " + Report.num(m.jitCpu(), 1) + ")",
                    "**" + Report.num(m.cpuPerMillion(), 1) + "**",
                    Report.num(m.brokerCpu(), 1) + " / " + Report.num(m.clientCpu(), 1),
                    Report.num(m.machine().other(), 1) + " of " + Report.num(m.machine().seconds() * Runtime.getRuntime().availableProcessors(), 0)
                            + ", load " + m.machine().loadAverageAtEnd()));
        }
        r.table(List.of("round", "server", "entries accepted (answers)", "records added to its topic", "s to last answer / to all in Kafka",
                "entries/s answered", "entries/s into Kafka", "latency p50 / p99 ms", "server CPU s (of which its JIT compiler threads)", "server CPU s per million entries",
                "CPU s broker / bench JVM (client)", "CPU s of other processes"), rows);
        Totals h = Totals.of(all, "Harbour");
        Totals f = Totals.of(all, "Flume");
        double rateRatio = h.rate() / f.rate();
        double cpuRatio = h.cpuPerMillion() / f.cpuPerMillion();
        r.table(List.of("all measured rounds", "entries into Kafka", "seconds", "entries/s", "server CPU s", "server CPU s per million entries",
                        "peak RSS of the process (VmHWM, whole run)"),
                List.of(List.of("Harbour receiver (202 after acks=all)", Report.num(h.entries(), 0), Report.num(h.seconds(), 2),
                                "**" + Report.num(h.rate(), 0) + "**", Report.num(h.cpu(), 1), "**" + Report.num(h.cpuPerMillion(), 1) + "**",
                                Report.mib(ProcFs.peakRssKib(ctx.receiver().pid()))),
                        List.of("Flume 1.11.0 (200 once in the memory channel)", Report.num(f.entries(), 0), Report.num(f.seconds(), 2),
                                "**" + Report.num(f.rate(), 0) + "**", Report.num(f.cpu(), 1), "**" + Report.num(f.cpuPerMillion(), 1) + "**",
                                Report.mib(ProcFs.peakRssKib(flume.pid())))));
        r.line("**Harbour / Flume entries/s: " + Report.num(rateRatio, 2) + "** (target: at least 1.00; " + (rateRatio >= 1 ? "met" : "not met")
                + "). **Harbour / Flume CPU per entry: " + Report.num(cpuRatio, 2) + "** (target: at most 0.50; "
                + (cpuRatio <= 0.5 ? "met" : "not met") + ").");
        r.line("Flume's sink logged " + flume.sinkFailuresLogged() + " delivery failure(s) in this phase (see "
                + flume.log().toString().replace(ctx.repo() + "/", "") + ").");
    }

    /** Sums over the measured rounds of one server. */
    private record Totals(long entries, double seconds, double cpu) {
        static Totals of(List<Measurement> all, String server) {
            long entries = 0;
            double seconds = 0;
            double cpu = 0;
            for (Measurement m : all) {
                if (m.server().equals(server)) {
                    entries += Math.min(m.accepted(), m.inKafka());
                    seconds += m.secondsToKafka();
                    cpu += m.serverCpu();
                }
            }
            return new Totals(entries, seconds, cpu);
        }

        double rate() {
            return entries / seconds;
        }

        double cpuPerMillion() {
            return cpu / (entries / 1e6);
        }
    }

    private List<String> shortened(List<String> command) {
        List<String> out = new ArrayList<>();
        for (String part : command) {
            out.add(part.replace(ctx.repo() + "/", "").replace(System.getProperty("java.home") + "/bin/", ""));
        }
        return out;
    }
}
