package io.harbour.config;

import java.util.List;

/** The configuration cannot be used; the message lists every problem, each naming its key. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("invalid configuration (" + source + "):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
