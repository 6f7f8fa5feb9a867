package io.harbour.model.logharbour;

import java.util.Objects;

/** {@code {"activity_data": "..."}}: free text; a map arrives as JSON text inside the string. */
public record ActivityData(String text) implements LogData {
    public ActivityData {
        Objects.requireNonNull(text, "text");
    }
}
