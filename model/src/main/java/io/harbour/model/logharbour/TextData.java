package io.harbour.model.logharbour;

import java.util.Objects;

/** {@code "data": "..."}: the plain string older producers send in place of an object. */
public record TextData(String text) implements LogData {
    public TextData {
        Objects.requireNonNull(text, "text");
    }
}
