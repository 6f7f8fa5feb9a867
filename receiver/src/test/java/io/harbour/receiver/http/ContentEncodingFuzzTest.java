package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.harbour.model.BatchReader;
import io.harbour.model.extrahop.ExtraHopLogFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * Fuzzes the receiver's body decoding: {@link ContentEncoding#decode} with a {@link BodyBuffer}
 * limit and the in-flight budget. The property: any bytes sent as gzip either inflate within the
 * limit or are refused with an {@link HttpRefusal} of 400 ({@code invalid_gzip}), 413 or 429, never
 * another exception, and every reserved byte is given back; a valid gzip of the fuzzer's bytes
 * inflates to exactly those bytes, which {@link BatchReader} then reads without throwing.
 */
class ContentEncodingFuzzTest {
    private static final Duration RETRY = Duration.ofSeconds(1);

    @FuzzTest(maxDuration = "10s")
    void gzipBody(FuzzedDataProvider data) {
        long limit = data.consumeLong(0, 1 << 20);
        long budget = data.consumeLong(0, 4L << 20);
        byte[] body = data.consumeRemainingAsBytes();
        decode(body, limit, budget);
    }

    @FuzzTest(maxDuration = "10s")
    void gzipOfValidStream(FuzzedDataProvider data) throws IOException {
        int limit = data.consumeInt(0, 1 << 16);
        byte[] plain = data.consumeRemainingAsBytes();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        }
        byte[] decoded = decode(gz.toByteArray(), limit, Long.MAX_VALUE / 4);
        if (plain.length <= limit) {
            assertArrayEquals(plain, decoded, "valid gzip within the limit inflates to what was compressed");
            BatchReader.standard().read(decoded, ExtraHopLogFormat.INSTANCE);
        } else {
            assertEquals(null, decoded, "past the limit is refused");
        }
    }

    /** The inflated bytes, or null after an allowed refusal. */
    private static byte[] decode(byte[] body, long limit, long budget) {
        InFlightBudget inFlight = new InFlightBudget(budget);
        try (InFlightBudget.Reservation reservation = inFlight.open()) {
            try {
                byte[] out = ContentEncoding.GZIP.decode(body, limit, reservation, RETRY);
                assertTrue(out.length <= limit, "inflated past the limit: " + out.length);
                return out;
            } catch (HttpRefusal e) {
                int status = e.status().code();
                assertTrue(status == 400 || status == 413 || status == 429, "refusal " + status + ": " + e.getMessage());
                assertFalse(e.getMessage() == null || e.getMessage().isBlank());
                return null;
            }
        } finally {
            assertEquals(0, inFlight.used(), "every reserved byte is given back");
        }
    }
}
