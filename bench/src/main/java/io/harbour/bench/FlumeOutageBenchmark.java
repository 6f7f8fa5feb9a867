package io.harbour.bench;

import io.harbour.certs.ClientTls;
import io.harbour.model.LogKind;
import io.harbour.receiver.kafka.KafkaPublisherSettings;
import io.harbour.stack.FreePorts;
import io.harbour.stack.KafkaBroker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * Phase flume-outage: what a 2xx is worth when the broker goes away. Unique LogHarbour entries
 * (ids made for the run) go to Harbour's receiver and to Flume at the same paced rate by
 * {@link RetryingSender}s, which resend a batch until it is accepted, while the broker is stopped
 * for a while in the middle. In a second variant both server processes are also killed with
 * SIGKILL halfway through the broker's absence (a crash, an OOM kill, a host reboot) and started
 * again at once, as a supervisor would; the receiver's start is retried until it succeeds (it does
 * not start without Kafka). At the end each server's topic is read from the phase's start to its
 * end and every acknowledged id is looked for: acknowledged but absent is a lost entry.
 *
 * <p>Runs last: it stops and starts the broker (whose pid changes) and, in the kill variant,
 * replaces the receiver of the run with a new process.
 */
final class FlumeOutageBenchmark {
    static final String TOPIC = "bench-flume-outage";

    private final BenchContext ctx;
    private final KafkaBroker broker;
    private ReceiverProcess receiver;
    private volatile boolean brokerDown;

    FlumeOutageBenchmark(BenchContext ctx, KafkaBroker broker) {
        this.ctx = ctx;
        this.broker = broker;
        this.receiver = ctx.receiver();
    }

    /** The receiver serving at the end of the phase (a new process after a kill variant). */
    ReceiverProcess receiver() {
        return receiver;
    }

    void run() throws Exception {
        BenchOptions o = ctx.options();
        Report r = ctx.report();
        r.heading("Broker stopped: what each 2xx was worth (phase flume-outage)");
        KafkaPublisherSettings k = receiver.config().kafka();
        try (BenchTopics topics = new BenchTopics(ctx.bootstrapServers())) {
            topics.create(TOPIC, k.partitions(), k.replicationFactor());
        }
        long batches = Math.max(1, o.outageEntries() / o.batchEntries());
        double scheduleSeconds = batches * o.batchEntries() / (double) o.outageRate();
        r.line("Per server and variant: " + Report.num(batches * o.batchEntries(), 0) + " entries with ids of their own, in "
                + batches + " batches of " + o.batchEntries() + " (Harbour NDJSON, Flume JSONHandler arrays as in phase flume), offered at "
                + o.outageRate() + " entries/s each (" + Report.num(scheduleSeconds, 0) + " s of schedule) by " + o.outageSenders()
                + " sender threads per server (JDK HttpClient, HTTP/1.1), each batch resent until accepted: after another status "
                + "(waiting for Retry-After, at most 5 s, else 1 s) or a connection error (1 s). The broker is stopped "
                + o.outageStartSeconds() + " s after the first batch (SIGTERM, `KafkaBroker.stop()`) and started again "
                + o.outageBrokerSeconds() + " s after its process is gone (`KafkaBroker.start()`, same ports and data); in the kill "
                + "variant both servers get SIGKILL halfway through that absence and are started again at once. Flume: a new agent per "
                + "variant (memory channel, empty), topic `" + TOPIC + "`; Harbour: topic `" + k.topic(LogKind.LOGHARBOUR) + "`.");
        for (boolean kill : o.outageKill()) {
            variant(kill, batches);
        }
    }

