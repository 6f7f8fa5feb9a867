package io.harbour.bench;

import io.harbour.stack.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark (b): single-entry POSTs over {@code wrk-connections} keep-alive HTTPS connections
 * with {@code wrk}, against the receiver (which answers after Kafka's acks=all) and against nginx
 * answering 202 at once with the same certificate, in the same run.
 */
final class SingleEntryBenchmark {
    private final BenchContext ctx;

    SingleEntryBenchmark(BenchContext ctx) {
        this.ctx = ctx;
    }

    void run() throws Exception {
        BenchOptions o = ctx.options();
        Report r = ctx.report();
        r.heading("(b) single-entry POSTs: receiver vs nginx (wrk)");
        Path dir = Files.createDirectories(ctx.runDir().resolve("wrk"));
        Path lua = WrkRun.script(dir, ctx.entries().get(0), ctx.realm().writeKey());
        String receiverUrl = ctx.ingestUri().toString();

        JitWarmUp.Result warm = JitWarmUp.untilQuiet(ctx.receiver().pid(), o.warmupJitShare(), o.warmupMaxRounds(), () -> {
            WrkRun.Result round = WrkRun.run(ctx.children(), dir, "receiver-warmup", receiverUrl, lua, o.wrkThreads(),
                    o.wrkConnections(), o.wrkWarmupSeconds());
            return Report.num(round.requestsPerSecond(), 0) + " requests/s for " + o.wrkWarmupSeconds() + " s";
        });
        long from = System.currentTimeMillis();
        BenchContext.CpuTimes before = ctx.cpu();
        MachineLoad.Snapshot machineBefore = MachineLoad.snapshot(ctx);
        WrkRun.Result receiver = WrkRun.run(ctx.children(), dir, "receiver", receiverUrl, lua, o.wrkThreads(), o.wrkConnections(), o.wrkSeconds());
        MachineLoad.Delta machine = MachineLoad.snapshot(ctx).minus(machineBefore);
        BenchContext.CpuTimes used = ctx.cpu().minus(before);
        MemorySampler.Peaks peaks = ctx.sampler().peaks(from, System.currentTimeMillis());

        int port = FreePorts.pick();
        NginxServer nginx = NginxServer.start(ctx.children(), Files.createDirectories(ctx.runDir().resolve("nginx")), port, ctx.certs());
        WrkRun.Result peer;
        double nginxCpu;
        MachineLoad.Delta peerMachine;
        try {
            String nginxUrl = "https://127.0.0.1:" + port + "/api/v1/logharbour/entries";
            WrkRun.run(ctx.children(), dir, "nginx-warmup", nginxUrl, lua, o.wrkThreads(), o.wrkConnections(), o.wrkWarmupSeconds());
            double nginxBefore = treeCpuSeconds(nginx.child().pid());
            MachineLoad.Snapshot peerBefore = MachineLoad.snapshot(ctx);
            peer = WrkRun.run(ctx.children(), dir, "nginx", nginxUrl, lua, o.wrkThreads(), o.wrkConnections(), o.wrkSeconds());
            peerMachine = MachineLoad.snapshot(ctx).minus(peerBefore);
            nginxCpu = treeCpuSeconds(nginx.child().pid()) - nginxBefore;
        } finally {
            ctx.children().stop(nginx.child(), 10);
        }

        double ratio = receiver.requestsPerSecond() / peer.requestsPerSecond();
        r.line("Receiver warm-up, not counted: wrk runs of " + o.wrkWarmupSeconds() + " s, " + warm.describe(o.warmupJitShare())
                + ". nginx (no JIT): one " + o.wrkWarmupSeconds() + " s warm-up run, not counted.");
        r.line("Command (each target): `"
                + String.join(" ", receiver.command()).replace(dir + "/", "") + "`, body: one " + o.entryBytes()
                + "-byte entry plus newline, `Authorization: Bearer KEY`, `Content-Type: application/x-ndjson`.");
        r.line("nginx: " + nginxVersion() + ", configuration `" + ctx.runDir().relativize(nginx.config()) + "` (`return 202`, TLS 1.2/1.3, "
                + "same certificate and key, `ssl_verify_client optional` like the receiver's `client_auth: optional`, "
                + "keep-alive without a request limit, `worker_processes auto`).");
        r.table(List.of("", "receiver (202 after Kafka acks=all)", "nginx (`return 202`)"), List.of(
                List.of("requests/s", "**" + Report.num(receiver.requestsPerSecond(), 0) + "**", "**" + Report.num(peer.requestsPerSecond(), 0) + "**"),
                List.of("latency p50", Report.num(receiver.p50Ms(), 2) + " ms", Report.num(peer.p50Ms(), 2) + " ms"),
                List.of("latency p99", "**" + Report.num(receiver.p99Ms(), 2) + " ms**", "**" + Report.num(peer.p99Ms(), 2) + " ms**"),
                List.of("requests in " + o.wrkSeconds() + " s", Report.num(receiver.requests(), 0), Report.num(peer.requests(), 0)),
                List.of("non-2xx answers", Long.toString(receiver.non2xx()), Long.toString(peer.non2xx())),
                List.of("socket errors", receiver.socketErrors(), peer.socketErrors()),
                List.of("server CPU s", Report.num(used.receiver(), 1) + " (+ broker " + Report.num(used.broker(), 1) + ")",
                        Report.num(nginxCpu, 1) + " (master and workers)"),
                List.of("CPU s of the load generator (wrk, with jstat's sampling)", Report.num(machine.helpers(), 1),
                        Report.num(Math.max(0, peerMachine.helpers() - nginxCpu), 1)),
                List.of("CPU s of other processes on the machine (not this benchmark)", Report.num(machine.other(), 1)
                        + " of " + Report.num(machine.seconds() * 2, 0) + " available; load avg " + machine.loadAverageAtEnd(),
                        Report.num(peerMachine.other(), 1) + " of " + Report.num(peerMachine.seconds() * 2, 0)
                                + " available; load avg " + peerMachine.loadAverageAtEnd()),
                List.of("receiver peak RSS / heap used (sampled)", Report.mib(peaks.rssKib()) + " / " + Report.mib(peaks.heapUsedKib()), "-")));
        r.line("**Ratio receiver / nginx (requests/s): " + Report.num(ratio, 2) + "** (target: at least 0.50; "
                + (ratio >= 0.5 ? "met" : "not met") + ").");
        r.line("");
        r.line("wrk's output, receiver:");
        r.code(receiver.output());
        r.line("wrk's output, nginx:");
        r.code(peer.output());
    }

    /** CPU seconds of a process and its children (nginx's workers). */
    private static double treeCpuSeconds(long pid) {
        double total = Math.max(0, ProcFs.cpuSeconds(pid));
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of())) {
            total += Math.max(0, ProcFs.cpuSeconds(child.pid()));
        }
        return total;
    }

    private static String nginxVersion() {
        try {
            Process p = new ProcessBuilder("nginx", "-v").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return v.replace("nginx version: ", "");
        } catch (IOException e) {
            return "nginx (version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "nginx (version unknown)";
        }
    }
}
