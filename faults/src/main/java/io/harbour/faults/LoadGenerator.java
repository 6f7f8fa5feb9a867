package io.harbour.faults;

import io.harbour.traffic.GeneratedEntry;
import io.harbour.traffic.TrafficGenerator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a known set of LogHarbour entries, each with a unique id, as NDJSON batches over HTTPS to
 * the receivers, paced at a steady rate, and behaves as a careful sender: after 429 or 503 it
 * waits the {@code Retry-After} and sends the same batch again; when a receiver does not answer
 * (refused, reset, timed out) it sends the batch to the next receiver. A batch counts as
 * acknowledged only on a {@code 202}; its ids are then in {@link #acknowledged()}, which is what
 * the suite holds the pipeline to.
 */
public final class LoadGenerator {
    /**
     * @param batchSize        entries per POST
     * @param senders          concurrent senders (one connection each, or more after failures)
     * @param entriesPerSecond the pace; a sender held up by a fault catches up afterwards
     * @param giveUpAfter      how long one batch is retried before it is counted as given up
     */
    public record Settings(int batchSize, int senders, double entriesPerSecond, Duration giveUpAfter) {
    }

    /** One POST body and the ids it carries. */
    public record Batch(int index, List<String> ids, byte[] body) {
    }

    /** The outcome counters, read at the end for the report. */
    public record Counts(long sent, long requests, long acknowledged, long responses429, long responses503,
                         long connectionFailures, long givenUp, Map<Integer, Long> otherStatuses) {
    }

    private static final String PATH = "/api/v1/logharbour/entries";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Settings settings;
    private final List<URI> receivers;
    private final String writeKey;
    private final HttpClient http;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong responses429 = new AtomicLong();
    private final AtomicLong responses503 = new AtomicLong();
    private final AtomicLong connectionFailures = new AtomicLong();
    private final AtomicLong givenUp = new AtomicLong();
    private final Map<Integer, AtomicLong> otherStatuses = new ConcurrentHashMap<>();
    private final Map<Integer, String> firstBodyOfStatus = new ConcurrentHashMap<>();
    private volatile long sent;

    public LoadGenerator(Settings settings, List<URI> receivers, String writeKey, HttpClient http) {
        this.settings = settings;
        this.receivers = List.copyOf(receivers);
        this.writeKey = writeKey;
        this.http = http;
    }

    /** The whole known set, cut into batches, before anything is sent (so sending is not slowed by generating). */
    public static List<Batch> batches(TrafficGenerator traffic, int batchSize) {
        List<Batch> out = new ArrayList<>();
        List<String> ids = new ArrayList<>(batchSize);
        StringBuilder body = new StringBuilder(batchSize * 600);
        for (GeneratedEntry e : traffic) {
            ids.add(e.entry().id());
            body.append(e.line()).append('\n');
            if (ids.size() == batchSize) {
                out.add(new Batch(out.size(), List.copyOf(ids), body.toString().getBytes(StandardCharsets.UTF_8)));
                ids.clear();
                body.setLength(0);
            }
        }
        if (!ids.isEmpty()) {
            out.add(new Batch(out.size(), List.copyOf(ids), body.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** Sends every batch; returns once each is acknowledged, refused or given up. */
    public void run(List<Batch> batches) throws InterruptedException {
        sent = batches.stream().mapToLong(b -> b.ids().size()).sum();
        AtomicInteger next = new AtomicInteger();
        long began = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < settings.senders(); s++) {
            Thread t = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < batches.size()) {
                    long due = began + (long) (i * (double) settings.batchSize() / settings.entriesPerSecond() * 1e9);
                    long wait = due - System.nanoTime();
                    try {
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        send(batches.get(i));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "fault-load-" + s);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private void send(Batch batch) throws InterruptedException {
        int target = batch.index() % receivers.size();
        long deadline = System.nanoTime() + settings.giveUpAfter().toNanos();
        while (System.nanoTime() < deadline) {
            HttpRequest request = HttpRequest.newBuilder(receivers.get(target).resolve(PATH))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + writeKey)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()))
                    .build();
            requests.incrementAndGet();
            HttpResponse<String> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException refusedResetOrTimedOut) {
                connectionFailures.incrementAndGet();
                target = (target + 1) % receivers.size();
                Thread.sleep(200);
                continue;
            }
            int status = r.statusCode();
            if (status == 202) {
                acknowledged.addAll(batch.ids());
                return;
            }
            if (status == 429 || status == 503) {
                (status == 429 ? responses429 : responses503).incrementAndGet();
                Thread.sleep(retryAfterMillis(r));
                continue;
            }
            otherStatuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
            firstBodyOfStatus.putIfAbsent(status, r.body());
            return;
        }
        givenUp.addAndGet(batch.ids().size());
    }

    /** The receiver's Retry-After (seconds), at most 5 s so a long hint does not stall the run; 1 s when absent. */
    private static long retryAfterMillis(HttpResponse<?> r) {
        try {
            long seconds = Long.parseLong(r.headers().firstValue("Retry-After").orElse("1").trim());
            return Math.max(100, Math.min(5_000, seconds * 1000));
        } catch (NumberFormatException notSeconds) {
            return 1_000;
        }
    }

    /** Ids acknowledged with a 202 so far. */
    public Set<String> acknowledged() {
        return acknowledged;
    }

    public Counts counts() {
        Map<Integer, Long> others = new TreeMap<>();
        otherStatuses.forEach((k, v) -> others.put(k, v.get()));
        return new Counts(sent, requests.get(), acknowledged.size(), responses429.get(), responses503.get(),
                connectionFailures.get(), givenUp.get(), others);
    }

    /** The first body of each unexpected status, for the report. */
    public Map<Integer, String> unexpectedBodies() {
        return new TreeMap<>(firstBodyOfStatus);
    }
}
