package io.harbour.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's knobs, given as {@code --name=value} (see {@link #usage()}); the defaults are the
 * configuration documented in {@code docs/benchmarks.md}, sized to finish within about ten
 * minutes on two cores.
 */
record BenchOptions(Set<String> phases, long entries, int batchEntries, int entryBytes, int batchConnections,
                    List<Integer> scanConnections, long scanEntries, int warmupBatches, int wrkConnections, int wrkThreads,
                    int wrkSeconds, int wrkWarmupSeconds, int largeConnections, int largeBodyKib, List<Boolean> largeExpectContinue, int maxPhaseSeconds,
                    List<String> receiverJvmOpts, long drainEntries, int freshRate, int freshSeconds, int freshSampleEvery,
                    List<Long> queryEntries, int queryCalls, String queryDataDir, long exportEntries, String exportDataDir,
                    long flumeEntries, int flumeWarmupBatches, int flumeRounds, int flumeConnections, int flumeChannelCapacity, int flumeSinks,
                    List<String> flumeJvmOpts, long outageEntries, int outageRate, int outageSenders, int outageStartSeconds,
                    int outageBrokerSeconds, List<Boolean> outageKill, int outageWarmupBatches,
                    long scaleBase, List<Long> scaleFactors, int scaleCalls, int scaleConnections,
                    double warmupJitShare, int warmupMaxRounds) {

    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("phases", "a,b,c");
        d.put("entries", "5000000");
        d.put("batch-entries", "500");
        d.put("entry-bytes", "500");
        d.put("batch-connections", "0");
        d.put("scan-connections", "2,4,8,16");
        d.put("scan-entries", "200000");
        // Warm-up (phases a, b and flume) runs in rounds (a: --warmup-batches, b: --wrk-warmup-seconds, flume:
        // --flume-warmup-batches each) until the server's JIT compiler threads used less than --warmup-jit-share of its
        // CPU in one round, at most --warmup-max-rounds (see JitWarmUp).
        d.put("warmup-batches", "1000");
        d.put("warmup-jit-share", "0.02");
        d.put("warmup-max-rounds", "30");
        d.put("wrk-connections", "64");
        d.put("wrk-threads", "2");
        d.put("wrk-seconds", "30");
        d.put("wrk-warmup-seconds", "5");
        d.put("large-connections", "500");
        d.put("large-body-kib", "4096");
        d.put("large-expect-continue", "true,false");
        d.put("max-phase-seconds", "180");
        d.put("receiver-jvm-opts", "");
        // Phases drain and fresh (not in the default phases): the indexer with a real Elasticsearch.
        d.put("drain-entries", "300000");
        d.put("fresh-rate", "2000");
        d.put("fresh-seconds", "60");
        d.put("fresh-sample-every", "10");
        // Phase query (not in the default phases): the query API on N generated entries per size; the node's data
        // directory is kept between runs (empty: bench/target/query-es), so a size already loaded is not loaded again.
        d.put("query-entries", "1000000,5000000");
        d.put("query-calls", "200");
        d.put("query-data-dir", "");
        // Phase export (not in the default phases): N entries received inside one hour, exported in one call, gzip off and on;
        // the node's data directory is kept between runs (empty: export-es in the run directory).
        d.put("export-entries", "1000000");
        d.put("export-data-dir", "");
        // Phase flume (not in the default phases): Apache Flume 1.11.0 (HTTP source over TLS, JSONHandler, memory channel,
        // Kafka sink with acks=all) beside the receiver, same broker, same entries, same batches, measured in alternating rounds.
        d.put("flume-entries", "1000000");
        d.put("flume-warmup-batches", "800");
        d.put("flume-rounds", "2");
        d.put("flume-connections", "4");
        d.put("flume-channel-capacity", "100000");
        d.put("flume-sinks", "1");
        d.put("flume-jvm-opts", "");
        // Phase flume-outage (not in the default phases; run it last, it stops the broker and may kill the receiver):
        // unique entries sent to both at a paced rate while the broker is stopped, with a retrying sender; without and
        // with a SIGKILL of both servers while the broker is down; then what each acknowledged against what reached Kafka.
        d.put("outage-entries", "100000");
        d.put("outage-rate", "2000");
        d.put("outage-senders", "8");
        d.put("outage-start-seconds", "15");
        d.put("outage-broker-seconds", "20");
        d.put("outage-kill", "false,true");
        d.put("outage-warmup-batches", "100");
        // Phase scale (not in the default phases; run it alone): the stored volume grown through the whole pipeline to
        // base x each factor; per step the ingest CPU per entry of each server process, then GetLogs latency at that volume.
        d.put("scale-base", "100000");
        d.put("scale-factors", "1,4,16");
        d.put("scale-calls", "200");
        d.put("scale-connections", "8");
        return d;
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> v = effective(args);
        return new BenchOptions(Set.copyOf(list(v.get("phases"))), Long.parseLong(v.get("entries")),
                Integer.parseInt(v.get("batch-entries")), Integer.parseInt(v.get("entry-bytes")),
                Integer.parseInt(v.get("batch-connections")),
                list(v.get("scan-connections")).stream().map(Integer::parseInt).toList(), Long.parseLong(v.get("scan-entries")),
                Integer.parseInt(v.get("warmup-batches")),
                Integer.parseInt(v.get("wrk-connections")), Integer.parseInt(v.get("wrk-threads")),
                Integer.parseInt(v.get("wrk-seconds")), Integer.parseInt(v.get("wrk-warmup-seconds")),
                Integer.parseInt(v.get("large-connections")), Integer.parseInt(v.get("large-body-kib")),
                list(v.get("large-expect-continue")).stream().map(Boolean::parseBoolean).toList(),
                Integer.parseInt(v.get("max-phase-seconds")), split(v.get("receiver-jvm-opts"), " "),
                Long.parseLong(v.get("drain-entries")), Integer.parseInt(v.get("fresh-rate")), Integer.parseInt(v.get("fresh-seconds")),
                Integer.parseInt(v.get("fresh-sample-every")),
                list(v.get("query-entries")).stream().map(Long::parseLong).toList(), Integer.parseInt(v.get("query-calls")),
                v.get("query-data-dir"), Long.parseLong(v.get("export-entries")), v.get("export-data-dir"),
                Long.parseLong(v.get("flume-entries")), Integer.parseInt(v.get("flume-warmup-batches")), Integer.parseInt(v.get("flume-rounds")), Integer.parseInt(v.get("flume-connections")),
                Integer.parseInt(v.get("flume-channel-capacity")), Integer.parseInt(v.get("flume-sinks")), split(v.get("flume-jvm-opts"), " "),
                Long.parseLong(v.get("outage-entries")), Integer.parseInt(v.get("outage-rate")), Integer.parseInt(v.get("outage-senders")),
                Integer.parseInt(v.get("outage-start-seconds")), Integer.parseInt(v.get("outage-broker-seconds")),
                list(v.get("outage-kill")).stream().map(Boolean::parseBoolean).toList(), Integer.parseInt(v.get("outage-warmup-batches")),
                Long.parseLong(v.get("scale-base")), list(v.get("scale-factors")).stream().map(Long::parseLong).toList(),
                Integer.parseInt(v.get("scale-calls")), Integer.parseInt(v.get("scale-connections")),
                Double.parseDouble(v.get("warmup-jit-share")), Integer.parseInt(v.get("warmup-max-rounds")));
    }

    private static Map<String, String> effective(String[] args) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value; got " + arg + "\n" + usage());
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!v.containsKey(name)) {
                throw new IllegalArgumentException("no option --" + name + "\n" + usage());
            }
            v.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        return v;
    }

    /** Every option with the value in force, as {@code --name=value} words. */
    static String describe(String[] args) {
        StringBuilder s = new StringBuilder();
        effective(args).forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append("--").append(k).append('=').append(v));
        return s.toString();
    }

    static String usage() {
        StringBuilder s = new StringBuilder("""
                phases (--phases=LIST, comma-separated; default a,b,c):
                  a             NDJSON batches of 500 entries through the receiver vs Kafka's ProducerPerformance
                  b             single-entry POSTs over 64 connections: receiver vs nginx (wrk)
                  c             500 connections each posting a 4 MiB body: the receiver's memory
                  drain, fresh  the indexer with Elasticsearch: drain vs raw _bulk, 202-to-searchable latency
                  query, export the query API on generated entries (its own Elasticsearch data)
                  records       one thread, no server: what a record costs in Kafka's producer code (value only as
                                ProducerPerformance sends it, then with the receiver's key and six headers), and an
                                entry in the receiver's reading
                  flume         Apache Flume 1.11.0 (HTTP source over TLS, JSONHandler, memory channel, Kafka sink with
                                acks=all) beside the receiver, same broker, entries and batches: entries/s into Kafka and
                                server CPU s per million entries of each (--flume-*; Flume's jars: bench/target/flume/lib)
                  flume-outage  the broker stopped while a retrying sender sends unique entries to both, without and with
                                a SIGKILL of both servers meanwhile: what each acknowledged vs what reached Kafka
                                (--outage-*; runs last: it restarts the broker and may replace the receiver process)
                  scale         the scaling curve: stored volume grown through receiver, Kafka, the indexer (its own process)
                                and Elasticsearch to --scale-base x each of --scale-factors; per step the CPU s per million
                                entries of each server process and entries/s to searchable, then GetLogs p50/p95/p99 at
                                that volume through the query API (--scale-*; run it alone)
                """);
        s.append("options (defaults shown):");
        DEFAULTS.forEach((k, d) -> s.append("\n  --").append(k).append('=').append(d));
        return s.toString();
    }

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    private static List<String> list(String value) {
        return split(value, ",");
    }

    private static List<String> split(String value, String separator) {
        List<String> out = new ArrayList<>();
        Arrays.stream(value.split(separator)).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}
