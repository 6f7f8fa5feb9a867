package io.harbour.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Loads a configuration record. Keys are snake_case in YAML ({@code kafka.bootstrap_servers}) and
 * upper case in the environment ({@code HARBOUR_RECEIVER_KAFKA_BOOTSTRAP_SERVERS}). Only keys the
 * defaults know can be set from the environment, and a variable with the prefix that matches no
 * key is an error: a typo must not be silently ignored.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {
    }

    /**
     * @param file      the YAML file, or null for defaults and environment only
     * @param defaults  the configuration with every default filled in
     * @param envPrefix e.g. {@code HARBOUR_RECEIVER_}
     */
    @SuppressWarnings("unchecked")
    public static <T extends Checked> T load(Path file, T defaults, String envPrefix, Map<String, String> env) {
        String source = file == null ? "defaults" : file.toString();
        ObjectNode tree = YAML.valueToTree(defaults);
        List<String> problems = new ArrayList<>();
        if (file != null) {
            try {
                JsonNode fromFile = YAML.readTree(Files.readString(file));
                if (fromFile != null && !fromFile.isMissingNode() && !fromFile.isNull()) {
                    if (!fromFile.isObject()) {
                        throw new ConfigException(source, List.of("the file must hold a mapping of keys, not " + fromFile.getNodeType()));
                    }
                    merge(tree, (ObjectNode) fromFile);
                }
            } catch (IOException e) {
                throw new ConfigException(source, List.of("cannot read: " + e.getMessage()));
            }
        }
        Map<String, String> known = new TreeMap<>();
        leaves(tree, "", known);
        env.forEach((name, value) -> {
            if (!name.startsWith(envPrefix)) {
                return;
            }
            String key = known.get(name.substring(envPrefix.length()));
            if (key == null) {
                problems.add(name + ": no such key (known: " + known.keySet().stream().map(k -> envPrefix + k).collect(Collectors.joining(", ")) + ")");
            } else {
                set(tree, key, value);
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(source + " and environment", problems);
        }
        T config;
        try {
            config = (T) YAML.treeToValue(tree, defaults.getClass());
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(source, List.of(path(e) + ": unknown key (known here: " + new java.util.TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).toList()) + ")"));
        } catch (JsonMappingException e) {
            throw new ConfigException(source, List.of(path(e) + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(source, List.of(e.getMessage()));
        }
        List<String> checks = config.problems();
        if (!checks.isEmpty()) {
            throw new ConfigException(source, checks);
        }
        return config;
    }

    /** Reads the file named by {@code envPrefix + "CONFIG"} if set, else {@code file} if it exists, else defaults. */
    public static <T extends Checked> T load(Path file, T defaults, String envPrefix) {
        String named = System.getenv(envPrefix + "CONFIG");
        Path chosen = named != null ? Path.of(named) : file != null && Files.exists(file) ? file : null;
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.remove(envPrefix + "CONFIG");
        return load(chosen, defaults, envPrefix, env);
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode existing = into.get(f.getKey());
            if (existing instanceof ObjectNode target && f.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                into.set(f.getKey(), f.getValue());
            }
        }
    }

    /** Maps each settable leaf's environment suffix (KAFKA_BOOTSTRAP_SERVERS) to its dotted key. */
    private static void leaves(JsonNode node, String prefix, Map<String, String> out) {
        node.fields().forEachRemaining(f -> {
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            if (f.getValue().isObject() && f.getValue().size() > 0) {
                leaves(f.getValue(), key, out);
            } else if (!f.getValue().isObject()) {
                out.put(key.replace('.', '_').toUpperCase(Locale.ROOT), key);
            }
        });
    }

    private static void set(ObjectNode tree, String dottedKey, String value) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.get(parts[i]);
        }
        JsonNode old = node.get(parts[parts.length - 1]);
        if (old != null && old.isArray()) {
            // Lists come as comma-separated text in the environment.
            var array = node.putArray(parts[parts.length - 1]);
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    array.add(item.trim());
                }
            }
        } else {
            node.set(parts[parts.length - 1], TextNode.valueOf(value));
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
