package io.harbour.model;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one item; every problem of an item shares the item's line. */
public final class Problems {
    private final int line;
    private final List<Problem> found = new ArrayList<>();

    public Problems(int line) {
        this.line = line;
    }

    public void add(String path, String reason) {
        found.add(new Problem(line, path, reason));
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<Problem> toList() {
        return List.copyOf(found);
    }
}
