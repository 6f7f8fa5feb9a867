package io.harbour.client.writer;

import io.harbour.model.logharbour.GoJson;
import io.harbour.model.logharbour.LogEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;

/**
 * Delivers LogHarbour entries to a Harbour receiver ({@code POST /api/v1/logharbour/entries},
 * NDJSON, {@code Authorization: Bearer <write key>}) from a background thread.
 *
 * <h2>Delivery guarantee: at least once, duplicates harmless</h2>
 * An entry handed to the shipper ends in exactly one of these states, each counted in
 * {@link #stats()}: <em>delivered</em> (the receiver answered 202, which it does only once Kafka
 * holds the entry), <em>refused</em> (the receiver, or the shipper before sending, refused it for
 * its content: reported to the {@link ShipperListener} with the reason, never resent),
 * <em>pending</em> (in memory or in the spill file, still to be sent), or <em>dropped</em> (only
 * when neither the memory queue nor the spill directory could take it: a full queue and an
 * unusable disk, or a log call after {@link #close()}; reported to the listener).
 * <p>
 * A batch is sent again until it is answered, so if a 202 is lost on the way back (the receiver
 * or the connection fails after Kafka took the batch), the entries are sent twice and Kafka holds
 * two copies. Each entry carries a unique {@code id} (a {@link Ksuid}) which the indexer uses as
 * its document id, so the second copy overwrites the first: duplicates never become a second
 * document. Without a lost acknowledgement nothing is sent twice.
 * <p>
 * What survives what: a clean {@link #close()} flushes for a deadline and then leaves everything
 * unsent in the spill file, which the next shipper on the same directory sends first. A crash of
 * the process loses what was only in memory (at most the queue and one batch) but nothing already
 * spilled: spilled entries are written with one system call each and survive the process; the
 * spill file is fsynced on close and when a segment is completed, so a crash of the whole machine
 * (not just the process) may lose what the operating system had not yet written to disk. A line torn by a crash is cut off at
 * the next start.
 *
 * <h2>Never blocking the application</h2>
 * {@link #write} (what every {@link Logger} call ends in) encodes the entry and puts it in a
 * bounded in-memory queue. When the queue is full, or while the receiver is away, entries go to
 * the append-only spill file instead (one small write each), and everything queued goes there
 * first, so the order of entries is kept. The sender thread sends the spill file, oldest first,
 * as soon as the receiver answers again, and returns to the memory queue once the file is empty.
 *
 * <h2>Retries</h2>
 * 429 and 503 wait for their {@code Retry-After}; connection failures, timeouts and other errors
 * back off exponentially with jitter; 400 refuses the lines it names (the shipper sends
 * {@code ?partial=true}, so the other lines of the batch are taken); 413 splits the batch. See
 * {@link Outcome} for every status.
 */
public final class Shipper implements EntrySink, AutoCloseable {
    static final String PATH = "/api/v1/logharbour/entries";
    /** How long the sender waits on an empty queue before looking at its state again. */
    private static final long IDLE_POLL_MILLIS = 100;

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;
    private final Builder config;
    private final ShipperListener listener;
    private final ArrayBlockingQueue<byte[]> queue;
    private final SpillLog spill;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever entries finish (delivered, refused, moved to disk) or the spill empties. */
    private final Condition progress = lock.newCondition();
    /** Guarded by lock: entries go to the spill file, not the queue, until it is drained. */
    private boolean spilling;
    /** Guarded by lock: entries queued or in the sender's hands that came from memory, not yet finished. */
    private long memoryPending;
    /** Guarded by lock: set once close() has handed everything to the spill file. */
    private boolean closed;

    private final CountDownLatch stopLatch = new CountDownLatch(1);
    private volatile boolean stopping;
    private final AtomicInteger flushers = new AtomicInteger();
    private volatile CompletableFuture<?> inFlight;
    private final Thread sender;

    private final LongAdder enqueued = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder spilled = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final long recovered;

