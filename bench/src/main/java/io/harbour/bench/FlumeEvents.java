package io.harbour.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The same LogHarbour entries as Harbour's NDJSON batches, in the shape Flume's HTTP source reads
 * with its default {@code JSONHandler}: a JSON array of events, {@code [{"headers":{...},"body":"..."}]},
 * each event's body the entry's JSON text as a string (so its quotes are escaped once more). Each
 * event carries the Kafka key Harbour's receiver derives itself ({@code realm|app|class|instance})
 * as the header {@code key}, which Flume's Kafka sink uses as the record key: both peers' records
 * then spread over the partitions alike.
 */
final class FlumeEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlumeEvents() {
    }

    /** The lines from {@code first} (wrapping around), {@code count} of them, as one JSONHandler request body. */
    static byte[] jsonBatch(List<String> lines, int first, int count, String realm) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(count * (lines.get(0).length() + 120));
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < count; i++) {
                String line = lines.get((first + i) % lines.size());
                g.writeStartObject();
                g.writeObjectFieldStart("headers");
                g.writeStringField("key", key(realm, line));
                g.writeEndObject();
                g.writeStringField("body", line);
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The record key Harbour's receiver gives a LogHarbour entry: {@code realm|app|class|instance}. */
    static String key(String realm, String line) {
        try {
            JsonNode entry = JSON.readTree(line);
            return realm + "|" + entry.path("app").asText() + "|" + entry.path("class").asText() + "|" + entry.path("instance").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
