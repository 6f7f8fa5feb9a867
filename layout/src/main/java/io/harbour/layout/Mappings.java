package io.harbour.layout;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Field mappings as JSON, for the mapping classes of each kind. Keywords that a sender fills
 * carry {@code ignore_above}: Lucene refuses a term over 32,766 bytes and would refuse the whole
 * document with it; with the limit, an over-long value stays in {@code _source} and only its
 * term is skipped.
 */
public final class Mappings {
    /** Names, ids, classes: longer ones are not worth a term. */
    public static final int IDENTIFIER_CHARS = 1024;
    /** URIs and paths: the most characters that always fit a term (4 bytes per character at worst). */
    public static final int LONG_KEYWORD_CHARS = 8191;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Mappings() {
    }

    public static ObjectNode keyword() {
        return type("keyword").put("ignore_above", IDENTIFIER_CHARS);
    }

    public static ObjectNode longKeyword() {
        return type("keyword").put("ignore_above", LONG_KEYWORD_CHARS);
    }

    public static ObjectNode text() {
        return type("text");
    }

    /** Text with an exact-match {@code .keyword} subfield for terms queries and counts. */
    public static ObjectNode textWithKeyword() {
        ObjectNode text = text();
        text.putObject("fields").set("keyword", keyword());
        return text;
    }

    /** Kept in {@code _source} for reading, never searched: costs no index space. */
    public static ObjectNode storedText() {
        return type("text").put("index", false);
    }

    public static ObjectNode dateNanos() {
        return type("date_nanos");
    }

    public static ObjectNode date() {
        return type("date");
    }

    public static ObjectNode ip() {
        return type("ip");
    }

    public static ObjectNode integer() {
        return type("integer");
    }

    public static ObjectNode longNumber() {
        return type("long");
    }

    public static ObjectNode doubleNumber() {
        return type("double");
    }

    public static ObjectNode bool() {
        return type("boolean");
    }

    /**
     * Any JSON at all, kept in {@code _source} and never parsed: objects, arrays, strings,
     * numbers and null alike (the Elasticsearch reference: a disabled object "will also ignore
     * values that are not JSON objects"). For bodies, headers and fields nobody declared.
     */
    public static ObjectNode opaque() {
        return type("object").put("enabled", false);
    }

    /** An object; add its fields to the returned node's {@code properties}. */
    public static ObjectNode object() {
        ObjectNode object = type("object");
        object.putObject("properties");
        return object;
    }

    /** A nested list: each element is searched as a unit (field and value of one change together). */
    public static ObjectNode nested() {
        ObjectNode nested = type("nested");
        nested.putObject("properties");
        return nested;
    }

    /** The {@code properties} of an {@link #object()} or {@link #nested()}. */
    public static ObjectNode propertiesOf(ObjectNode objectMapping) {
        return (ObjectNode) objectMapping.get("properties");
    }

    private static ObjectNode type(String type) {
        return NODES.objectNode().put("type", type);
    }
}
