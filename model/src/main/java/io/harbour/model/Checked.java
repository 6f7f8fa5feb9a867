package io.harbour.model;

import java.util.List;

/**
 * The outcome of reading one item: a value, or the complete list of problems that kept it from
 * being one. Never both, so a caller cannot index half-valid data by mistake.
 */
public record Checked<T>(T value, List<Problem> problems) {

    public Checked {
        problems = List.copyOf(problems);
        if ((value == null) == problems.isEmpty()) {
            throw new IllegalArgumentException("exactly one of value and problems is expected");
        }
    }

    public static <T> Checked<T> valid(T value) {
        return new Checked<>(value, List.of());
    }

    public static <T> Checked<T> invalid(List<Problem> problems) {
        return new Checked<>(null, problems);
    }

    public boolean isValid() {
        return value != null;
    }
}
