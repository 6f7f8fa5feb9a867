package io.harbour.query.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.harbour.layout.Times;
import java.util.Locale;
import java.util.Optional;

/**
 * How time fields are written on a line ({@code timestamps=}), as Logpull names them:
 * {@code unixnano} (the default, an integer), {@code unix} (whole seconds, rounded down, an
 * integer), {@code rfc3339} (UTC text with as many fraction digits as needed).
 */
public enum TimestampFormat {
    UNIXNANO, UNIX, RFC3339;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TimestampFormat> ofWireName(String text) {
        for (TimestampFormat f : values()) {
            if (f.wireName().equals(text)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public JsonNode render(long epochNanos) {
        return switch (this) {
            case UNIXNANO -> JsonNodeFactory.instance.numberNode(epochNanos);
            case UNIX -> JsonNodeFactory.instance.numberNode(Math.floorDiv(epochNanos, NANOS_PER_SECOND));
            case RFC3339 -> JsonNodeFactory.instance.textNode(Times.format(epochNanos));
        };
    }

    /**
     * A stored time value (RFC 3339 text as documents hold it, or epoch seconds as a number, as an
     * observation's {@code timestamp}) in this format; a value that is neither is returned as it is,
     * because a line must never be refused for a field the sender wrote oddly.
     */
    public JsonNode renderStored(JsonNode stored) {
        if (stored == null || stored.isNull()) {
            return stored;
        }
        if (stored.isIntegralNumber()) {
            return render(Math.multiplyExact(stored.asLong(), NANOS_PER_SECOND));
        }
        if (stored.isTextual()) {
            try {
                return render(Times.parseNanos(stored.asText()));
            } catch (IllegalArgumentException | ArithmeticException e) {
                return stored;
            }
        }
        return stored;
    }
}
