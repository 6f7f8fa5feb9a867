package io.harbour.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DependencyProbeTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DependencyProbe probe = new DependencyProbe(now::get, null, false);
    private static final Duration SILENCE = Duration.ofSeconds(30);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void bothAnsweringRecentlyIsNoProblem() {
        advance(Duration.ofSeconds(29));
        assertEquals(Optional.empty(), probe.problem(SILENCE), "within the silence allowed from the start");
        probe.checkElasticsearch(() -> { });
        probe.checkKafka(() -> { });
        advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), probe.problem(SILENCE));
    }

    @Test
    void aServerSilentForLongerIsNamedWithItsLastFailure() {
        advance(Duration.ofSeconds(20));
        probe.checkKafka(() -> { });
        probe.checkElasticsearch(() -> {
            throw new IOException("refused", new ConnectException("Connection refused"));
        });
        advance(Duration.ofSeconds(11));
        assertEquals(Optional.of("Elasticsearch has not answered for 31 s (java.io.IOException: refused <- java.net.ConnectException: Connection refused)"),
                probe.problem(SILENCE));
        advance(Duration.ofSeconds(20));
        assertEquals(Optional.of("Elasticsearch has not answered for 51 s (java.io.IOException: refused <- java.net.ConnectException: Connection refused); "
                + "Kafka has not answered for 31 s"), probe.problem(SILENCE));
        // An answer clears both the silence and the failure.
        probe.checkElasticsearch(() -> { });
        probe.checkKafka(() -> { });
        assertEquals(Optional.empty(), probe.problem(SILENCE));
    }
}
