package io.harbour.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One wire format: how a JSON tree becomes a typed value (with every problem found on the way)
 * and how the value becomes JSON again. Reading and checking are one pass, so the rules cannot
 * drift apart; writing puts back every field that was read, unknown ones included.
 */
public interface WireFormat<T> {

    /** A short name for messages, such as {@code "LogHarbour entry"}. */
    String name();

    /** Reads one item; {@code line} is stamped on each problem. Never throws on bad content. */
    Checked<T> read(JsonNode json, int line);

    ObjectNode write(T value);

    /**
     * Parses one JSON document holding exactly one item, for callers that want a value or
     * nothing (the indexer reading a stored record, a client reading an answer).
     *
     * @throws InvalidLogException with every problem, malformed JSON included
     */
    default T parse(byte[] json) {
        Batch<T> batch = BatchReader.standard().read(json, this);
        if (batch.shape() != Batch.Shape.SINGLE) {
            throw new InvalidLogException(List.of(new Problem(1, "",
                    "expected one JSON object, got " + batch.shape().description())));
        }
        BatchItem<T> item = batch.items().get(0);
        if (!batch.isValid()) {
            throw new InvalidLogException(batch.problems());
        }
        return item.value();
    }

    default T parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Compact JSON, one line, no trailing newline. */
    default String toJson(T value) {
        try {
            return Json.mapper().writeValueAsString(write(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
