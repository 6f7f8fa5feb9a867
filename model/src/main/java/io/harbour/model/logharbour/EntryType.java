package io.harbour.model.logharbour;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.harbour.model.Json;
import java.util.Optional;

/** The kind of a LogHarbour entry, one capital letter on the wire. */
public enum EntryType {
    ACTIVITY("A"),
    CHANGE("C"),
    DEBUG("D"),
    UNKNOWN("U");

    private final String code;

    EntryType(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    /** The type with exactly this letter; the library only ever sends capitals. */
    public static Optional<EntryType> parse(String code) {
        for (EntryType type : values()) {
            if (type.code.equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    @JsonCreator
    static EntryType fromJson(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown type " + Json.quote(code)));
    }

    @Override
    public String toString() {
        return code;
    }
}
