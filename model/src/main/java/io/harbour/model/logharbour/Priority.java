package io.harbour.model.logharbour;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.harbour.model.Json;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * LogHarbour priorities, lowest first, so {@link #compareTo} is severity order. Names are read in
 * any letter case (the specification writes them lower case, the library capitalised) and always
 * written capitalised. Unlike the Go library, {@link #SEC} reads back like every other level.
 */
public enum Priority {
    DEBUG2("Debug2"),
    DEBUG1("Debug1"),
    DEBUG0("Debug0"),
    INFO("Info"),
    WARN("Warn"),
    ERR("Err"),
    CRIT("Crit"),
    SEC("Sec");

    /** What an entry without {@code pri} means. */
    public static final Priority DEFAULT = INFO;

    private static final Map<String, Priority> BY_LOWER_NAME = new HashMap<>();

    static {
        for (Priority priority : values()) {
            BY_LOWER_NAME.put(priority.wireName.toLowerCase(Locale.ROOT), priority);
        }
    }

    private final String wireName;

    Priority(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire, for example {@code "Debug2"}. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * The priority named {@code text} in any letter case, or empty. Case folding uses
     * {@link Locale#ROOT} so that, say, a Turkish dotless i cannot pass for an {@code i}.
     */
    public static Optional<Priority> parse(String text) {
        return text == null ? Optional.empty() : Optional.ofNullable(BY_LOWER_NAME.get(text.toLowerCase(Locale.ROOT)));
    }

    @JsonCreator
    static Priority fromJson(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("unknown priority " + Json.quote(text)));
    }

    public boolean isAtLeast(Priority minimum) {
        return compareTo(minimum) >= 0;
    }

    /** This level and every more severe one: the set a "this level or higher" query matches. */
    public Set<Priority> andHigher() {
        return EnumSet.range(this, SEC);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
