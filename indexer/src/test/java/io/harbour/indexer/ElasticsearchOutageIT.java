package io.harbour.indexer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Elasticsearch stopped for 30 s while records stream in: the indexer waits (partitions paused,
 * retries with backoff, offsets held), never dies, and once the node is back stores everything.
 */
@ExtendWith(HarbourStackExtension.class)
class ElasticsearchOutageIT {
    static final int RECORDS = 20_000;
    static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void theIndexerWaitsOutAnOutageAndLosesNothing(KafkaBroker kafka, ElasticsearchNode es) throws Exception {
        String realm = "outage";
        try (Harness h = new Harness(kafka, es, "outage")) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(RECORDS);
            long expected = IndexerPipelineIT.mixed(h, realm, RECORDS, records);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ExecutorService sender = Executors.newSingleThreadExecutor();
            try (Indexer indexer = h.indexer(registry).start()) {
                // A steady stream over about a minute, so records arrive before, during and after the outage.
                Future<?> sending = sender.submit(() -> {
                    int slice = RECORDS / 40;
                    for (int from = 0; from < RECORDS; from += slice) {
                        h.sendAll(records.subList(from, Math.min(RECORDS, from + slice)));
                        Thread.sleep(1500);
                    }
                    return null;
                });
                await().atMost(Duration.ofMinutes(1)).until(() -> {
                    if (sending.isDone()) {
                        sending.get(); // a failed sender fails the test with its own exception
                    }
                    return h.count(realm) >= expected / 10;
                });
                long storedBefore = h.count(realm);
                es.stop();
                long outageBegan = System.nanoTime();
                Map<TopicPartition, Long> committedAtStop = h.committed();
                Thread.sleep(OUTAGE.toMillis() / 2);
                assertTrue(indexer.isRunning(), "no crash while Elasticsearch is away");
                await().atMost(OUTAGE).until(() -> registry.get("harbour.indexer.retries").counter().count() > 0);
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - outageBegan) / 1_000_000));
                Map<TopicPartition, Long> committedDuring = h.committed();
                long stoppedSeconds = (System.nanoTime() - outageBegan) / 1_000_000_000L;
                es.start();
                System.out.printf("node stopped %d s (%d s until healthy again): %d documents stored before, committed offsets %d at the stop and %d before the restart%n",
                        stoppedSeconds, (System.nanoTime() - outageBegan) / 1_000_000_000L, storedBefore, sum(committedAtStop), sum(committedDuring));
                assertTrue(sum(committedDuring) - sum(committedAtStop) <= RECORDS / 10,
                        "offsets barely move while nothing can be stored (only what was in flight when the node went)");
                sending.get();
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> h.count(realm) >= expected);
                await().atMost(Duration.ofSeconds(30)).until(() -> h.committedToTheEnd());
                assertTrue(indexer.isRunning());
                assertNull(indexer.failure());
            } finally {
                sender.shutdownNow();
                if (!es.isRunning()) {
                    es.start();
                }
            }
            assertEquals(expected, h.count(realm), "nothing lost, nothing doubled");
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
