package io.harbour.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.config.ConfigException;
import io.harbour.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexerConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsHaveNoProblems() {
        assertEquals(List.of(), IndexerConfig.defaults().problems());
    }

    @Test
    void fileAndEnvironmentOverrideDefaults() throws Exception {
        Path file = Files.writeString(dir.resolve("indexer.yaml"), String.join("\n",
                "kafka:",
                "  group_id: harbour-eu",
                "  properties:",
                "    security.protocol: SSL",
                "elasticsearch:",
                "  urls: [\"https://es1:9200\", \"https://es2:9200\"]",
                "  username: harbour",
                "  password: secret",
                "bulk:",
                "  flush_interval: PT0.5S",
                "retention:",
                "  default_days: 14",
                "  realms:",
                "    acme: 90",
                ""));
        IndexerConfig c = ConfigLoader.load(file, IndexerConfig.defaults(), "HARBOUR_INDEXER_",
                Map.of("HARBOUR_INDEXER_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092", "HARBOUR_INDEXER_BULK_MAX_OPERATIONS", "500"));
        assertEquals("harbour-eu", c.kafka().groupId());
        assertEquals("k1:9092,k2:9092", c.kafka().bootstrapServers());
        assertEquals(Map.of("security.protocol", "SSL"), c.kafka().properties());
        assertEquals(List.of("https://es1:9200", "https://es2:9200"), c.elasticsearch().urls());
        assertEquals(500, c.bulk().maxOperations());
        assertEquals(Duration.ofMillis(500), c.bulk().flushInterval());
        assertEquals(90, c.retention().daysFor("acme"));
        assertEquals(14, c.retention().daysFor("other"));
        assertEquals("harbour.logharbour", c.kafka().topic(io.harbour.model.LogKind.LOGHARBOUR));
    }

    @Test
    void everyProblemNamesItsKey() throws Exception {
        Path file = Files.writeString(dir.resolve("indexer.yaml"), String.join("\n",
                "kafka:",
                "  bootstrap_servers: ''",
                "  topics: {logharbour: harbour.logharbour, syslog: harbour.syslog}",
                "  dead_letter_topic: harbour.logharbour",
                "  max_poll_records: 0",
                "  properties: {enable.auto.commit: 'true'}",
                "elasticsearch:",
                "  urls: [\"ftp://es:21\"]",
                "  username: harbour",
                "bulk:",
                "  max_operations: 0",
                "  flush_interval: PT0S",
                "retry:",
                "  initial_backoff: PT5S",
                "  max_backoff: PT1S",
                "retention:",
                "  default_days: 0",
                "  realms: {acme: -3}",
                "indices:",
                "  replicas: -1",
                ""));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, IndexerConfig.defaults(), "HARBOUR_INDEXER_", Map.of()));
        List<String> p = e.problems();
        for (String key : List.of("kafka.bootstrap_servers:", "kafka.topics.syslog:", "kafka.dead_letter_topic:", "kafka.max_poll_records:",
                "kafka.properties.enable.auto.commit:", "elasticsearch.urls[0]:", "elasticsearch.password:", "bulk.max_operations:",
                "bulk.flush_interval:", "retry.max_backoff:", "retention.default_days:", "retention.realms.acme:", "indices.replicas:")) {
            assertTrue(p.stream().anyMatch(s -> s.startsWith(key)), key + " missing from " + p);
        }
    }

    @Test
    void anUnknownEnvironmentVariableIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, IndexerConfig.defaults(), "HARBOUR_INDEXER_",
                Map.of("HARBOUR_INDEXER_BULK_MAX_OPS", "5")));
        assertTrue(e.problems().get(0).startsWith("HARBOUR_INDEXER_BULK_MAX_OPS: no such key"), e.problems().toString());
    }

    @Test
    void theHttpSectionIsCheckedWithItsKeysNamed() throws Exception {
        Path file = Files.writeString(dir.resolve("indexer.yaml"), String.join("\n",
                "http:",
                "  host: ' '",
                "  port: 70000",
                "  ready_max_silence: PT0S",
                ""));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, IndexerConfig.defaults(), "HARBOUR_INDEXER_", Map.of()));
        List<String> p = e.problems();
        for (String key : List.of("http.host:", "http.port:", "http.ready_max_silence:")) {
            assertTrue(p.stream().anyMatch(s -> s.startsWith(key)), key + " missing from " + p);
        }
        assertEquals(3, p.size(), p.toString());
        assertEquals(List.of("http.port: must be 0 (any free port) to 65535, not -1"),
                IndexerConfig.defaults().withHttp(new IndexerConfig.Http(true, "0.0.0.0", -1, Duration.ofSeconds(30))).problems());
        assertEquals(List.of("http: required (http.enabled: false switches the operational server off)"),
                IndexerConfig.defaults().withHttp(null).problems());
    }

    @Test
    void aDisabledServerIsNotChecked() throws Exception {
        Path file = Files.writeString(dir.resolve("indexer.yaml"), String.join("\n",
                "http:",
                "  enabled: false",
                "  host: ''",
                "  port: -5",
                ""));
        IndexerConfig c = ConfigLoader.load(file, IndexerConfig.defaults(), "HARBOUR_INDEXER_", Map.of());
        assertFalse(c.http().enabled());
    }

    @Test
    void httpDefaultsEnvironmentAndTheConstructorWithoutIt() {
        IndexerConfig d = IndexerConfig.defaults();
        assertEquals(new IndexerConfig.Http(true, "127.0.0.1", IndexerConfig.Http.DEFAULT_PORT, Duration.ofSeconds(30)), d.http());
        IndexerConfig c = ConfigLoader.load(null, d, "HARBOUR_INDEXER_",
                Map.of("HARBOUR_INDEXER_HTTP_PORT", "0", "HARBOUR_INDEXER_HTTP_HOST", "0.0.0.0", "HARBOUR_INDEXER_HTTP_READY_MAX_SILENCE", "PT1M"));
        assertEquals(new IndexerConfig.Http(true, "0.0.0.0", 0, Duration.ofMinutes(1)), c.http());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, d, "HARBOUR_INDEXER_",
                Map.of("HARBOUR_INDEXER_HTTP_ENABLED", "maybe")));
        assertTrue(e.problems().get(0).startsWith("http.enabled:"), e.problems().toString());
        // Code that builds a configuration by hand (tests, benchmarks) binds no port.
        IndexerConfig byHand = new IndexerConfig(d.kafka(), d.elasticsearch(), d.bulk(), d.retry(), d.join(), d.retention(), d.indices(), d.watermark());
        assertEquals(IndexerConfig.Http.DISABLED, byHand.http());
        assertEquals(List.of(), byHand.problems());
    }
}
