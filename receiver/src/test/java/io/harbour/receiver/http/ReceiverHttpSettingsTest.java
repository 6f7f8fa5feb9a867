package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReceiverHttpSettingsTest {

    @Test
    void theDefaultsAreTheDocumentedLimits() {
        ReceiverHttpSettings d = ReceiverHttpSettings.defaults();
        assertEquals(16L << 20, d.maxBodyBytes());
        assertEquals(64L << 20, d.maxDecompressedBytes());
        assertEquals(1 << 20, d.maxItemBytes());
        assertEquals(64, d.maxJsonDepth());
        assertEquals(d, d.toBuilder().build());
    }

    @Test
    void everyBadValueIsNamedInOneMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReceiverHttpSettings.defaults().toBuilder()
                .port(70_000).maxItemBytes(0).headerTimeout(Duration.ZERO).maxInFlightBytes(10).build());
        String m = e.getMessage();
        assertTrue(m.contains("port:") && m.contains("maxItemBytes:") && m.contains("headerTimeout:") && m.contains("maxInFlightBytes:"), m);
    }
}
