package io.harbour.model;

import java.util.Objects;

/**
 * One thing wrong with an input, precise enough for a sender to fix it: the line of the batch it
 * came from, the JSON path of the field ({@code ""} for the item as a whole) and why.
 */
public record Problem(int line, String path, String reason) {

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    /** For example {@code line 3: pri: unknown priority "Urgent"}. */
    @Override
    public String toString() {
        return "line " + line + ": " + (path.isEmpty() ? "" : path + ": ") + reason;
    }
}
