package io.harbour.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;

/**
 * A sender as a real one behaves when its logs matter (phase flume-outage): batches go out on an
 * open schedule (batch i due at start + i / rate), each on one of {@code workers} threads, and a
 * batch is sent again until the server accepts it: after any other status (waiting for
 * {@code Retry-After}, at most 5 s, or 1 s without one) and after any connection error (1 s,
 * then a new connection). It records which entries were acknowledged, when, and every other
 * answer. JDK HttpClient, HTTP/1.1, trusting only the bench CA.
 */
final class RetryingSender {
    /** A server: where to post, how, and the status that accepts the whole batch. */
    record Target(String name, URI uri, String contentType, String authorization, int acceptedStatus) {
    }

    /** One request body and the entry ids it carries. */
    record Batch(byte[] body, List<String> ids) {
    }

    /** What one sender saw. Thread-safe. */
    static final class Result {
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final AtomicLong acknowledgedWhileBrokerDown = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final Map<Integer, Long> statuses = new TreeMap<>();
        final Map<String, Long> errors = new TreeMap<>();
        final AtomicInteger gaveUp = new AtomicInteger();
        final java.util.concurrent.CountDownLatch done;
        volatile long finishedNanos;

        Result(int workers) {
            this.done = new java.util.concurrent.CountDownLatch(workers);
        }

        /** Waits until every worker of this run is done; false on timeout. */
        boolean await(Duration timeout) throws InterruptedException {
            return done.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        synchronized void status(int status) {
            statuses.merge(status, 1L, Long::sum);
        }

        synchronized void error(Throwable e) {
            String message = e.getMessage();
            errors.merge(e.getClass().getSimpleName() + (message != null && message.length() <= 40 ? ": " + message : ""), 1L, Long::sum);
        }

        synchronized String answers() {
            return "statuses " + statuses + (errors.isEmpty() ? "" : ", connection errors " + errors);
        }

        synchronized long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Target target;
    private final HttpClient client;
    private final ExecutorService workers;
    private final int workerCount;

    RetryingSender(Target target, SSLContext tls, javax.net.ssl.SSLParameters parameters, int workers) {
        this.target = target;
        this.workerCount = workers;
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "bench-outage-" + target.name());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Starts sending; returns at once. {@code brokerDown} tells, at each acknowledgement, whether
     * the broker is stopped at that moment. Nothing is sent past {@code deadlineNanos}.
     */
    Result start(List<Batch> batches, double batchesPerSecond, BooleanSupplier brokerDown, long startNanos, long deadlineNanos) {
        Result result = new Result(workerCount);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(workerCount);
        long interval = (long) (1e9 / batchesPerSecond);
        for (int w = 0; w < workerCount; w++) {
            workers.execute(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < batches.size()) {
                        long wait = startNanos + i * interval - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        deliver(batches.get(i), result, brokerDown, deadlineNanos);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (running.decrementAndGet() == 0) {
                        result.finishedNanos = System.nanoTime();
                    }
                    result.done.countDown();
                }
            });
        }
        return result;
    }

    private void deliver(Batch batch, Result result, BooleanSupplier brokerDown, long deadlineNanos) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.uri()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", target.contentType()).POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()));
        if (target.authorization() != null) {
            request.header("Authorization", target.authorization());
        }
        HttpRequest built = request.build();
        while (System.nanoTime() < deadlineNanos) {
            result.requests.incrementAndGet();
            long pause = 1000;
            try {
                HttpResponse<String> response = client.send(built, HttpResponse.BodyHandlers.ofString());
                result.status(response.statusCode());
                if (response.statusCode() == target.acceptedStatus()) {
                    if (brokerDown.getAsBoolean()) {
                        result.acknowledgedWhileBrokerDown.addAndGet(batch.ids().size());
                    }
                    result.acknowledged.addAll(batch.ids());
                    return;
                }
                pause = response.headers().firstValue("Retry-After").map(RetryingSender::seconds).map(s -> Math.min(5, s) * 1000L).orElse(1000L);
            } catch (IOException e) {
                result.error(e);
            }
            Thread.sleep(pause);
        }
        result.gaveUp.incrementAndGet();
    }

    private static long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Waits for the workers to finish (all batches acknowledged or the deadline passed). */
    boolean await(Duration timeout) throws InterruptedException {
        workers.shutdown();
        return workers.awaitTermination(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    void stop() {
        workers.shutdownNow();
    }
}
