package io.harbour.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where this machine keeps the Kafka broker's jars and the unpacked Elasticsearch distribution.
 * The Maven build writes the locations into {@code harbour-stack.properties}; the environment
 * variables {@code HARBOUR_KAFKA_LIBS} and {@code HARBOUR_ES_HOME} override them, for a launcher
 * installed somewhere the build did not run.
 */
public record Distributions(Path kafkaLibs, String kafkaVersion, Path elasticsearchHome, String elasticsearchVersion) {

    public static Distributions fromBuild() {
        return fromBuild(System.getenv());
    }

    static Distributions fromBuild(Map<String, String> env) {
        Properties p = new Properties();
        try (InputStream in = Distributions.class.getResourceAsStream("/harbour-stack.properties")) {
            if (in == null) {
                throw new IllegalStateException("harbour-stack.properties is missing from the classpath: build the stack module with Maven");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path libs = Path.of(env.getOrDefault("HARBOUR_KAFKA_LIBS", p.getProperty("kafka.libs")));
        Path esHome = Path.of(env.getOrDefault("HARBOUR_ES_HOME", p.getProperty("elasticsearch.home")));
        return new Distributions(libs, p.getProperty("kafka.version"), esHome, p.getProperty("elasticsearch.version"));
    }

    /** Fails with a message that says which distribution is missing and how to get it. */
    public Distributions checked() {
        if (!Files.isRegularFile(kafkaLibs.resolve("kafka_2.13-" + kafkaVersion + ".jar"))) {
            throw new IllegalStateException("Kafka broker jars not found in " + kafkaLibs
                    + ": run `mvn -B install -DskipTests` (the kafka-dist module gathers them) or set HARBOUR_KAFKA_LIBS");
        }
        if (!Files.isExecutable(elasticsearchHome.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("Elasticsearch distribution not found in " + elasticsearchHome
                    + ": run `mvn -B install -DskipTests` (the stack module unpacks it) or set HARBOUR_ES_HOME");
        }
        return this;
    }
}
