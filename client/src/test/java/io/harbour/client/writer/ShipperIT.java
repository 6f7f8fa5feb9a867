package io.harbour.client.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The writer against a real receiver and a real Kafka broker, the receiver going away and coming back. */
@ExtendWith(HarbourStackExtension.class)
class ShipperIT {
    @TempDir
    Path dir;

    private Shipper.Builder shipper(LiveReceiver receiver, Path spill, RecordingListener recorder) {
        return Shipper.builder(receiver.uri(), receiver.writeKey)
                .caFile(receiver.caFile)
                .spillDirectory(spill)
                .listener(recorder)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    private static void awaitEnqueued(Shipper shipper, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (shipper.stats().enqueued() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("writer stalled at " + shipper.stats());
            }
            Thread.sleep(5);
        }
    }

    /**
     * The promise: nothing lost, nothing doubled. Kafka may hold a second copy of an entry
     * whose 202 was lost in an outage (at least once); what must hold is that the indexer makes
     * exactly one document of each entry, so the test ends at the documents, not at Kafka.
     */
    @Test
    void fiftyThousandEntriesWithTheReceiverStoppedAndStartedTwiceBecomeFiftyThousandDocuments(KafkaBroker broker,
                                                                                               ElasticsearchNode node) throws Exception {
        int total = 50_000;
        String app = "ShipperIT-" + UUID.randomUUID();
        RecordingListener recorder = new RecordingListener();
        Set<String> written = ConcurrentHashMap.newKeySet();
        try (LiveReceiver receiver = new LiveReceiver(dir, broker.bootstrapServers()).start()) {
            Shipper shipper = shipper(receiver, dir.resolve("spill"), recorder)
                    .queueCapacity(2_000).maxBatchEntries(500).linger(Duration.ofMillis(20)).build();
            EntrySink recording = entry -> {
                written.add(entry.id());
                shipper.write(entry);
            };
            Logger logger = Logger.create(LoggerContext.defaults(), app, recording).withModule("orders").withWho("jim")
                    .withClass("Order").withRemoteIP("203.0.113.45").withTraceId("trace-it");
            // The application thread writes at a steady pace (about 10 s in all) and must never stall.
            long[] slowestCallNanos = {0};
            Thread application = new Thread(() -> {
                for (int i = 0; i < total; i++) {
                    long t0 = System.nanoTime();
                    logger.withInstanceId(Integer.toString(i)).logActivity("order " + i + " updated", Map.of("n", i));
                    slowestCallNanos[0] = Math.max(slowestCallNanos[0], System.nanoTime() - t0);
                    if (i % 50 == 49) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "application");
            application.start();

            long started = System.nanoTime();
            for (long at : new long[] {10_000, 30_000}) {
                awaitEnqueued(shipper, at);
                receiver.stop();
                Thread.sleep(1_500);
                receiver.start();
            }
            application.join();
            assertTrue(shipper.flush(Duration.ofMinutes(3)), "not everything delivered: " + shipper.stats());
            double seconds = (System.nanoTime() - started) / 1e9;
            ShipperStats stats = shipper.stats();
            shipper.close();

            assertEquals(total, written.size());
            assertEquals(total, stats.enqueued());
            assertEquals(0, stats.refused(), recorder.refused.toString());
            assertEquals(0, stats.dropped(), recorder.dropped.toString());
            assertEquals(0, stats.pending());
            assertTrue(stats.delivered() >= total, stats.toString());
            assertTrue(stats.retries() > 0 && stats.spilled() > 0,
                    "the receiver was away twice, so requests failed and entries went to the spill file: " + stats);

            List<String> inKafka = receiver.idsInKafka(app);
            Set<String> distinct = new HashSet<>(inKafka);
            Set<String> missing = new HashSet<>(written);
            missing.removeAll(distinct);
            assertEquals(Set.of(), missing.size() > 20 ? Set.of(missing.size() + " ids") : missing, "entries missing from Kafka");
            assertEquals(written, distinct, "Kafka holds exactly the ids written, nothing else");
            int duplicates = inKafka.size() - distinct.size();
            Map<String, Integer> copies = new HashMap<>();
            inKafka.forEach(id -> copies.merge(id, 1, Integer::sum));
            // Kafka duplicates are information, not a failure: a resend after a lost 202 is allowed (at least once).
            System.out.printf("ShipperIT: %d entries in %.1f s with two receiver outages: %d records in Kafka, %d distinct ids, "
                            + "%d duplicate records (resends after a lost 202), most copies of one id %d, delivered=%d, "
                            + "spilled=%d, retries=%d, slowest log call %.1f ms, problems reported %d (first: %s)%n",
                    total, seconds, inKafka.size(), distinct.size(), duplicates, Collections.max(copies.values()),
                    stats.delivered(), stats.spilled(), stats.retries(), slowestCallNanos[0] / 1e6, recorder.problems.size(),
                    recorder.problems.peek());
            // The slowest log call is printed above, not asserted: the README keeps timings out of assertions.

            // Every record, duplicates included, through the real indexer into the real node.
            try (LiveIndexer indexer = new LiveIndexer(broker.bootstrapServers(), node.httpUri())) {
                indexer.awaitCaughtUp();
                assertEquals(total, indexer.count(LiveReceiver.REALM, app), "documents of the run");
                List<String> documents = indexer.ids(LiveReceiver.REALM, app);
                Map<String, Integer> documentsPerId = new HashMap<>();
                documents.forEach(id -> documentsPerId.merge(id, 1, Integer::sum));
                documentsPerId.values().removeIf(n -> n == 1);
                assertEquals(Map.of(), documentsPerId, "ids with more than one document");
                assertEquals(written, new HashSet<>(documents), "one document for each id written, and no other");
                System.out.printf("ShipperIT: %d Kafka records of the run became %d documents, one per id%n", inKafka.size(),
                        documents.size());
            }
        }
    }

    /**
     * A receiver with room for one batch in flight (its in-flight limit, 16 KiB, is less than two of
     * the writers' batches) answers 429 with {@code Retry-After: 1} to the writers that send at
     * the same moment; they wait that second, send again, and every entry arrives exactly once.
     */
    @Test
    void writersTurnedAwayWith429WaitForRetryAfterAndDeliverEveryEntryOnce(KafkaBroker broker) throws Exception {
        int writers = 6;
        int perWriter = 1_000;
        long inFlightLimit = 16 * 1024;
        String app = "ShipperIT-429-" + UUID.randomUUID();
        Set<String> written = ConcurrentHashMap.newKeySet();
        List<RecordingListener> recorders = new ArrayList<>();
        List<Shipper> shippers = new ArrayList<>();
        try (LiveReceiver receiver = new LiveReceiver(dir, broker.bootstrapServers(),
                http -> http.maxBodyBytes(inFlightLimit).maxInFlightBytes(inFlightLimit)).start()) {
            for (int w = 0; w < writers; w++) {
                RecordingListener recorder = new RecordingListener();
                recorders.add(recorder);
                // Batches of at most 10 KiB: more than half the limit, so two never fit at once, and
                // small enough that the whole request is read before the 429 (no reset of unread bytes).
                // A backoff of at most 50 ms, so a wait of 1000 ms can only be the receiver's Retry-After.
                shippers.add(shipper(receiver, dir.resolve("spill-" + w), recorder)
                        .maxBatchBytes(10 * 1024).linger(Duration.ofMillis(5))
                        .backoff(Duration.ofMillis(10), Duration.ofMillis(50)).build());
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> applications = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Shipper shipper = shippers.get(w);
                Logger logger = Logger.create(LoggerContext.defaults(), app, entry -> {
                    written.add(entry.id());
                    shipper.write(entry);
                }).withModule("writer-" + w).withWho("jim").withClass("Order");
                Thread application = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perWriter; i++) {
                        logger.withInstanceId(Integer.toString(i)).logActivity("order " + i + " updated", Map.of("n", i));
                    }
                }, "application-" + w);
                application.start();
                applications.add(application);
            }
            go.countDown();
            for (Thread application : applications) {
                application.join();
            }
            long retries = 0;
            for (Shipper shipper : shippers) {
                assertTrue(shipper.flush(Duration.ofMinutes(3)), "not everything delivered: " + shipper.stats());
                ShipperStats stats = shipper.stats();
                shipper.close();
                assertEquals(perWriter, stats.enqueued());
                assertEquals(0, stats.refused());
                assertEquals(0, stats.dropped());
                assertEquals(0, stats.pending());
                retries += stats.retries();
            }
            List<String> problems = recorders.stream().flatMap(r -> r.problems.stream()).toList();
            List<String> busy = problems.stream().filter(p -> p.startsWith("receiver answered 429")).toList();
            System.out.printf("ShipperIT: %d writers x %d entries through a 16 KiB in-flight limit: %d retries, %d of them 429s "
                    + "(first: %s)%n", writers, perWriter, retries, busy.size(), busy.isEmpty() ? "none" : busy.get(0));
            assertTrue(retries > 0, "the writers were never turned away");
            assertTrue(!busy.isEmpty(), "no 429 reached a writer: " + problems);
            assertEquals(List.of(), busy.stream().filter(p -> !p.endsWith("retrying in 1000 ms")).toList(),
                    "every 429 waited its Retry-After of 1 s, not the backoff");

            List<String> inKafka = receiver.idsInKafka(app);
            assertEquals(writers * perWriter, written.size());
            assertEquals(written, new HashSet<>(inKafka), "Kafka holds exactly the ids written");
            assertEquals(written.size(), inKafka.size(), "and each once: a 429 takes nothing, so its resend is the only copy");
        }
    }

    @Test
    void entriesLeftInTheSpillFileAtCloseAreSentByTheNextShipper(KafkaBroker broker) throws Exception {
        String app = "ShipperIT-restart-" + UUID.randomUUID();
        RecordingListener recorder = new RecordingListener();
        Path spill = dir.resolve("spill");
        List<String> ids = new ArrayList<>();
        try (LiveReceiver receiver = new LiveReceiver(dir, broker.bootstrapServers())) {
            // The receiver is not running at all: everything must wait on disk.
            Shipper first = shipper(receiver, spill, recorder).build();
            Logger logger = Logger.create(LoggerContext.defaults(), app, e -> {
                ids.add(e.id());
                first.write(e);
            });
            for (int i = 0; i < 1_000; i++) {
                logger.logActivity("entry " + i, null);
            }
            first.close(Duration.ofSeconds(2));
            ShipperStats left = first.stats();
            assertEquals(0, left.delivered());
            assertEquals(1_000, left.pendingSpill(), left.toString());
            assertEquals(0, left.dropped());
            assertTrue(recorder.problems.stream().anyMatch(p -> p.contains("no answer from the receiver")), recorder.problems.toString());

            receiver.start();
            Shipper second = shipper(receiver, spill, recorder).build();
            assertEquals(1_000, second.recovery().entries());
            assertEquals(0, second.recovery().tornBytesDiscarded());
            assertTrue(second.flush(Duration.ofSeconds(60)), second.stats().toString());
            assertEquals(1_000, second.stats().delivered());
            assertEquals(1_000, second.stats().recovered());
            second.close();
            List<String> inKafka = receiver.idsInKafka(app);
            assertEquals(new HashSet<>(ids), new HashSet<>(inKafka));
            assertEquals(ids, inKafka.stream().distinct().toList(), "sent in the order they were logged (one key, one partition)");
        }
    }

    @Test
    void entriesTheReceiverRefusesAreCountedWithTheirReasonAndTheRestDelivered(KafkaBroker broker) throws Exception {
        String app = "ShipperIT-refused-" + UUID.randomUUID();
        RecordingListener recorder = new RecordingListener();
        try (LiveReceiver receiver = new LiveReceiver(dir, broker.bootstrapServers()).start();
             Shipper shipper = shipper(receiver, dir.resolve("spill"), recorder).gzip(true).build()) {
            Logger logger = shipper.logger(LoggerContext.defaults(), app);
            logger.log("fine 1");
            logger.withRemoteIP("not-an-address").log("bad address");
            logger.withRemoteIP(io.harbour.model.logharbour.LogEntry.LOCAL).log("fine 2");
            logger.logActivity("too big", "x".repeat(1_100_000));
            assertTrue(shipper.flush(Duration.ofSeconds(60)), shipper.stats().toString());
            ShipperStats stats = shipper.stats();
            assertEquals(4, stats.enqueued());
            assertEquals(2, stats.delivered());
            assertEquals(2, stats.refused());
            List<String> reasons = recorder.refused.stream().map(RecordingListener.Report::toString).toList();
            assertTrue(reasons.stream().anyMatch(r -> r.startsWith("remote_ip: ") && r.contains("not-an-address")), reasons.toString());
            assertTrue(reasons.stream().anyMatch(r -> r.contains("more than the 1048576 bytes")), reasons.toString());
            assertEquals(2, new HashSet<>(receiver.idsInKafka(app)).size());
        }
    }
}
