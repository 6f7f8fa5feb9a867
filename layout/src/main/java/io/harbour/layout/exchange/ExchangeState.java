package io.harbour.layout.exchange;

import java.util.Locale;
import java.util.Optional;

/** The state of an exchange document, stored lower case in {@link ExchangeFields#STATE}. */
public enum ExchangeState {
    /** One half is stored and its partner may still come. */
    PENDING,
    /** Both halves are stored. Final. */
    COMPLETE,
    /** One half is stored and its partner did not come within the join window. Final: a late partner opens a new exchange. */
    ORPHAN;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExchangeState> parse(String value) {
        for (ExchangeState state : values()) {
            if (state.value().equals(value)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
