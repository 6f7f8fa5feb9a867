package io.harbour.model;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown where a caller asked for a value, not a report: carries every problem found. */
public final class InvalidLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    public InvalidLogException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
