package io.harbour.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    record Kafka(String bootstrapServers, int partitions, List<String> topics) {
    }

    record Sample(String name, Kafka kafka, java.time.Duration timeout) implements Checked {
        static Sample defaults() {
            return new Sample("harbour", new Kafka("127.0.0.1:9092", 3, List.of("a", "b")), java.time.Duration.ofSeconds(30));
        }

        @Override
        public List<String> problems() {
            List<String> p = new ArrayList<>();
            if (kafka.partitions() < 1) {
                p.add("kafka.partitions: must be at least 1, not " + kafka.partitions());
            }
            return p;
        }
    }

    @TempDir
    Path dir;

    @Test
    void defaultsStandWhenNothingIsGiven() {
        assertEquals(Sample.defaults(), ConfigLoader.load(null, Sample.defaults(), "H_", Map.of()));
    }

    @Test
    void fileOverridesDefaultsKeyByKeyAndEnvironmentOverridesTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), "kafka:\n  partitions: 6\n  bootstrap_servers: file:9092\n");
        Sample s = ConfigLoader.load(file, Sample.defaults(), "H_", Map.of("H_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "H_KAFKA_TOPICS", "x, y", "OTHER", "1"));
        assertEquals(new Sample("harbour", new Kafka("env:9092", 6, List.of("x", "y")), java.time.Duration.ofSeconds(30)), s);
    }

    @Test
    void durationsAreIsoText() {
        Sample s = ConfigLoader.load(null, Sample.defaults(), "H_", Map.of("H_TIMEOUT", "PT0.5S"));
        assertEquals(java.time.Duration.ofMillis(500), s.timeout());
    }

    @Test
    void unknownKeyInTheFileIsNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), "kafka:\n  bootstrap_server: x\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Sample.defaults(), "H_", Map.of()));
        assertEquals(List.of("kafka.bootstrap_server: unknown key (known here: [bootstrap_servers, partitions, topics])"), e.problems());
    }

    @Test
    void wrongTypeIsNamedWithItsKey() throws Exception {
        Path file = Files.writeString(dir.resolve("s.yaml"), "kafka:\n  partitions: lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Sample.defaults(), "H_", Map.of()));
        assertEquals(1, e.problems().size());
        assertEquals(true, e.problems().get(0).startsWith("kafka.partitions: Cannot deserialize value of type `int` from String \"lots\""), e.problems().get(0));
    }

    @Test
    void unknownEnvironmentVariableWithThePrefixIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Sample.defaults(), "H_", Map.of("H_KAFKA_PARTITION", "2")));
        assertEquals(true, e.problems().get(0).startsWith("H_KAFKA_PARTITION: no such key (known: H_KAFKA_BOOTSTRAP_SERVERS, H_KAFKA_PARTITIONS, H_KAFKA_TOPICS, H_NAME, H_TIMEOUT)"),
                e.problems().get(0));
    }

    @Test
    void theTypesOwnChecksRunLastAndNameTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Sample.defaults(), "H_", Map.of("H_KAFKA_PARTITIONS", "0")));
        assertEquals(List.of("kafka.partitions: must be at least 1, not 0"), e.problems());
        assertEquals(true, e.getMessage().startsWith("invalid configuration (defaults):"), e.getMessage());
    }
}
