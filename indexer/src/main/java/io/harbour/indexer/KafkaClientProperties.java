package io.harbour.indexer;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The properties of the indexer's three Kafka clients, built from the one {@code kafka} section
 * of the configuration. It exists so that the pass-through properties (security, timeouts) reach
 * each client the same way, while the settings the indexer's guarantees rest on (no auto-commit,
 * earliest reset, idempotent producer with acks=all) are forced here and nowhere else.
 */
final class KafkaClientProperties {
    private KafkaClientProperties() {
    }

    static Properties consumer(IndexerConfig.Kafka kafka) {
        Properties p = known(kafka.properties(), ConsumerConfig.configNames());
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a new group must not skip what was accepted before it
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, kafka.maxPollRecords());
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "harbour-indexer");
        return p;
    }

    static Properties producer(IndexerConfig.Kafka kafka) {
        Properties p = known(kafka.properties(), ProducerConfig.configNames());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "harbour-indexer-dead-letters");
        return p;
    }

    /** For the start-up's admin client, which gets every pass-through property, as it always has. */
    static Properties admin(IndexerConfig.Kafka kafka) {
        Properties p = new Properties();
        p.putAll(kafka.properties());
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return p;
    }

    /** The pass-through properties a client knows, so that none logs warnings about the others' settings. */
    private static Properties known(Map<String, String> properties, Set<String> names) {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            if (names.contains(e.getKey())) {
                p.put(e.getKey(), e.getValue());
            }
        }
        return p;
    }
}
