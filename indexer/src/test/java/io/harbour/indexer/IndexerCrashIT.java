package io.harbour.indexer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The indexer stopped abruptly three times while records stream in (no flush, no commit on the
 * way out) and started again each time: every distinct log is present once, none missing, none
 * doubled, because offsets only ever covered stored records and ids are deterministic.
 */
@ExtendWith(HarbourStackExtension.class)
class IndexerCrashIT {
    static final int RECORDS = 30_000;

    @Test
    void threeAbruptStopsMidStreamLoseAndDoubleNothing(KafkaBroker kafka, ElasticsearchNode es) throws Exception {
        String realm = "crash";
        try (Harness h = new Harness(kafka, es, "crash")) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(RECORDS);
            long expected = IndexerPipelineIT.mixed(h, realm, RECORDS, records);
            ExecutorService sender = Executors.newSingleThreadExecutor();
            // Records keep arriving throughout: ten slices, a short pause between them.
            Future<?> sending = sender.submit(() -> {
                int slice = RECORDS / 10;
                for (int from = 0; from < RECORDS; from += slice) {
                    h.sendAll(records.subList(from, Math.min(RECORDS, from + slice)));
                    Thread.sleep(300);
                }
                return null;
            });
            Indexer indexer = h.indexer().start();
            for (int crash = 1; crash <= 3; crash++) {
                long floor = expected * crash / 5;
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> h.count(realm) >= floor);
                long before = h.count(realm);
                indexer.crash();
                System.out.printf("crash %d at %d of %d documents%n", crash, before, expected);
                indexer = h.indexer().start();
            }
            sending.get();
            sender.shutdown();
            try (Indexer last = indexer) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> h.count(realm) >= expected);
                await().atMost(Duration.ofSeconds(30)).until(() -> h.committedToTheEnd());
                org.junit.jupiter.api.Assertions.assertNull(last.failure(), "the indexer never gave up");
            }
            assertEquals(expected, h.count(realm), "every distinct log once: none missing, none doubled");
        }
    }
}
