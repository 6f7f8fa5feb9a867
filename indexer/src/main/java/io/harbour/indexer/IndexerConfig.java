package io.harbour.indexer;

import io.harbour.config.Checked;
import io.harbour.elastic.ElasticsearchSettings;
import io.harbour.layout.RetentionDays;
import io.harbour.model.LogKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The indexer's one configuration: {@code indexer.yaml}, overridden by {@code HARBOUR_INDEXER_*}
 * variables (e.g. {@code HARBOUR_INDEXER_ELASTICSEARCH_URLS}), checked at start by
 * {@link io.harbour.config.ConfigLoader}. Durations are ISO-8601 text ({@code PT5S}).
 *
 * @param kafka         the consumer group, its topics and the dead-letter topic
 * @param elasticsearch where documents go and how long a request may take
 * @param bulk          when a bulk request is sent (count, bytes, time) and how much may be in flight
 * @param retry         backoff for everything retryable (429, 5xx, timeouts, refused connections)
 * @param join          how far apart an ExtraHop request and its response may be and still join, and the grace before a lone half is orphan
 * @param retention     days of daily indices kept, per realm, and how often old ones are looked for
 * @param indices       shards and replicas of the daily indices
 * @param watermark     how often the per-realm watermark is written, and how far it stays behind "now"
 * @param http          the plain-HTTP operational server: {@code /healthz}, {@code /readyz}, {@code /metrics}
 */
