package io.harbour.realms;

import java.util.Arrays;
import java.util.Optional;

/** What a query token may do beyond reading entries of its apps and classes. */
public enum Capability {
    /** Read debug entries ({@code debugLogs}); seed 002 makes this "source IP based". */
    DEBUG("debug");

    private final String name;

    Capability(String name) {
        this.name = name;
    }

    /** The name in the realm file and on the command line. */
    public String configName() {
        return name;
    }

    public static Optional<Capability> named(String name) {
        return Arrays.stream(values()).filter(c -> c.name.equals(name)).findFirst();
    }
}
