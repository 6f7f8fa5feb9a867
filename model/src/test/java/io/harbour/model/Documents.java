package io.harbour.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The copied specification documents (see the README beside them) and the examples inside them. */
public final class Documents {
    private Documents() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Documents.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The entries in the reference's "Examples, as emitted" block, one per line. */
    public static List<String> referenceExamples() {
        List<String> examples = new ArrayList<>();
        boolean inJson = false;
        for (String line : text("logharbour-wire-format.md").split("\n")) {
            if (line.startsWith("```")) {
                inJson = !inJson && line.equals("```json");
            } else if (inJson && !line.isBlank()) {
                examples.add(line);
            }
        }
        return examples;
    }

    /** The request and response examples of seed 000, each on one line of the document. */
    public static List<String> extraHopExamples() {
        List<String> examples = new ArrayList<>();
        for (String line : text("extrahop-api-logs-seed-000.txt").split("\n")) {
            if (line.startsWith("{ \"sequence\"")) {
                examples.add(line);
            }
        }
        return examples;
    }

    public static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code json}, writes it back, and requires the same JSON tree, unknown members included. */
    public static <T> T assertRoundTrip(WireFormat<T> format, String json) {
        T value = format.parse(json);
        String written = format.toJson(value);
        assertEquals(tree(json), tree(written), "written back: " + written);
        assertEquals(value, format.parse(written), "read again from: " + written);
        return value;
    }
}
