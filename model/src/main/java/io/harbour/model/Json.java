package io.harbour.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Jackson configuration every module shares, and small helpers for messages and paths. */
public final class Json {
    private static final int QUOTE_LIMIT = 64;
    private static final ObjectMapper MAPPER = newMapper(BatchReader.DEFAULT_MAX_DEPTH);

    private Json() {
    }

    /**
     * The shared mapper. Floats are read as exact decimals and duplicate names are an error, so
     * what is checked, stored and written back is exactly what the sender meant. It is shared:
     * do not reconfigure it; take {@link #newMapper(int)} to change anything.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A new mapper configured like {@link #mapper()}, refusing nesting deeper than
     * {@code maxNestingDepth}. Jackson's other read limits (string, number and name lengths)
     * stay at their defaults; the receiver bounds the body size before any parsing.
     */
    public static ObjectMapper newMapper(int maxNestingDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    /**
     * Like {@link #newMapper(int)} for reading trees only, but cheaper: the parser keeps no set of
     * names per object; a duplicate name is caught by the tree itself (the object already holds
     * the name) and fails the read. Its error messages differ from the strict mapper's, so a
     * caller re-reads a failed input with {@link #newMapper(int)} to report the exact problem.
     */
    static ObjectMapper newTreeMapper(int maxNestingDepth) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .build();
    }

    /** The JSON type of a node as a sender would name it: object, array, string, number, boolean, null. */
    public static String kind(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT: return "object";
            case ARRAY: return "array";
            case STRING: return "string";
            case NUMBER: return "number";
            case BOOLEAN: return "boolean";
            case NULL: return "null";
            default: return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A value quoted for a message; long values are cut so one bad field cannot flood a report. */
    public static String quote(String value) {
        String shown = value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) : value;
        String quoted = '"' + new String(JsonStringEncoder.getInstance().quoteAsString(shown)) + '"';
        return value.length() > QUOTE_LIMIT ? quoted + "..." : quoted;
    }

    /** A scalar's JSON text for a message, cut like {@link #quote}: a number may have 1000 digits. */
    public static String shown(JsonNode scalar) {
        String text = scalar.asText();
        return text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text;
    }

    /** Sets {@code name} unless {@code value} is null: absent stays absent when writing back. */
    public static void putIfPresent(ObjectNode target, String name, String value) {
        if (value != null) {
            target.put(name, value);
        }
    }

    public static void putIfPresent(ObjectNode target, String name, JsonNode value) {
        if (value != null) {
            target.set(name, value);
        }
    }

    public static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    public static String path(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
