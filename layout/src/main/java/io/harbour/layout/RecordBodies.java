package io.harbour.layout;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.harbour.model.BatchReader;
import io.harbour.model.Checked;
import io.harbour.model.Json;
import io.harbour.model.Problem;
import io.harbour.model.WireFormat;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Reads a record body: exactly one JSON value, as the receiver stores one log per record, checked
 * by the model's format. Not through {@link io.harbour.model.BatchReader}, whose layout guess
 * (one value, array or NDJSON) is for request bodies: it takes a pretty-printed object whose
 * first line ends after a complete member for NDJSON, and an array item stored as sent can look
 * like that.
 */
public final class RecordBodies {
    /**
     * Reads a tree like {@link Json#mapper()} but without the parser's set of names per object: a
     * duplicate name is caught by the tree itself (the object already holds the name) and fails
     * the read, as in the model's {@code BatchReader}. A body it refuses is read again by
     * {@link Json#mapper()}, which refuses it too and words the problem. The parser's name sets
     * were a tenth of the indexer's CPU per entry.
     */
    private static final ObjectMapper FAST = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(BatchReader.DEFAULT_MAX_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private RecordBodies() {
    }

    public static <T> T read(WireFormat<T> format, byte[] body) throws MalformedRecordException {
        JsonNode json = fastTree(body);
        return json != null ? checked(format, json) : read(format, body, Json.mapper());
    }

    /** The one JSON value of {@code body}, or null when the fast reader refuses it (the strict one then says why). */
    private static JsonNode fastTree(byte[] body) {
        try (JsonParser parser = FAST.createParser(body)) {
            JsonNode json = FAST.readTree(parser);
            return json != null && parser.nextToken() == null ? json : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static <T> T read(WireFormat<T> format, byte[] body, ObjectMapper strict) throws MalformedRecordException {
        JsonNode json;
        try (JsonParser parser = strict.createParser(body)) {
            json = strict.readTree(parser);
            if (json == null) {
                throw new MalformedRecordException("empty body: not a " + format.name());
            }
            if (parser.nextToken() != null) {
                throw new MalformedRecordException("more than one JSON value in the body of a " + format.name());
            }
        } catch (IOException e) {
            throw new MalformedRecordException("malformed JSON in the body of a " + format.name() + ": " + e.getMessage(), e);
        }
        return checked(format, json);
    }

    private static <T> T checked(WireFormat<T> format, JsonNode json) throws MalformedRecordException {
        Checked<T> checked = format.read(json, 1);
        if (!checked.isValid()) {
            throw new MalformedRecordException("not a valid " + format.name() + ": "
                    + checked.problems().stream().map(Problem::toString).collect(Collectors.joining("; ")));
        }
        return checked.value();
    }
}
