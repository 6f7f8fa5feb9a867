package io.harbour.realms;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The YAML form of {@link Realms}, read through Jackson's tree rather than data binding so that
 * every problem can name its place in the words of the file ({@code realm "acme":
 * source_ranges[1]}) and all of them are reported at once.
 */
final class RealmFileFormat {
    static final int VERSION = 1;

    private static final String HEADER = """
            # Harbour realms: edited by `harbour realm` and `harbour token`; hand edits work too, and
            # running services pick changes up within a second. Keys and tokens are kept only as
            # SHA-256 hashes: a lost key cannot be recovered, only revoked and replaced.
            """;

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            // A key written twice is a hand edit gone wrong; the last one silently winning could
            // drop a source range or a hash without anyone noticing.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // Without this an id such as 0123456789 would be written bare and read back as a number.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private static final Set<String> TOP_KEYS = Set.of("version", "realms");
    private static final Set<String> REALM_KEYS = Set.of("name", "source_ranges", "require_source_range",
            "client_subjects", "write_keys", "query_tokens");
    private static final Set<String> KEY_KEYS = Set.of("id", "created_at", "description", "sha256");
    private static final Set<String> TOKEN_KEYS = Set.of("id", "created_at", "description", "apps", "classes",
            "capabilities", "debug_ranges", "sha256");

    private final String fileName;
    private final List<String> problems = new ArrayList<>();

    private RealmFileFormat(String fileName) {
        this.fileName = fileName;
    }

    /**
     * @param fileName how messages name the file ({@code realms.yaml})
     * @throws RealmException with every problem, each prefixed with the file name
     */
    static Realms read(byte[] content, String fileName) {
        return new RealmFileFormat(fileName).read(content);
    }

    private Realms read(byte[] content) {
        JsonNode root;
        try {
            root = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            throw new RealmException(fileName + ": not valid YAML" + where(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new RealmException(fileName + ": cannot be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Realms.empty();
        }
        if (!root.isObject()) {
            throw new RealmException(fileName + ": must be a mapping with a realms list");
        }
        checkKeys(root, null, TOP_KEYS);
        JsonNode version = root.get("version");
        if (version != null && !(version.isInt() && version.intValue() == VERSION)) {
            problem(null, "version: must be " + VERSION + ", found " + version.asText());
        }
        List<Realm> realms = new ArrayList<>();
        List<JsonNode> realmNodes = list(root, "realms", null);
        for (int i = 0; i < realmNodes.size(); i++) {
            Realm realm = readRealm(realmNodes.get(i), i);
            if (realm != null) {
                realms.add(realm);
            }
        }
        if (problems.isEmpty()) {
            Realms.problems(realms).forEach(p -> problems.add(fileName + ": " + p));
        }
        if (!problems.isEmpty()) {
            throw new RealmException(problems);
        }
        return Realms.of(realms);
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private Realm readRealm(JsonNode node, int index) {
        String place = "realms[" + index + "]";
        if (!node.isObject()) {
            problem(place, "must be a mapping with a name");
            return null;
        }
        String name = text(node, "name", place, true);
        if (name != null) {
            place = "realm \"" + name + "\"";
        }
        int before = problems.size();
        checkKeys(node, place, REALM_KEYS);
        List<Cidr> ranges = cidrs(node, "source_ranges", place);
        boolean requireRange = bool(node, "require_source_range", place);
        List<String> subjects = strings(node, "client_subjects", place);
        List<WriteKey> keys = new ArrayList<>();
        List<JsonNode> keyNodes = list(node, "write_keys", place);
        for (int i = 0; i < keyNodes.size(); i++) {
            WriteKey key = readWriteKey(keyNodes.get(i), place + ": write_keys[" + i + "]");
            if (key != null) {
                keys.add(key);
            }
        }
        List<QueryToken> tokens = new ArrayList<>();
        List<JsonNode> tokenNodes = list(node, "query_tokens", place);
        for (int i = 0; i < tokenNodes.size(); i++) {
            QueryToken token = readQueryToken(tokenNodes.get(i), place + ": query_tokens[" + i + "]");
            if (token != null) {
                tokens.add(token);
            }
        }
        if (name == null || problems.size() > before) {
            return null;
        }
        return new Realm(name, ranges, requireRange, subjects, keys, tokens);
    }

    private WriteKey readWriteKey(JsonNode node, String place) {
        if (!node.isObject()) {
            problem(place, "must be a mapping with id, created_at and sha256");
            return null;
        }
        int before = problems.size();
        checkKeys(node, place, KEY_KEYS);
        String id = text(node, "id", place, true);
        Instant created = instant(node, place);
        String description = text(node, "description", place, false);
        SecretHash hash = hash(node, place);
        return problems.size() > before ? null : new WriteKey(id, created, description, hash);
    }

    private QueryToken readQueryToken(JsonNode node, String place) {
        if (!node.isObject()) {
            problem(place, "must be a mapping with id, created_at, apps, classes and sha256");
            return null;
        }
        int before = problems.size();
        checkKeys(node, place, TOKEN_KEYS);
        String id = text(node, "id", place, true);
        Instant created = instant(node, place);
        String description = text(node, "description", place, false);
        QueryScope.Allowed apps = allowed(node, "apps", place);
        QueryScope.Allowed classes = allowed(node, "classes", place);
        Set<Capability> capabilities = new LinkedHashSet<>();
        for (String name : strings(node, "capabilities", place)) {
            Capability.named(name).ifPresentOrElse(capabilities::add,
                    () -> problem(place, "capabilities: \"" + name + "\" is not a capability (known: debug)"));
        }
        List<Cidr> debugRanges = cidrs(node, "debug_ranges", place);
        SecretHash hash = hash(node, place);
        if (problems.size() > before) {
            return null;
        }
        try {
            return new QueryToken(id, created, description, new QueryScope(apps, classes, capabilities, debugRanges), hash);
        } catch (IllegalArgumentException e) {
            problem(place, e.getMessage());
            return null;
        }
    }

    private QueryScope.Allowed allowed(JsonNode node, String field, String place) {
        JsonNode value = node.get(field);
        if (value != null && value.isTextual() && value.textValue().equals("all")) {
            return QueryScope.Allowed.ALL;
        }
        if (value == null || !value.isArray() || value.isEmpty()) {
            problem(place, field + ": must be all or a non-empty list of names");
            return null;
        }
        return QueryScope.Allowed.only(strings(node, field, place));
    }

    private Instant instant(JsonNode node, String place) {
        String text = text(node, "created_at", place, true);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            problem(place, "created_at: \"" + text + "\" is not a UTC time such as 2025-01-31T12:00:00Z");
            return null;
        }
    }

    private SecretHash hash(JsonNode node, String place) {
        String text = text(node, "sha256", place, true);
        if (text == null) {
            return null;
        }
        try {
            return SecretHash.fromHex(text);
        } catch (IllegalArgumentException e) {
            problem(place, "sha256: " + e.getMessage());
            return null;
        }
    }

    private List<Cidr> cidrs(JsonNode node, String field, String place) {
        return parsedList(node, field, place, Cidr::parse);
    }

    private List<String> strings(JsonNode node, String field, String place) {
        return parsedList(node, field, place, Function.identity());
    }

    private <T> List<T> parsedList(JsonNode node, String field, String place, Function<String, T> parse) {
        List<T> values = new ArrayList<>();
        List<JsonNode> items = list(node, field, place);
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String itemPlace = field + "[" + i + "]";
            if (!item.isTextual()) {
                problem(place, itemPlace + ": " + notAString(item));
                continue;
            }
            try {
                values.add(parse.apply(item.textValue()));
            } catch (IllegalArgumentException e) {
                problem(place, itemPlace + ": " + e.getMessage());
            }
        }
        return values;
    }

    private List<JsonNode> list(JsonNode node, String field, String place) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            problem(place, field + ": must be a list");
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    private String text(JsonNode node, String field, String place, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problem(place, field + " is missing");
            }
            return null;
        }
        if (!value.isTextual()) {
            problem(place, field + ": " + notAString(value));
            return null;
        }
        return value.textValue();
    }

