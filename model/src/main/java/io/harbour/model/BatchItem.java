package io.harbour.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One item of a batch: where it was ({@code index} counts items from 0, {@code line} is the line
 * where the item starts, 1-based), its exact bytes as sent, and either its value or its problems.
 *
 * <p>{@code raw} is the item's JSON text without the surrounding whitespace, separators and
 * line ends: what the receiver stores, byte for byte, as the record body.
 */
public record BatchItem<T>(int index, int line, byte[] raw, T value, List<Problem> problems) {

    public BatchItem {
        Objects.requireNonNull(raw, "raw");
        problems = List.copyOf(problems);
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    /** The raw bytes as UTF-8 text. */
    public String text() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BatchItem<?> item
                && index == item.index
                && line == item.line
                && Arrays.equals(raw, item.raw)
                && Objects.equals(value, item.value)
                && problems.equals(item.problems);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, line, Arrays.hashCode(raw), value, problems);
    }

    @Override
    public String toString() {
        return "BatchItem[index=" + index + ", line=" + line + ", text=" + text()
                + ", value=" + value + ", problems=" + problems + "]";
    }
}
