package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentEncodingTest {
    private final InFlightBudget budget = new InFlightBudget(1 << 30);

    @ParameterizedTest
    @CsvSource({"gzip,GZIP", "GZip,GZIP", "x-gzip,GZIP", "identity,IDENTITY", "' ',IDENTITY", "br,", "deflate,", "'gzip, br',"})
    void namesTheCodingsItReads(String header, ContentEncoding expected) {
        assertEquals(Optional.ofNullable(expected), ContentEncoding.parse(header));
    }

    @Test
    void noHeaderIsIdentity() {
        assertEquals(Optional.of(ContentEncoding.IDENTITY), ContentEncoding.parse(null));
    }

    @Test
    void concatenatedGzipMembersInflateToTheirConcatenation() {
        byte[] a = IngestHandlerTest.gzip("{\"a\":1}\n".getBytes(StandardCharsets.UTF_8));
        byte[] b = IngestHandlerTest.gzip("{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        byte[] out = ContentEncoding.GZIP.decode(both, 1000, budget.open(), Duration.ofSeconds(1));
        assertArrayEquals("{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8), out);
    }

    @Test
    void inflatingStopsAtTheLimitExactlyAndCountsWhatItHolds() {
        byte[] data = new byte[1000];
        InFlightBudget.Reservation exact = budget.open();
        assertEquals(1000, ContentEncoding.GZIP.decode(IngestHandlerTest.gzip(data), 1000, exact, Duration.ofSeconds(1)).length);
        assertEquals(1000, exact.held(), "only the exact-size result stays counted");
        HttpRefusal over = assertThrows(HttpRefusal.class,
                () -> ContentEncoding.GZIP.decode(IngestHandlerTest.gzip(new byte[1001]), 1000, budget.open(), Duration.ofSeconds(1)));
        assertEquals(413, over.status().code());
    }

    @Test
    void aBudgetThatCannotHoldTheInflatedBytesRefusesWith429() {
        InFlightBudget tiny = new InFlightBudget(10_000);
        HttpRefusal busy = assertThrows(HttpRefusal.class,
                () -> ContentEncoding.GZIP.decode(IngestHandlerTest.gzip(new byte[50_000]), 1 << 20, tiny.open(), Duration.ofSeconds(2)));
        assertEquals(429, busy.status().code());
        assertEquals(Duration.ofSeconds(2), busy.retryAfter());
    }

    @Test
    void aTruncatedStreamIs400() {
        byte[] whole = IngestHandlerTest.gzip(new byte[5000]);
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 6);
        HttpRefusal bad = assertThrows(HttpRefusal.class, () -> ContentEncoding.GZIP.decode(cut, 1 << 20, budget.open(), Duration.ofSeconds(1)));
        assertEquals("invalid_gzip", bad.code());
    }
}