    /**
     * YAML reads a bare 0123 (octal: 83) or 1e5 as a number, and turning that back into text would not give
     * what was typed; so values that must be strings are never converted, only asked for in quotes.
     */
    private static String notAString(JsonNode value) {
        return value.isValueNode() ? "must be a string; put it in quotes" : "must be a string";
    }

    private boolean bool(JsonNode node, String field, String place) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            problem(place, field + ": must be true or false");
            return false;
        }
        return value.booleanValue();
    }

    private void checkKeys(JsonNode node, String place, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                // A misspelt key (source_range) would otherwise be ignored and quietly change
                // who is let in.
                problem(place, "unknown key \"" + name + "\" (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private void problem(String place, String text) {
        problems.add(fileName + ": " + (place == null ? "" : place + ": ") + text);
    }

    /** The file's text: a header comment, then the realms in a stable field order. */
    static byte[] write(Realms realms) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", VERSION);
        ArrayNode list = root.putArray("realms");
        for (Realm realm : realms.all()) {
            ObjectNode r = list.addObject();
            r.put("name", realm.name());
            addAll(r.putArray("source_ranges"), realm.sourceRanges());
            r.put("require_source_range", realm.requireSourceRange());
            addAll(r.putArray("client_subjects"), realm.clientSubjects());
            ArrayNode keys = r.putArray("write_keys");
            for (WriteKey key : realm.writeKeys()) {
                ObjectNode k = keys.addObject();
                k.put("id", key.id());
                k.put("created_at", key.createdAt().toString());
                if (key.description() != null) {
                    k.put("description", key.description());
                }
                k.put("sha256", key.hash().hex());
            }
            ArrayNode tokens = r.putArray("query_tokens");
            for (QueryToken token : realm.queryTokens()) {
                ObjectNode t = tokens.addObject();
                t.put("id", token.id());
                t.put("created_at", token.createdAt().toString());
                if (token.description() != null) {
                    t.put("description", token.description());
                }
                putAllowed(t, "apps", token.scope().apps());
                putAllowed(t, "classes", token.scope().classes());
                addAll(t.putArray("capabilities"), token.scope().capabilities().stream()
                        .map(Capability::configName).sorted().toList());
                addAll(t.putArray("debug_ranges"), token.scope().debugRanges());
                t.put("sha256", token.hash().hex());
            }
        }
        try {
            return (HEADER + MAPPER.writeValueAsString(root)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    private static void putAllowed(ObjectNode node, String field, QueryScope.Allowed allowed) {
        if (allowed.all()) {
            node.put(field, "all");
        } else {
            addAll(node.putArray(field), allowed.names());
        }
    }

    private static void addAll(ArrayNode array, Iterable<?> values) {
        values.forEach(v -> array.add(v.toString()));
    }
}