public record IndexerConfig(Kafka kafka, ElasticsearchSettings elasticsearch, Bulk bulk, Retry retry, Join join,
                            Retention retention, Indices indices, Watermark watermark, Http http) implements Checked {

    /**
     * A configuration without the operational server ({@link Http#DISABLED}), for code that builds
     * one by hand (tests, benchmarks) and wants no port bound. Files always go through the
     * canonical constructor, with {@link #defaults()}' {@code http} section unless they set one.
     */
    public IndexerConfig(Kafka kafka, ElasticsearchSettings elasticsearch, Bulk bulk, Retry retry, Join join,
                         Retention retention, Indices indices, Watermark watermark) {
        this(kafka, elasticsearch, bulk, retry, join, retention, indices, watermark, Http.DISABLED);
    }

    /** The same configuration with another {@code http} section. */
    public IndexerConfig withHttp(Http http) {
        return new IndexerConfig(kafka, elasticsearch, bulk, retry, join, retention, indices, watermark, http);
    }

    /**
     * @param bootstrapServers the brokers
     * @param groupId          the consumer group; every indexer of one deployment shares it
     * @param topics           ingest topic per kind of log (keys: logharbour, extrahop, observations)
     * @param deadLetterTopic  where records that can never be stored go, with their reason in headers
     * @param deadLetterPartitions partitions of the dead-letter topic when the indexer creates it
     * @param replicationFactor replication of the dead-letter topic when the indexer creates it
     * @param maxPollRecords   records per poll; also bounds how far past the in-flight limit one poll can go
     * @param maxInFlightRecords records read but not yet stored or dead-lettered; past it partitions are paused
     * @param maxInFlightBytes   bytes of those records' bodies; past it partitions are paused (bounded memory)
     * @param commitInterval   how often the safe offsets are committed (and always on revoke and close)
     * @param properties       any other consumer/producer property (security.protocol, sasl.*, ssl.*), passed as is
     */
    public record Kafka(String bootstrapServers, String groupId, Map<String, String> topics, String deadLetterTopic,
                        int deadLetterPartitions, short replicationFactor, int maxPollRecords, int maxInFlightRecords,
                        long maxInFlightBytes, Duration commitInterval, Map<String, String> properties) {

        public String topic(LogKind kind) {
            return topics.getOrDefault(kind.wireName(), kind.defaultTopic());
        }
    }

    /**
     * @param maxOperations          operations per bulk request
     * @param maxBytes               bytes per bulk request
     * @param flushInterval          a partly filled request is sent after this long
     * @param maxConcurrentRequests  bulk requests in flight at once
     */
    public record Bulk(int maxOperations, long maxBytes, Duration flushInterval, int maxConcurrentRequests) {
    }

    /**
     * @param initialBackoff the first wait; each further attempt doubles it, with jitter
     * @param maxBackoff     the longest wait; retries go on for ever at this pace, never dropping anything
     */
    public record Retry(Duration initialBackoff, Duration maxBackoff) {
    }

    /**
     * @param window how far apart (by receive time) a request and its response may be and still join
     * @param grace  how far receive times may run out of order in a partition; a lone half is orphan after window plus grace
     */
    public record Join(Duration window, Duration grace) {
    }

    /**
     * @param defaultDays   days kept for a realm not named in {@code realms}
     * @param realms        days kept per realm
     * @param checkInterval how often the indexer looks for indices past their limit
     * @param enabled       whether the indexer deletes them itself (off when an operator runs retention apart)
     */
    public record Retention(int defaultDays, Map<String, Integer> realms, Duration checkInterval, boolean enabled) {

        public int daysFor(String realm) {
            return realms.getOrDefault(realm, defaultDays);
        }
    }

    /**
     * @param shards   primary shards of each daily index
     * @param replicas replicas of each daily index (0 on one node)
     */
    public record Indices(int shards, int replicas) {
    }

    /**
     * @param interval how often the watermark of each realm is written
     * @param grace    how long after its receive time a record may still reach Kafka (the receiver's
     *                 delivery deadline plus clock skew between receivers): a caught-up partition vouches
     *                 only for receive times older than "now" minus this
     */
    public record Watermark(Duration interval, Duration grace) {
    }

    /**
     * @param enabled            whether the indexer serves {@code /healthz}, {@code /readyz} and {@code /metrics} at all
     * @param host               the address to bind ({@code 0.0.0.0} in a container, so Prometheus and the engine reach it)
     * @param port               the port; 0 picks a free one ({@link Indexer#httpAddress()} tells which)
     * @param readyMaxSilence    {@code /readyz} answers 503 once Elasticsearch or Kafka has not answered the
     *                           indexer's probe for this long (probed every 5 s, or a third of this if shorter)
     */
    public record Http(boolean enabled, String host, int port, Duration readyMaxSilence) {
        public static final int DEFAULT_PORT = 9400;
        public static final Http DISABLED = new Http(false, "127.0.0.1", 0, Duration.ofSeconds(30));

        /** Enabled on {@code host:port} with the default silence. */
        public static Http on(String host, int port) {
            return new Http(true, host, port, Duration.ofSeconds(30));
        }
    }

    public static IndexerConfig defaults() {
        return new IndexerConfig(
                new Kafka("127.0.0.1:9092", "harbour-indexer",
                        Map.of(LogKind.LOGHARBOUR.wireName(), LogKind.LOGHARBOUR.defaultTopic(),
                                LogKind.EXTRAHOP.wireName(), LogKind.EXTRAHOP.defaultTopic(),
                                LogKind.OBSERVATIONS.wireName(), LogKind.OBSERVATIONS.defaultTopic()),
                        io.harbour.layout.DeadLetters.TOPIC, 3, (short) 1, 2000, 20_000, 64L * 1024 * 1024, Duration.ofSeconds(1), Map.of()),
                ElasticsearchSettings.local("http://127.0.0.1:9200"),
                new Bulk(2000, 5L * 1024 * 1024, Duration.ofMillis(200), 2),
                new Retry(Duration.ofMillis(200), Duration.ofSeconds(10)),
                new Join(io.harbour.indexer.exchange.JoinSettings.DEFAULT_WINDOW, io.harbour.indexer.exchange.JoinSettings.DEFAULT_GRACE),
                new Retention(30, Map.of(), Duration.ofHours(1), true),
                new Indices(1, 0),
                new Watermark(Duration.ofSeconds(5), Duration.ofSeconds(15)),
                Http.on("127.0.0.1", Http.DEFAULT_PORT));
    }

    @Override
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (kafka == null) {
            p.add("kafka: required");
        } else {
            kafkaProblems(p);
        }
        if (elasticsearch == null) {
            p.add("elasticsearch: required");
        } else {
            p.addAll(elasticsearch.problems("elasticsearch"));
        }
        if (bulk == null) {
            p.add("bulk: required");
        } else {
            if (bulk.maxOperations() < 1) {
                p.add("bulk.max_operations: must be at least 1, not " + bulk.maxOperations());
            }
            if (bulk.maxBytes() < 1024) {
                p.add("bulk.max_bytes: must be at least 1024, not " + bulk.maxBytes());
            }
            positive(p, "bulk.flush_interval", bulk.flushInterval());
            if (bulk.maxConcurrentRequests() < 1) {
                p.add("bulk.max_concurrent_requests: must be at least 1, not " + bulk.maxConcurrentRequests());
            }
        }
        if (retry == null) {
            p.add("retry: required");
        } else {
            positive(p, "retry.initial_backoff", retry.initialBackoff());
            positive(p, "retry.max_backoff", retry.maxBackoff());
            if (retry.initialBackoff() != null && retry.maxBackoff() != null && retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
                p.add("retry.max_backoff: must not be shorter than retry.initial_backoff");
            }
        }
        if (join == null) {
            p.add("join: required");
        } else {
            positive(p, "join.window", join.window());
            notNegative(p, "join.grace", join.grace(), "PT1M");
        }
        if (retention == null) {
            p.add("retention: required");
        } else {
            RetentionDays.check("retention", retention.defaultDays(), retention.realms(), p);
            positive(p, "retention.check_interval", retention.checkInterval());
        }
        if (indices == null) {
            p.add("indices: required");
        } else {
            if (indices.shards() < 1) {
                p.add("indices.shards: must be at least 1, not " + indices.shards());
            }
            if (indices.replicas() < 0) {
                p.add("indices.replicas: must not be negative");
            }
        }
        if (watermark == null) {
            p.add("watermark: required");
        } else {
            positive(p, "watermark.interval", watermark.interval());
            notNegative(p, "watermark.grace", watermark.grace(), "PT15S");
        }
        if (http == null) {
            p.add("http: required (http.enabled: false switches the operational server off)");
        } else if (http.enabled()) {
            if (http.host() == null || http.host().isBlank()) {
                p.add("http.host: required while http.enabled is true (e.g. 0.0.0.0 or 127.0.0.1)");
            }
            if (http.port() < 0 || http.port() > 65535) {
                p.add("http.port: must be 0 (any free port) to 65535, not " + http.port());
            }
            positive(p, "http.ready_max_silence", http.readyMaxSilence());
        }
        return p;
    }

    private void kafkaProblems(List<String> p) {
        if (kafka.bootstrapServers() == null || kafka.bootstrapServers().isBlank()) {
            p.add("kafka.bootstrap_servers: must name at least one broker (host:port)");
        }
        if (kafka.groupId() == null || kafka.groupId().isBlank()) {
            p.add("kafka.group_id: required");
        }
        if (kafka.topics() == null || kafka.topics().isEmpty()) {
            p.add("kafka.topics: must name at least one ingest topic");
        } else {
            kafka.topics().forEach((kind, topic) -> {
                if (LogKind.parse(kind).isEmpty()) {
                    p.add("kafka.topics." + kind + ": no such kind of log (logharbour, extrahop, observations)");
                }
                if (topic == null || topic.isBlank()) {
                    p.add("kafka.topics." + kind + ": must name a topic");
                }
            });
        }
        if (kafka.deadLetterTopic() == null || kafka.deadLetterTopic().isBlank()) {
            p.add("kafka.dead_letter_topic: required");
        } else if (kafka.topics() != null && kafka.topics().containsValue(kafka.deadLetterTopic())) {
            p.add("kafka.dead_letter_topic: must differ from every ingest topic, or dead letters come back round");
        }
        if (kafka.deadLetterPartitions() < 1) {
            p.add("kafka.dead_letter_partitions: must be at least 1, not " + kafka.deadLetterPartitions());
        }
        if (kafka.replicationFactor() < 1) {
            p.add("kafka.replication_factor: must be at least 1, not " + kafka.replicationFactor());
        }
        if (kafka.maxPollRecords() < 1) {
            p.add("kafka.max_poll_records: must be at least 1, not " + kafka.maxPollRecords());
        }
        if (kafka.maxInFlightRecords() < kafka.maxPollRecords()) {
            p.add("kafka.max_in_flight_records: must be at least kafka.max_poll_records (" + kafka.maxPollRecords() + "), not " + kafka.maxInFlightRecords());
        }
        if (kafka.maxInFlightBytes() < 1024 * 1024) {
            p.add("kafka.max_in_flight_bytes: must be at least 1048576, not " + kafka.maxInFlightBytes());
        }
        positive(p, "kafka.commit_interval", kafka.commitInterval());
        if (kafka.properties() != null) {
            for (String owned : List.of("enable.auto.commit", "group.id", "bootstrap.servers", "key.deserializer", "value.deserializer")) {
                if (kafka.properties().containsKey(owned)) {
                    p.add("kafka.properties." + owned + ": set by the indexer itself (offsets are committed only once stored)");
                }
            }
        }
    }

    private static void positive(List<String> p, String key, Duration d) {
        if (d == null) {
            p.add(key + ": required (ISO-8601, e.g. PT5S)");
        } else if (d.isZero() || d.isNegative()) {
            p.add(key + ": must be positive, not " + d);
        }
    }

    /** A grace period: zero is allowed, missing or negative is not. */
    private static void notNegative(List<String> p, String key, Duration d, String example) {
        if (d == null || d.isNegative()) {
            p.add(key + ": required, not negative (e.g. " + example + ")");
        }
    }
}
