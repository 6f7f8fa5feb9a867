package io.harbour.bench;

import io.harbour.stack.FreePorts;
import io.harbour.stack.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the receiver's benchmark in one go (see the package comment and {@code bench/run.sh}):
 * broker, certificates, realm and key, the receiver as its own process, then phases (a), (b) and
 * (c), and stops everything it started, on failure too. Figures go to
 * {@code bench/target/bench-run/results.md}.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).stream().anyMatch(a -> a.startsWith("--help"))) {
            System.out.println("bench/run.sh [--name=value ...]\n" + BenchOptions.usage());
            return;
        }
        BenchOptions options = BenchOptions.parse(args);
        Path repo = Path.of(System.getProperty("harbour.repo", ".")).toAbsolutePath().normalize();
        // HARBOUR_BENCH_RUN_DIR lets two runs share a work tree without wiping each other's broker and node.
        String runDirEnv = System.getenv("HARBOUR_BENCH_RUN_DIR");
        Path runDir = runDirEnv == null || runDirEnv.isBlank() ? repo.resolve("bench/target/bench-run") : Path.of(runDirEnv).toAbsolutePath();
        Files.createDirectories(runDir);
        Report report = new Report(runDir.resolve("results.md"));
        report.line("# Harbour receiver benchmark: one run, " + Instant.now());
        report.line("");
        report.line("Arguments: `" + (args.length == 0 ? "(none: the defaults)" : String.join(" ", args)) + "`; in force: `"
                + BenchOptions.describe(args) + "`.");
        machine(report, repo);
        int exit = 0;
        long began = System.nanoTime();
        try (ChildProcesses children = new ChildProcesses()) {
            // Phases query, export and records need no broker and no receiver: alone, they run without them.
            boolean noStack = java.util.Set.of("query", "export", "records").containsAll(options.phases());
            exit = noStack ? 0 : run(options, repo, runDir, children, report);
            if (exit == 0 && options.runs("records")) {
                new RecordCostBenchmark(options, report).run();
            }
            if (exit == 0 && options.runs("query")) {
                new QueryBenchmark(options, repo, runDir, report).run();
            }
            if (exit == 0 && options.runs("export")) {
                new ExportBenchmark(options, repo, runDir, report).run();
            }
        } catch (Exception | Error e) {
            // Not rethrown: a thread left running (an indexer, a client's event loop) would keep the JVM alive; System.exit below ends it.
            exit = 1;
            e.printStackTrace();
        } finally {
            report.line("");
            report.line("Whole run: " + Report.num((System.nanoTime() - began) / 1e9, 0) + " s, exit " + exit + ".");
        }
        System.exit(exit);
    }

    private static int run(BenchOptions options, Path repo, Path runDir, ChildProcesses children, Report report) throws Exception {
        BenchCertificates certs = BenchCertificates.create(Files.createDirectories(runDir.resolve("certs")));
        Path realmsFile = runDir.resolve("realms.yaml");
        Files.deleteIfExists(realmsFile);
        BenchRealm realm = BenchRealm.create(realmsFile, "bench");
        try (LocalStack stack = LocalStack.startFresh(runDir.resolve("stack"), needsElasticsearch(options))) {
            String bootstrap = stack.kafka().bootstrapServers();
            long brokerPid = Long.parseLong(Files.readString(runDir.resolve("stack/kafka/broker.pid"), StandardCharsets.US_ASCII).trim());
            ReceiverProcess receiver = ReceiverProcess.start(children, repo, Files.createDirectories(runDir.resolve("receiver")),
                    FreePorts.pick(), bootstrap, certs, realm, options.receiverJvmOpts());
            try (MemorySampler sampler = new MemorySampler(children, receiver.pid())) {
                report.line("");
                report.line("Kafka broker: " + bootstrap + " (pid " + brokerPid + ", KRaft, one node, data under " + repo.relativize(runDir.resolve("stack")) + ")."
                        + " Receiver (pid " + receiver.pid() + "): `" + String.join(" ", shortened(receiver.command(), repo)) + "`; "
                        + startLine(receiver) + ".");
                List<String> entries = new LogHarbourEntries(options.entryBytes(), 20261123L).lines(2000);
                BenchContext ctx = new BenchContext(options, repo, runDir, children, receiver, sampler, realm, certs,
                        bootstrap, brokerPid, entries, report,
                        needsElasticsearch(options) ? stack.elasticsearch().httpUri() : null);
                if (options.runs("a")) {
                    new BatchThroughputBenchmark(ctx).run();
                }
                if (options.runs("b")) {
                    new SingleEntryBenchmark(ctx).run();
                }
                if (options.runs("c")) {
                    new LargeBodyBenchmark(ctx).run();
                }
                if (options.runs("drain")) {
                    new DrainBenchmark(ctx).run();
                }
                if (options.runs("fresh")) {
                    new FreshnessBenchmark(ctx).run();
                }
                if (options.runs("flume")) {
                    new FlumeBenchmark(ctx).run();
                }
                if (options.runs("scale")) {
                    new ScaleBenchmark(ctx).run();
                }
                if (options.runs("flume-outage")) {
                    // Last: it stops and starts the broker and, in its kill variant, replaces the receiver process.
                    FlumeOutageBenchmark outage = new FlumeOutageBenchmark(ctx, stack.kafka());
                    try {
                        outage.run();
                    } finally {
                        if (outage.receiver() != receiver) {
                            children.stop(outage.receiver().child(), 40);
                        }
                    }
                }
                return 0;
            } catch (Exception | Error e) {
                report.line("");
                report.line("**The run failed:** " + e);
                report.line("Receiver log (last lines):");
                report.code(receiver.tail());
                throw e;
            } finally {
                children.stop(receiver.child(), 40);
            }
        }
    }

    private static boolean needsElasticsearch(BenchOptions options) {
        return options.runs("drain") || options.runs("fresh") || options.runs("scale");
    }

    private static String startLine(ReceiverProcess receiver) throws IOException {
        return Files.readAllLines(receiver.log(), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("listening on")).findFirst()
                .map(l -> "it logged \"" + l.substring(l.indexOf("Harbour receiver")) + "\"").orElse("no start line logged");
    }

    private static List<String> shortened(List<String> command, Path repo) {
        List<String> out = new ArrayList<>();
        for (String part : command) {
            out.add(part.replace(repo + "/", "").replace(System.getProperty("java.home") + "/bin/", ""));
        }
        return out;
    }

    private static void machine(Report report, Path repo) throws InterruptedException {
        report.heading("Machine");
        report.line("nproc: " + run("nproc").strip() + "; CPU: " + run("sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").strip()
                + "; kernel " + run("uname", "-r").strip() + "; " + run("sh", "-c", "wrk -v 2>&1 | head -1").strip() + ".");
        report.code("$ free -g\n" + run("free", "-g") + "\n$ java -version\n" + run("java", "-version"));
        report.line("Work tree: " + run("git", "-C", repo.toString(), "log", "-1", "--format=%h %cI %s").strip() + "; "
                + run("sh", "-c", "git -C '" + repo + "' status --porcelain | wc -l").strip() + " changed or new file(s) not committed.");
    }

    private static String run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "(" + String.join(" ", command) + ": " + e.getMessage() + ")";
        }
    }
}