    private Shipper(Builder b) throws IOException {
        this.config = b;
        this.endpoint = URI.create(b.receiver.toString().replaceAll("/+$", "") + PATH + "?partial=true");
        this.authorization = "Bearer " + b.writeKey;
        this.listener = b.listener;
        this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(b.httpVersion)
                .connectTimeout(b.connectTimeout);
        SSLContext ssl = b.sslContext != null ? b.sslContext : b.caFile != null ? TrustedCa.sslContext(b.caFile) : null;
        if (ssl != null) {
            http.sslContext(ssl);
        }
        this.http = http.build();
        this.spill = SpillLog.open(b.spillDirectory, b.maxSegmentBytes);
        this.recovered = spill.pendingEntries();
        // Entries left by an earlier run go first: everything new queues behind them on disk.
        this.spilling = !spill.isDrained();
        this.sender = new Thread(this::run, "harbour-shipper");
        sender.setDaemon(true);
        sender.start();
        if (b.shutdownHook) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(b.closeTimeout), "harbour-shipper-shutdown"));
        }
    }

    /** @param receiver the receiver's base URL, e.g. {@code https://harbour.example:8443} */
    public static Builder builder(URI receiver, String writeKey) {
        return new Builder(receiver, writeKey);
    }

    /** A logger for {@code app} whose entries this shipper delivers. */
    public Logger logger(LoggerContext context, String app) {
        return Logger.create(context, app, this);
    }

    /** What happened to the entries so far. */
    public ShipperStats stats() {
        long memory;
        long onDisk;
        lock.lock();
        try {
            memory = memoryPending;
            onDisk = spill.pendingEntries();
        } finally {
            lock.unlock();
        }
        return new ShipperStats(enqueued.sum(), delivered.sum(), refused.sum(), spilled.sum(), dropped.sum(),
                retries.sum(), recovered, memory, onDisk);
    }

    /** What the spill directory held at start, for operators. */
    public SpillRecovery recovery() {
        return spill.recovery();
    }

    /**
     * Enqueues one entry; never waits for the network. A full queue sends it (and everything
     * queued) to the spill file; an entry the shipper cannot encode or that is larger than the
     * receiver takes is refused at once.
     */
    @Override
    public void write(LogEntry entry) {
        enqueued.increment();
        byte[] line;
        try {
            line = GoJson.encode(entry);
        } catch (IllegalArgumentException e) {
            refuse(String.valueOf(entry), e.getMessage());
            return;
        }
        if (line.length > config.maxEntryBytes) {
            refuse(new String(line, 0, Math.min(line.length, 200), StandardCharsets.UTF_8) + "...",
                    "entry is " + line.length + " bytes, more than the " + config.maxEntryBytes + " bytes the receiver takes per log");
            return;
        }
        lock.lock();
        try {
            if (closed) {
                drop(line, "the shipper is closed");
                return;
            }
            if (!spilling) {
                if (queue.offer(line)) {
                    memoryPending++;
                    return;
                }
                // Queue full: what is queued goes to disk before this entry, so the order holds.
                startSpilling();
            }
            toSpill(line);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every entry handed over so far is delivered or refused (the queue and the spill
     * file empty), or until {@code timeout}. Lingering batches are sent at once meanwhile.
     *
     * @return true when everything was delivered or refused in time
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        flushers.incrementAndGet();
        lock.lock();
        try {
            while (memoryPending > 0 || spilling) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stopping) {
                    return false;
                }
                progress.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
            flushers.decrementAndGet();
        }
    }

    /** {@link #close(Duration)} with the builder's close timeout (10 seconds unless set). */
    @Override
    public void close() {
        close(config.closeTimeout);
    }

    /**
     * Flushes for at most {@code timeout}, then stops the sender and writes whatever is still in
     * memory to the spill file, where the next shipper on this directory finds it and sends it
     * first. Log calls after this are counted as dropped.
     */
    public void close(Duration timeout) {
        lock.lock();
        try {
            if (closed || stopping) {
                return;
            }
        } finally {
            lock.unlock();
        }
        flush(timeout);
        stopping = true;
        stopLatch.countDown();
        CompletableFuture<?> request = inFlight;
        if (request != null) {
            request.cancel(true);
        }
        try {
            sender.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            // The sender has parked its own batch; anything still queued follows it.
            List<byte[]> rest = new ArrayList<>();
            queue.drainTo(rest);
            for (byte[] line : rest) {
                toSpill(line);
            }
            memoryPending -= rest.size();
            closed = true;
            progress.signalAll();
            spill.close();
        } catch (IOException e) {
            listener.deliveryProblem("closing the spill file failed: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    // ---- sender thread ----

    private void run() {
        while (!stopping) {
            try {
                Batch batch = nextBatch();
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (RuntimeException e) {
                // A bug must not kill the only thread that delivers: report it and carry on.
                listener.deliveryProblem("shipper error: " + e);
                pause(Duration.ofSeconds(1));
            }
        }
    }

    private Batch nextBatch() {
        lock.lock();
        try {
            if (spilling) {
                try {
                    Batch batch = spill.read(config.maxBatchEntries, config.maxBatchBytes);
                    if (batch.isEmpty() && spill.isDrained()) {
                        // Everything on disk is delivered: new entries may use the memory queue again.
                        spill.clear();
                        spilling = false;
                        progress.signalAll();
                    }
                    return batch;
                } catch (IOException e) {
                    listener.deliveryProblem("cannot read the spill file: " + e.getMessage());
                    lock.unlock();
                    try {
                        pause(Duration.ofSeconds(1));
                    } finally {
                        lock.lock();
                    }
                    return Batch.inMemory(List.of());
                }
            }
        } finally {
            lock.unlock();
        }
        try {
            byte[] first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (first == null) {
                return Batch.inMemory(List.of());
            }
            List<byte[]> lines = new ArrayList<>();
            lines.add(first);
            long bytes = first.length + 1L;
            long lingerEnd = System.nanoTime() + config.linger.toNanos();
            while (lines.size() < config.maxBatchEntries && !stopping) {
                byte[] next = queue.peek();
                if (next != null && bytes + next.length + 1 > config.maxBatchBytes) {
                    break;
                }
                next = queue.poll();
                if (next == null) {
                    long left = lingerEnd - System.nanoTime();
                    if (left <= 0 || flushers.get() > 0) {
                        break;
                    }
                    next = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        continue;
                    }
                }
                lines.add(next);
                bytes += next.length + 1L;
            }
            return Batch.inMemory(lines);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Batch.inMemory(List.of());
        }
    }

    /**
     * Sends one batch to its end: delivered, refused, or (the receiver away) parked in the spill
     * file. A batch from the spill file is committed there only when all of it is done.
     */
    private void deliver(Batch original) {
        Deque<Batch> parts = new ArrayDeque<>();
        parts.add(original);
        int attempt = 0;
        while (!parts.isEmpty()) {
            Batch part = parts.peekFirst();
            if (part.isEmpty()) {
                parts.removeFirst();
                continue;
            }
            if (stopping) {
                abandon(original, parts);
                return;
            }
            attempt++;
            Outcome outcome = send(part, attempt);
            if (outcome instanceof Outcome.Delivered d) {
                parts.removeFirst();
                refuseLines(part, d.refused());
                delivered.add(part.size() - countInside(d.refused(), part.size()));
                attempt = 0;
            } else if (outcome instanceof Outcome.RefusedLines r) {
                parts.removeFirst();
                refuseLines(part, r.refused());
                parts.addFirst(part.without(r.refused().keySet()));
                attempt = 0;
            } else if (outcome instanceof Outcome.RefusedAll a) {
                parts.removeFirst();
                for (byte[] line : part.lines()) {
                    refuse(new String(line, StandardCharsets.UTF_8), a.reason());
                }
                attempt = 0;
            } else if (outcome instanceof Outcome.Split) {
                parts.removeFirst();
                int half = part.size() / 2;
                parts.addFirst(part.suffix(half));
                parts.addFirst(part.prefix(half));
                attempt = 0;
            } else if (outcome instanceof Outcome.Retry r) {
                retries.increment();
                listener.deliveryProblem(r.why());
                if (!original.fromSpill() && park(original, parts)) {
                    // The rest now waits on disk and is read back from there after the pause.
                    pause(r.delay());
                    return;
                }
                pause(r.delay());
            }
        }
        finish(original);
    }

    private Outcome send(Batch part, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(config.requestTimeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-ndjson")
                .header("Accept", "application/json");
        if (config.gzip) {
            request.header("Content-Encoding", "gzip");
        }
        request.POST(HttpRequest.BodyPublishers.ofByteArray(part.body(config.gzip)));
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        inFlight = future;
        try {
            if (stopping) {
                future.cancel(true);
            }
            HttpResponse<String> response = future.get();
            return Outcome.of(response.statusCode(), response.headers().firstValue("Retry-After"), response.body(),
                    part.size(), attempt, config.backoff, Instant.now());
        } catch (ExecutionException e) {
            return Outcome.failed(e.getCause() == null ? e : e.getCause(), attempt, config.backoff);
        } catch (CancellationException e) {
            return Outcome.failed(e, attempt, config.backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return Outcome.failed(e, attempt, config.backoff);
        } finally {
            inFlight = null;
        }
    }

    /** Done with a batch: from disk, move the cursor past it; from memory, it no longer counts as pending. */
    private void finish(Batch original) {
        lock.lock();
        try {
            if (original.fromSpill()) {
                spill.commit(original, original.size());
            } else {
                memoryPending -= original.size();
            }
            progress.signalAll();
        } catch (IOException e) {
            // The batch was delivered; failing to record it only means it is sent again later.
            listener.deliveryProblem("cannot record progress in the spill file: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /**
     * The receiver is away: the unsent rest of a memory batch, and everything queued behind it,
     * go to the front of the spill file, and new entries follow them there. False when the disk
     * cannot take them (they stay in memory and are retried from there).
     */
    private boolean park(Batch original, Deque<Batch> parts) {
        lock.lock();
        try {
            List<byte[]> lines = new ArrayList<>();
            for (Batch part : parts) {
                lines.addAll(part.lines());
            }
            List<byte[]> queued = new ArrayList<>();
            queue.drainTo(queued);
            lines.addAll(queued);
            try {
                spill.prepend(lines);
            } catch (IOException e) {
                // Put the queue back as it was; the batch stays in this thread's hands.
                for (byte[] line : queued) {
                    if (!queue.offer(line)) {
                        drop(line, "queue full and spill file unusable: " + e.getMessage());
                        memoryPending--;
                    }
                }
                listener.deliveryProblem("cannot write the spill file, keeping the batch in memory: " + e.getMessage());
                return false;
            }
            spilled.add(lines.size());
            memoryPending -= original.size() + queued.size();
            spilling = true;
            progress.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stopping mid-batch: from memory it is parked on disk; from disk it simply stays there. */
    private void abandon(Batch original, Deque<Batch> parts) {
        if (original.fromSpill()) {
            return;
        }
        if (!park(original, parts)) {
            lock.lock();
            try {
                for (Batch part : parts) {
                    for (byte[] line : part.lines()) {
                        drop(line, "closing and the spill file is unusable");
                    }
                }
                memoryPending -= original.size();
            } finally {
                lock.unlock();
            }
        }
    }

    // ---- helpers; the ones touching the spill run under lock ----

    private void startSpilling() {
        spilling = true;
        List<byte[]> queued = new ArrayList<>();
        queue.drainTo(queued);
        try {
            spill.appendAll(queued);
            spilled.add(queued.size());
        } catch (IOException e) {
            // Which lines reached the disk is unknown; append one by one, each dropped only if it fails.
            for (byte[] line : queued) {
                toSpill(line);
            }
        }
        memoryPending -= queued.size();
    }

    private void toSpill(byte[] line) {
        try {
            spill.append(line);
            spilled.increment();
        } catch (IOException e) {
            drop(line, "queue full and the spill file is unusable: " + e.getMessage());
        }
    }

    private void drop(byte[] line, String reason) {
        dropped.increment();
        listener.dropped(new String(line, StandardCharsets.UTF_8), reason);
    }

    private void refuse(String entry, String reason) {
        refused.increment();
        listener.refused(entry, reason);
    }

    private void refuseLines(Batch part, Map<Integer, String> lines) {
        lines.forEach((line, reason) -> {
            if (line >= 1 && line <= part.size()) {
                refuse(new String(part.lines().get(line - 1), StandardCharsets.UTF_8), reason);
            }
        });
    }

    private static int countInside(Map<Integer, String> lines, int size) {
        return (int) lines.keySet().stream().filter(l -> l >= 1 && l <= size).count();
    }

    /** Waits, returning early when the shipper stops. */
    private void pause(Duration delay) {
        try {
            stopLatch.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shipper's settings; only the receiver, the key and the spill directory are required. */
    public static final class Builder {
        private final URI receiver;
        private final String writeKey;
        private Path spillDirectory;
        private Path caFile;
        private SSLContext sslContext;
        private int queueCapacity = 10_000;
        private int maxBatchEntries = 1_000;
        private long maxBatchBytes = 4L * 1024 * 1024;
        private int maxEntryBytes = 1024 * 1024;
        private long maxSegmentBytes = 64L * 1024 * 1024;
        private Duration linger = Duration.ofMillis(200);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Backoff backoff = Backoff.defaults();
        private boolean gzip;
        private boolean shutdownHook;
        private HttpClient.Version httpVersion = HttpClient.Version.HTTP_1_1;
        private ShipperListener listener = ShipperListener.NONE;

        private Builder(URI receiver, String writeKey) {
            this.receiver = Objects.requireNonNull(receiver, "receiver");
            this.writeKey = Objects.requireNonNull(writeKey, "writeKey");
        }

        /** Required: where entries wait while the receiver is away; one shipper per directory. */
        public Builder spillDirectory(Path value) { spillDirectory = value; return this; }
        /** Trust exactly the CA certificates in this PEM file (e.g. the {@code ca.pem} of {@code harbour certs init}). */
        public Builder caFile(Path value) { caFile = value; return this; }
        /** Or a complete SSLContext (client certificates, a keystore...); wins over {@link #caFile}. */
        public Builder sslContext(SSLContext value) { sslContext = value; return this; }
        /** Entries held in memory before spilling to disk (default 10,000). */
        public Builder queueCapacity(int value) { queueCapacity = positive(value, "queueCapacity"); return this; }
        /** At most this many entries per request (default 1,000). */
        public Builder maxBatchEntries(int value) { maxBatchEntries = positive(value, "maxBatchEntries"); return this; }
        /** At most about this many bytes per request before compression (default 4 MiB; the receiver takes 16). */
        public Builder maxBatchBytes(long value) { maxBatchBytes = positive(value, "maxBatchBytes"); return this; }
        /** Larger entries are refused before sending (default 1 MiB, the receiver's limit per log). */
        public Builder maxEntryBytes(int value) { maxEntryBytes = positive(value, "maxEntryBytes"); return this; }
        /** Spill segment size before a new file is started (default 64 MiB). */
        public Builder maxSegmentBytes(long value) { maxSegmentBytes = positive(value, "maxSegmentBytes"); return this; }
        /** How long a batch waits for more entries after its first (default 200 ms). */
        public Builder linger(Duration value) { linger = Objects.requireNonNull(value); return this; }
        public Builder requestTimeout(Duration value) { requestTimeout = Objects.requireNonNull(value); return this; }
        public Builder connectTimeout(Duration value) { connectTimeout = Objects.requireNonNull(value); return this; }
        /** How long {@link Shipper#close()} flushes before leaving the rest in the spill file (default 10 s). */
        public Builder closeTimeout(Duration value) { closeTimeout = Objects.requireNonNull(value); return this; }
        /** Backoff for retries without Retry-After (default 250 ms doubling to 30 s). */
        public Builder backoff(Duration initial, Duration max) { backoff = new Backoff(initial, max); return this; }
        /** Compress request bodies with gzip (default off: most receivers are near, and JSON costs CPU to compress). */
        public Builder gzip(boolean value) { gzip = value; return this; }
        /** Close (flush, then spill the rest) when the JVM exits. */
        public Builder shutdownHook(boolean value) { shutdownHook = value; return this; }
        public Builder httpVersion(HttpClient.Version value) { httpVersion = Objects.requireNonNull(value); return this; }
        public Builder listener(ShipperListener value) { listener = Objects.requireNonNull(value); return this; }

        /**
         * Opens the spill directory (recovering what an earlier run left there, which is sent
         * first) and starts the sender thread.
         *
         * @throws UncheckedIOException when the spill directory or the CA file cannot be used
         */
        public Shipper build() {
            if (spillDirectory == null) {
                throw new IllegalStateException("spillDirectory is required: entries wait there while the receiver is away");
            }
            try {
                return new Shipper(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int positive(int value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static long positive(long value, String name) {
            if (value <= 0) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
