package io.harbour.cli;

import java.nio.file.Path;

/**
 * Where {@code harbour up} keeps its certificates, server data and logs, and the file that tells
 * scripts how to reach the running stack. {@code HARBOUR_STATE_DIR} overrides the default
 * {@code ./state}.
 */
record StateDir(Path root) {
    static final String UP_FILE = "harbour-up.json";

    static StateDir of(Path option) {
        if (option != null) {
            return new StateDir(option.toAbsolutePath().normalize());
        }
        String env = System.getenv("HARBOUR_STATE_DIR");
        return new StateDir(Path.of(env != null && !env.isBlank() ? env : "state").toAbsolutePath().normalize());
    }

    Path certs() {
        return root.resolve("certs");
    }

    Path stack() {
        return root.resolve("stack");
    }

    Path upFile() {
        return root.resolve(UP_FILE);
    }

    /** The realm file that {@code harbour realm} and {@code harbour token} edit and the services follow. */
    Path realmsFile() {
        return root.resolve("realms.yaml");
    }
}
