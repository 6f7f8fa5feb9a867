package io.harbour.bench;

import io.harbour.receiver.ReceiverConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark (c): {@code large-connections} connections each posting a 4 MiB NDJSON body at the
 * same moment, once with {@code Expect: 100-continue} and once without, while the receiver's
 * resident set and heap are sampled; reported beside the bounds its configuration sets.
 */
final class LargeBodyBenchmark {
    private static final long MIB = 1024 * 1024;

    private final BenchContext ctx;

    LargeBodyBenchmark(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws IOException, InterruptedException {
        BenchOptions o = ctx.options();
        Report r = ctx.report();
        r.heading("(c) receiver memory under " + o.largeConnections() + " concurrent " + (o.largeBodyKib() / 1024) + " MiB bodies");
        int entries = (int) (o.largeBodyKib() * 1024L / (o.entryBytes() + 1));
        byte[] body = LogHarbourEntries.ndjson(ctx.entries(), 0, entries);
        ReceiverConfig c = ctx.receiver().config();
        r.line("Each body: " + Report.num(entries, 0) + " entries, " + Report.num(body.length, 0) + " bytes, sent once (no retry), each on "
                + "a new connection (Netty HTTP/1.1 client, body written in 64 KiB chunks as the socket drains), all started at once.");
        r.line("");
        r.line("Bounds in force (receiver.yaml + defaults): `http.max_in_flight_bytes` = " + mib(c.http().maxInFlightBytes())
                + " (request bytes held in memory; past it 429), `http.max_body_bytes` = " + mib(c.http().maxBodyBytes())
                + ", `http.max_decompressed_bytes` = " + mib(c.http().maxDecompressedBytes())
                + ", `kafka.buffer_memory_bytes` = " + mib(c.kafka().bufferMemoryBytes())
                + " (the producer's buffer.memory: record bytes awaiting Kafka's acknowledgement; if full, 429)"
                + ", `http.max_connections` = " + c.http().maxConnections()
                + "; JVM: " + JvmFlags.maxHeap(ctx.receiver().pid()) + ".");
        List<List<String>> rows = new ArrayList<>();
        for (boolean expectContinue : o.largeExpectContinue()) {
            rows.add(runOnce(body, entries, expectContinue));
        }
        r.table(List.of("sender", "202", "429", "other answers", "failed (no answer)", "entries accepted", "elapsed",
                "peak RSS (sampled / VmHWM)", "peak heap used (jstat / before GC)", "largest heap after a GC",
                "heap committed (max)", "CPU s: receiver / broker / other processes"), rows);
    }

    private List<String> runOnce(byte[] body, int entries, boolean expectContinue) throws InterruptedException, IOException {
        BenchOptions o = ctx.options();
        long pid = ctx.receiver().pid();
        Thread.sleep(2000); // let the previous phase's garbage and connections settle
        boolean reset = ProcFs.resetPeakRss(pid);
        long from = System.currentTimeMillis();
        MachineLoad.Snapshot before = MachineLoad.snapshot(ctx);
        LargeBodyLoad.Result result;
        try (NettyHttpsClient client = new NettyHttpsClient(ctx.certs().nettyClientContext(), ctx.ingestUri())) {
            result = new LargeBodyLoad(client, ctx.realm().writeKey())
                    .run(body, entries, o.largeConnections(), expectContinue, Duration.ofSeconds(o.maxPhaseSeconds()));
        }
        Thread.sleep(1000); // answers are out; the last samples see the memory still held
        long to = System.currentTimeMillis();
        MachineLoad.Delta load = MachineLoad.snapshot(ctx).minus(before);
        long hwm = reset ? ProcFs.peakRssKib(pid) : -1;
        MemorySampler.Peaks peaks = ctx.sampler().peaks(from, to);
        GcLog.Peak gc = GcLog.peak(ctx.receiver().gcLog(), from, to);
        Outcomes out = result.outcomes();
        long other = out.answeredTotal() - out.count(202) - out.count(429);
        return List.of(expectContinue ? "`Expect: 100-continue`" : "body sent at once", Long.toString(out.count(202)),
                Long.toString(out.count(429)), other == 0 ? "0" : other + " " + out.statuses(),
                out.failedTotal() == 0 ? "0" : out.failedTotal() + " " + out.errors(), Report.num(out.acceptedEntries(), 0),
                Report.num(result.elapsedNanos() / 1e9, 1) + " s",
                Report.mib(peaks.rssKib()) + " / " + Report.mib(hwm),
                Report.mib(peaks.heapUsedKib()) + " / " + (gc.beforeMib() < 0 ? "n/a" : gc.beforeMib() + " MiB (" + gc.collections() + " GCs)"),
                gc.afterMib() < 0 ? "n/a" : gc.afterMib() + " MiB", Report.mib(peaks.heapCommittedKib()), load.summary());
    }

    private static String mib(long bytes) {
        return Report.num(bytes / (double) MIB, 0) + " MiB";
    }
}
