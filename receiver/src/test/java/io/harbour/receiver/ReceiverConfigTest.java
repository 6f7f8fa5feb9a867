package io.harbour.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harbour.config.ConfigException;
import io.harbour.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiverConfigTest {
    private static final String PREFIX = "HARBOUR_RECEIVER_";

    @TempDir
    Path dir;

    @Test
    void defaultsAreValid() {
        assertEquals(ReceiverConfig.defaults(), ConfigLoader.load(null, ReceiverConfig.defaults(), PREFIX, Map.of()));
    }

    @Test
    void fileAndEnvironmentSetNestedKeys() throws Exception {
        Path file = Files.writeString(dir.resolve("receiver.yaml"), String.join("\n",
                "http:", "  port: 9443",
                "kafka:", "  compression: zstd", "  topics:", "    logharbour: lh", ""));
        ReceiverConfig c = ConfigLoader.load(file, ReceiverConfig.defaults(), PREFIX,
                Map.of("HARBOUR_RECEIVER_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092", "HARBOUR_RECEIVER_TLS_CLIENT_AUTH", "require"));
        assertEquals(9443, c.http().port());
        assertEquals("zstd", c.kafka().compression());
        assertEquals("lh", c.kafka().topic(io.harbour.model.LogKind.LOGHARBOUR));
        assertEquals("harbour.extrahop", c.kafka().topic(io.harbour.model.LogKind.EXTRAHOP));
        assertEquals("k1:9092,k2:9092", c.kafka().bootstrapServers());
        assertEquals("require", c.tls().clientAuth());
    }

    @Test
    void badHttpLimitIsReportedUnderItsSection() throws Exception {
        Path file = Files.writeString(dir.resolve("receiver.yaml"), "http:\n  port: 70000\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, ReceiverConfig.defaults(), PREFIX, Map.of()));
        assertEquals(1, e.problems().size());
        assertEquals(true, e.problems().get(0).startsWith("http: ") && e.problems().get(0).contains("port"), e.problems().get(0));
    }

    @Test
    void everyBadValueIsReportedWithItsKey() throws Exception {
        Path file = Files.writeString(dir.resolve("receiver.yaml"), String.join("\n",
                "tls:", "  client_auth: sometimes",
                "kafka:", "  compression: brotli", "  partitions: 0", "  max_in_flight: 6", "  topics:", "    logs: x", ""));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, ReceiverConfig.defaults(), PREFIX, Map.of()));
        assertEquals(List.of(
                "tls.client_auth: must be none, optional or require, not \"sometimes\"",
                "kafka.topics.logs: no such kind of log (logharbour, extrahop, observations)",
                "kafka.partitions: must be at least 1, not 0",
                "kafka.compression: must be one of none, gzip, snappy, lz4, zstd, not \"brotli\"",
                "kafka.max_in_flight: must be 1 to 5 (an idempotent producer keeps order with at most 5), not 6"), e.problems());
    }
}
