package io.harbour.layout.exchange;

import java.util.Optional;

/** The two halves of an exchange: an ExtraHop request log and its response log. */
public enum HalfKind {
    REQUEST(ExchangeFields.REQUEST),
    RESPONSE(ExchangeFields.RESPONSE);

    private final String field;

    HalfKind(String field) {
        this.field = field;
    }

    /** The half's object in the document, and the value of {@link ExchangeFields#OPENED_BY}. */
    public String field() {
        return field;
    }

    public HalfKind other() {
        return this == REQUEST ? RESPONSE : REQUEST;
    }

    public static Optional<HalfKind> ofField(String field) {
        for (HalfKind kind : values()) {
            if (kind.field.equals(field)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
