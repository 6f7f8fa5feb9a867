package io.harbour.realms;

import java.util.List;

/**
 * A realm file or an edit that cannot be accepted, with every problem found, each naming its
 * place ({@code realms.yaml: realm "acme": source_ranges[1]: "10.0.0.0/33" is not a CIDR}).
 * Its message is meant for an operator as it is.
 */
public class RealmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public RealmException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public RealmException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
