package io.harbour.layout;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
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
    private RecordBodies() {
    }

    public static <T> T read(WireFormat<T> format, byte[] body) throws MalformedRecordException {
        JsonNode json;
        try (JsonParser parser = Json.mapper().createParser(body)) {
            json = Json.mapper().readTree(parser);
            if (json == null) {
                throw new MalformedRecordException("empty body: not a " + format.name());
            }
            if (parser.nextToken() != null) {
                throw new MalformedRecordException("more than one JSON value in the body of a " + format.name());
            }
        } catch (IOException e) {
            throw new MalformedRecordException("malformed JSON in the body of a " + format.name() + ": " + e.getMessage(), e);
        }
        Checked<T> checked = format.read(json, 1);
        if (!checked.isValid()) {
            throw new MalformedRecordException("not a valid " + format.name() + ": "
                    + checked.problems().stream().map(Problem::toString).collect(Collectors.joining("; ")));
        }
        return checked.value();
    }
}