    private void variant(boolean kill, long batchCount) throws Exception {
        BenchOptions o = ctx.options();
        Report r = ctx.report();
        String harbourTopic = receiver.config().kafka().topic(LogKind.LOGHARBOUR);
        String tag = Long.toString(System.currentTimeMillis(), 36);
        tag = (tag + "00000000").substring(0, 8);
        List<RetryingSender.Batch> harbourBatches = new ArrayList<>();
        List<RetryingSender.Batch> flumeBatches = new ArrayList<>();
        for (int b = 0; b < batchCount; b++) {
            harbourBatches.add(batch(tag + "H", b, false));
            flumeBatches.add(batch(tag + "F", b, true));
        }
        int flumePort = FreePorts.pick();
        Path flumeDir = ctx.runDir().resolve("flume-outage-" + (kill ? "kill" : "stop"));
        FlumeProcess.Settings settings = FlumeBenchmark.settings(ctx, flumePort, TOPIC);
        AtomicReference<FlumeProcess> flume = new AtomicReference<>(FlumeProcess.start(ctx.children(), ctx.repo(),
                flumeDir, ctx.certs(), settings));
        Timeline timeline = new Timeline();

        SSLContext tls = ctx.certs().jdkClientContext();
        URI harbourUri = URI.create("https://127.0.0.1:" + receiver.config().http().port() + "/api/v1/logharbour/entries");
        RetryingSender harbourSender = new RetryingSender(new RetryingSender.Target("harbour", harbourUri, "application/x-ndjson",
                "Bearer " + ctx.realm().writeKey(), 202), tls, ClientTls.jdkParameters(tls), o.outageSenders());
        RetryingSender flumeSender = new RetryingSender(new RetryingSender.Target("flume", URI.create("https://127.0.0.1:" + flumePort + "/"),
                "application/json; charset=UTF-8", null, 200), tls, ClientTls.jdkParameters(tls), o.outageSenders());
        double batchesPerSecond = o.outageRate() / (double) o.batchEntries();
        String warmed = warmUp(tag, harbourSender, flumeSender, harbourTopic);
        long start = System.nanoTime() + 500_000_000L;
        timeline.start = start;
        long deadline = start + (long) ((batchCount / batchesPerSecond + o.outageBrokerSeconds() + 180) * 1e9);
        long phaseStartMillis = System.currentTimeMillis();
        RetryingSender.Result harbourResult;
        RetryingSender.Result flumeResult;
        Progress progress = null;
        Thread receiverRestart = null;
        Thread flumeRestart = null;
        try {
            harbourResult = harbourSender.start(harbourBatches, batchesPerSecond, () -> brokerDown, start, deadline);
            flumeResult = flumeSender.start(flumeBatches, batchesPerSecond, () -> brokerDown, start, deadline);
            progress = new Progress(start, harbourTopic, harbourResult, flumeResult);
            sleepUntil(start + o.outageStartSeconds() * 1_000_000_000L);
            long stopAt = System.nanoTime();
            // From the stop call until start() returns, a 2xx cannot mean "in Kafka" unless Kafka acknowledged it before it went.
            brokerDown = true;
            broker.stop();
            long goneAt = System.nanoTime();
            timeline.add(stopAt, "broker stop called (SIGTERM, controlled shutdown)");
            timeline.add(goneAt, "broker process gone (" + seconds(goneAt - stopAt) + " s after the stop call)");
            long restartBrokerAt = goneAt + o.outageBrokerSeconds() * 1_000_000_000L;
            if (kill) {
                sleepUntil(goneAt + o.outageBrokerSeconds() * 500_000_000L);
                long killAt = System.nanoTime();
                ctx.children().kill(flume.get().child());
                ctx.children().kill(receiver.child());
                timeline.add(killAt, "Flume (pid " + flume.get().pid() + ") and the receiver (pid " + receiver.pid()
                        + ") killed with SIGKILL");
                receiverRestart = restartReceiver(timeline);
                flumeRestart = new Thread(() -> {
                    try {
                        flume.set(FlumeProcess.start(ctx.children(), ctx.repo(), flumeDir.resolve("restarted"), ctx.certs(), settings));
                        timeline.add(System.nanoTime(), "Flume started again (pid " + flume.get().pid() + "), listening");
                    } catch (Exception | Error e) {
                        timeline.add(System.nanoTime(), "Flume's restart failed: " + e);
                    }
                }, "bench-flume-restart");
                flumeRestart.setDaemon(true);
                flumeRestart.start();
            }
            sleepUntil(restartBrokerAt);
            long startAt = System.nanoTime();
            broker.start();
            brokerDown = false;
            timeline.add(startAt, "broker start called (" + seconds(startAt - goneAt) + " s after its process was gone)");
            timeline.add(System.nanoTime(), "broker answering metadata again");
            harbourResult.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()) + 60_000_000_000L));
            flumeResult.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()) + 60_000_000_000L));
            for (var done : List.of(Map.entry("Harbour", harbourResult), Map.entry("Flume", flumeResult))) {
                long at = done.getValue().finishedNanos;
                timeline.add(at > 0 ? at : System.nanoTime(), done.getKey() + "'s sender " + (at > 0 ? "done" : "still busy, stopped")
                        + " (" + Report.num(done.getValue().acknowledged.size(), 0) + " entries acknowledged)");
            }
            for (Thread restart : java.util.Arrays.asList(receiverRestart, flumeRestart)) {
                if (restart != null) {
                    restart.join(Duration.ofSeconds(250).toMillis());
                }
            }
        } finally {
            harbourSender.stop();
            flumeSender.stop();
        }
        Map<String, Integer> harbourIds;
        Map<String, Integer> flumeIds;
        try (BenchTopics topics = new BenchTopics(ctx.bootstrapServers())) {
            long quietFrom = System.nanoTime();
            long flumeRecords = topics.awaitQuiet(TOPIC, Duration.ofSeconds(15), Duration.ofSeconds(240));
            timeline.add(System.nanoTime(), "Flume's topic unchanged for 15 s (" + Report.num(flumeRecords, 0)
                    + " records in all; waited " + seconds(System.nanoTime() - quietFrom) + " s)");
            progress.close();
            harbourIds = topics.idCounts(harbourTopic, phaseStartMillis - 1000, tag + "H");
            flumeIds = topics.idCounts(TOPIC, phaseStartMillis - 1000, tag + "F");
        }
        long flumeSinkFailures = flume.get().sinkFailuresLogged();
        ctx.children().stop(flume.get().child(), 20);
        report(r, kill, tag, warmed, batchCount * o.batchEntries(), timeline, harbourResult, harbourIds, flumeResult, flumeIds, flumeSinkFailures);
        r.line("Acknowledged entries and records added to each topic, every 5 s (from the topics' end offsets, read once a second "
                + "while the broker answers; records include duplicates):");
        r.table(List.of("t (s)", "Harbour acknowledged", "Harbour records in Kafka", "Flume acknowledged", "Flume records in Kafka"),
                progress.rows(5));
    }

    /**
     * Warms both servers (a new Flume agent each variant; JIT, the producer's first metadata and producer id)
     * with batches of ids of their own ({@code tag} + h/f, not counted), sent as fast as the senders go,
     * and waits until Flume's sink has delivered them.
     */
    private String warmUp(String tag, RetryingSender harbour, RetryingSender flume, String harbourTopic) throws Exception {
        int n = ctx.options().outageWarmupBatches();
        if (n <= 0) {
            return "none.";
        }
        List<RetryingSender.Batch> h = new ArrayList<>();
        List<RetryingSender.Batch> f = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            h.add(batch(tag + "h", b, false));
            f.add(batch(tag + "f", b, true));
        }
        try (BenchTopics topics = new BenchTopics(ctx.bootstrapServers())) {
            long flumeBefore = topics.records(TOPIC);
            long began = System.nanoTime();
            long deadline = began + Duration.ofSeconds(180).toNanos();
            RetryingSender.Result hr = harbour.start(h, 1000, () -> false, began, deadline);
            RetryingSender.Result fr = flume.start(f, 1000, () -> false, began, deadline);
            hr.await(Duration.ofSeconds(200));
            fr.await(Duration.ofSeconds(200));
            long answered = System.nanoTime();
            long delivered = topics.awaitRecords(TOPIC, flumeBefore + fr.acknowledged.size(), Duration.ofSeconds(120));
            return Report.num(n, 0) + " batches to each (" + Report.num(hr.acknowledged.size(), 0) + " entries acknowledged by Harbour, "
                    + Report.num(fr.acknowledged.size(), 0) + " by Flume) in " + seconds(answered - began) + " s; Flume's sink had "
                    + "delivered them " + (delivered < 0 ? "not within 120 s" : seconds(delivered - answered) + " s later") + ".";
        }
    }

    private RetryingSender.Batch batch(String prefix, int b, boolean flume) {
        int n = ctx.options().batchEntries();
        List<String> ids = new ArrayList<>(n);
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long seq = (long) b * n + i;
            String id = prefix + String.format(Locale.ROOT, "%0" + (LogHarbourEntries.ID_LENGTH - prefix.length()) + "d", seq);
            ids.add(id);
            lines.add(LogHarbourEntries.withId(ctx.entries().get((int) (seq % ctx.entries().size())), id));
        }
        byte[] body = flume ? FlumeEvents.jsonBatch(lines, 0, n, ctx.realm().realm()) : LogHarbourEntries.ndjson(lines, 0, n);
        return new RetryingSender.Batch(body, ids);
    }

    /** Starts the receiver again on the same port, retrying while it cannot start (it needs Kafka to start). */
    private Thread restartReceiver(Timeline timeline) {
        ReceiverProcess dead = receiver;
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
                try {
                    // A receiver that cannot reach Kafka yet waits for it before it listens: wait as long as the
                    // deadline allows, and start another only if this one exited.
                    int readySeconds = (int) Math.max(10, (deadline - System.nanoTime()) / 1_000_000_000L);
                    ReceiverProcess next = ReceiverProcess.start(ctx.children(), ctx.repo(),
                            java.nio.file.Files.createDirectories(ctx.runDir().resolve("receiver-restarted-" + System.currentTimeMillis())),
                            dead.config().http().port(), ctx.bootstrapServers(), ctx.certs(), ctx.realm(), ctx.options().receiverJvmOpts(),
                            readySeconds);
                    receiver = next;
                    timeline.add(System.nanoTime(), "receiver started again (pid " + next.pid() + ", attempt " + attempt + "), ready");
                    return;
                } catch (Exception | Error e) {
                    timeline.add(System.nanoTime(), "receiver start attempt " + attempt + " failed: "
                            + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }, "bench-receiver-restart");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void report(Report r, boolean kill, String tag, String warmed, long entries, Timeline timeline,
                        RetryingSender.Result harbour, Map<String, Integer> harbourIds,
                        RetryingSender.Result flume, Map<String, Integer> flumeIds, long flumeSinkFailures) {
        r.line("");
        r.line("### " + (kill ? "Broker stopped, and both servers killed (SIGKILL) while it was down" : "Broker stopped, servers left running")
                + " (ids `" + tag + "H...` Harbour, `" + tag + "F...` Flume; " + Instant.now() + ")");
        r.line("");
        r.line("Warm-up before the schedule, not counted: " + warmed);
        r.line("");
        timeline.lines().forEach(t -> r.line("- " + t));
        Counts h = Counts.of(harbour, harbourIds);
        Counts f = Counts.of(flume, flumeIds);
        r.table(List.of("", "Harbour receiver (202)", "Flume 1.11.0 (200)"), List.of(
                List.of("entries sent (unique ids)", Report.num(entries, 0), Report.num(entries, 0)),
                List.of("requests (with resends) / answers", Report.num(harbour.requests.get(), 0) + " / " + harbour.answers(),
                        Report.num(flume.requests.get(), 0) + " / " + flume.answers()),
                List.of("entries acknowledged", Report.num(h.acknowledged, 0), Report.num(f.acknowledged, 0)),
                List.of("of which acknowledged between the broker's stop call and its answering again", Report.num(harbour.acknowledgedWhileBrokerDown.get(), 0),
                        Report.num(flume.acknowledgedWhileBrokerDown.get(), 0)),
                List.of("batches never acknowledged (sender gave up at its deadline)", Integer.toString(harbour.gaveUp.get()),
                        Integer.toString(flume.gaveUp.get())),
                List.of("distinct ids in Kafka", Report.num(h.distinct, 0), Report.num(f.distinct, 0)),
                List.of("**acknowledged but not in Kafka (lost)**", "**" + Report.num(h.lost, 0) + "**", "**" + Report.num(f.lost, 0) + "**"),
                List.of("records beyond the first of an id (duplicates)", Report.num(h.duplicates, 0), Report.num(f.duplicates, 0)),
                List.of("in Kafka but never acknowledged", Report.num(h.unacknowledged, 0), Report.num(f.unacknowledged, 0))));
        r.line("Flume's log holds " + flumeSinkFailures + " failed Kafka sink transaction(s) of the last agent (rolled back, retried).");
        r.line("**Lost: Harbour " + Report.num(h.lost, 0) + ", Flume " + Report.num(f.lost, 0) + "** (target for Harbour: 0; "
                + (h.lost == 0 && harbour.gaveUp.get() == 0 ? "met" : "not met") + ").");
    }

    /** Once a second: entries each sender has had acknowledged and records added to each topic since the start. */
    private final class Progress implements AutoCloseable {
        private record Sample(long nanos, long harbourAcked, long harbourRecords, long flumeAcked, long flumeRecords) {
        }

        private final List<Sample> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean stopped;

        Progress(long start, String harbourTopic, RetryingSender.Result harbour, RetryingSender.Result flume) throws Exception {
            BenchTopics topics = new BenchTopics(ctx.bootstrapServers());
            long harbourBase = topics.records(harbourTopic);
            long flumeBase = topics.records(TOPIC);
            thread = new Thread(() -> {
                try (topics) {
                    while (!stopped) {
                        long now = System.nanoTime();
                        long harbourAcked = harbour.acknowledged.size();
                        long flumeAcked = flume.acknowledged.size();
                        long h = -1;
                        long f = -1;
                        try {
                            h = topics.records(harbourTopic) - harbourBase;
                            f = topics.records(TOPIC) - flumeBase;
                        } catch (Exception brokerAway) {
                            // no figure while the broker is away
                        }
                        samples.add(new Sample(now - start, harbourAcked, h, flumeAcked, f));
                        long wait = 1_000_000_000L - (System.nanoTime() - now);
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-outage-progress");
            thread.setDaemon(true);
            thread.start();
        }

        /** The first sample at or after each multiple of {@code everySeconds}, and the last one. */
        List<List<String>> rows(int everySeconds) {
            List<List<String>> rows = new ArrayList<>();
            long next = 0;
            List<Sample> copy;
            synchronized (samples) {
                copy = new ArrayList<>(samples);
            }
            for (int i = 0; i < copy.size(); i++) {
                Sample x = copy.get(i);
                if (x.nanos() >= next * 1_000_000_000L || i == copy.size() - 1) {
                    rows.add(List.of(seconds(x.nanos()), Report.num(x.harbourAcked(), 0), x.harbourRecords() < 0 ? "(broker away)"
                            : Report.num(x.harbourRecords(), 0), Report.num(x.flumeAcked(), 0),
                            x.flumeRecords() < 0 ? "(broker away)" : Report.num(x.flumeRecords(), 0)));
                    while (next * 1_000_000_000L <= x.nanos()) {
                        next += everySeconds;
                    }
                }
            }
            return rows;
        }

        @Override
        public void close() throws InterruptedException {
            stopped = true;
            thread.join(15_000);
        }
    }

    private record Counts(long acknowledged, long distinct, long lost, long duplicates, long unacknowledged) {
        static Counts of(RetryingSender.Result sent, Map<String, Integer> inKafka) {
            long lost = sent.acknowledged.stream().filter(id -> !inKafka.containsKey(id)).count();
            long duplicates = inKafka.values().stream().mapToLong(c -> c - 1).sum();
            long unacknowledged = inKafka.keySet().stream().filter(id -> !sent.acknowledged.contains(id)).count();
            return new Counts(sent.acknowledged.size(), inKafka.size(), lost, duplicates, unacknowledged);
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** What happened when, in seconds from the first batch's due time; events from several threads, sorted. */
    private static final class Timeline {
        private record Event(long nanos, String text) {
        }

        private final List<Event> events = new ArrayList<>();
        private volatile long start;

        synchronized void add(long nanos, String text) {
            events.add(new Event(nanos, text));
        }

        synchronized List<String> lines() {
            return events.stream().sorted(java.util.Comparator.comparingLong(Event::nanos))
                    .map(e -> "t=" + seconds(e.nanos() - start) + " s: " + e.text()).toList();
        }
    }

    private static String seconds(long nanos) {
        return Report.num(nanos / 1e9, 1);
    }
}
