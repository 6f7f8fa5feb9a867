package io.harbour.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * What {@code harbour up} printed, as JSON in {@code <state>/harbour-up.json}, for scripts:
 * the addresses of every running part, the CA file to trust, and development keys and tokens as
 * they exist. Written when the stack is ready, removed when it stops. The format is documented
 * in the README; add fields, never rename them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UpState(
        @JsonProperty("pid") long pid,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("state_dir") String stateDir,
        @JsonProperty("kafka_bootstrap_servers") String kafkaBootstrapServers,
        @JsonProperty("elasticsearch_url") String elasticsearchUrl,
        @JsonProperty("ca_file") String caFile,
        @JsonProperty("services") Map<String, String> services,
        @JsonProperty("write_key") String writeKey,
        @JsonProperty("query_token") String queryToken,
        @JsonProperty("query_token_file") String queryTokenFile) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void write(Path file) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), this);
            // Readers never see half a file.
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static UpState read(Path file) {
        try {
            return JSON.readValue(file.toFile(), UpState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (is `harbour up` running?)", e);
        }
    }
}
