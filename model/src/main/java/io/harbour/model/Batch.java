package io.harbour.model;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A request body read item by item. {@link #problems()} holds every problem of every item plus
 * those of the body as a whole (empty, or content after a closed array).
 */
public record Batch<T>(Shape shape, List<BatchItem<T>> items, List<Problem> problems) {

    /** How the body was laid out. */
    public enum Shape {
        EMPTY("an empty body"),
        SINGLE("one JSON value"),
        ARRAY("a JSON array"),
        NDJSON("newline-delimited JSON");

        private final String description;

        Shape(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public Batch {
        Objects.requireNonNull(shape, "shape");
        items = List.copyOf(items);
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The values of the items that read without problems, in body order. */
    public List<T> values() {
        return items.stream().filter(BatchItem::isValid).map(BatchItem::value)
                .collect(Collectors.toUnmodifiableList());
    }
}
