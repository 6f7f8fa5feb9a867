package io.harbour.indexer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The indexer's graceful close, as {@code harbour indexer} runs it on SIGTERM (its shutdown hook
 * calls this same {@code close()}): closed mid-stream, it has committed exactly what it stored (the
 * committed offsets equal the documents in Elasticsearch), and a restarted indexer reads exactly the
 * records after those offsets: none read twice across the close, none missing at the end.
 *
 * <p>Also the poll thread's name, which operators see in {@code /proc/<pid>/task/*}/comm} (and
 * which compose.yaml's health check used before the indexer served {@code /readyz}): visible while
 * the indexer runs, and gone after the close.
 */
@ExtendWith(HarbourStackExtension.class)
class IndexerGracefulCloseIT {
    static final int RECORDS = 30_000;

    @Test
    void closedMidStreamItCommitsWhatItStoredAndARestartReadsNothingTwice(KafkaBroker kafka, ElasticsearchNode es) throws Exception {
        String realm = "graceful";
        try (Harness h = new Harness(kafka, es, "graceful")) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(RECORDS);
            long start = Harness.nowNanos();
            for (int i = 0; i < RECORDS; i++) {
                records.add(h.logHarbour(realm, i, start + i * 1000L));
            }
            h.sendAll(records);

            // Counted, not just looked for: other tests in this JVM may leave threads whose names
            // start with harbour-indexer (Linux keeps 15 characters: harbour-indexer-http reads the same).
            Set<String> before = pollThreads();
            SimpleMeterRegistry first = new SimpleMeterRegistry();
            Indexer indexer = h.indexer(first).start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !newThreads(before).isEmpty());
            Set<String> ours = newThreads(before);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> h.count(realm) >= RECORDS / 5);
            indexer.close();
            assertTrue(!indexer.isRunning(), "close() returns after the poll thread has ended");
            // Thread.join returns once the Java thread is TERMINATED, a moment before its native
            // thread has left /proc/self/task: allowed a few seconds for that, not for the thread's work.
            assertNull(indexer.failure());
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
                Set<String> left = pollThreads();
                left.retainAll(ours);
                assertEquals(Set.of(), left, "the poll thread is gone once closed");
            });

            long committed = h.committed().values().stream().mapToLong(Long::longValue).sum();
            long stored = h.count(realm);
            double readBefore = first.get("harbour.indexer.records.read").counter().count();
            System.out.printf("closed at %d stored, %d committed, %.0f read of %d%n", stored, committed, readBefore, RECORDS);
            assertTrue(committed < RECORDS, "the close came mid-stream (" + committed + " of " + RECORDS + ")");
            assertEquals(stored, committed, "the committed offsets cover exactly the documents stored");

            SimpleMeterRegistry second = new SimpleMeterRegistry();
            try (Indexer again = h.indexer(second).start()) {
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> h.count(realm) >= RECORDS);
                await().atMost(Duration.ofSeconds(60)).until(h::committedToTheEnd);
                assertNull(again.failure());
            }
            double readAfter = second.get("harbour.indexer.records.read").counter().count();
            assertEquals(RECORDS - committed, (long) readAfter, "the restart read exactly the records after the committed offsets");
            assertEquals(RECORDS, (long) (readBefore + readAfter), "no record read twice across the close");
            assertEquals(RECORDS, h.count(realm), "every record once");
        }
    }

    private static Set<String> newThreads(Set<String> before) throws IOException {
        Set<String> now = pollThreads();
        now.removeAll(before);
        return now;
    }

    /** Ids of the threads of this process that Linux names harbour-indexer (JVM threads carry their names to Linux, cut to 15 characters). */
    static Set<String> pollThreads() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.filter(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip().equals("harbour-indexer");
                } catch (IOException gone) {
                    return false;
                }
            }).map(t -> t.getFileName().toString()).collect(Collectors.toCollection(HashSet::new));
        }
    }
}
