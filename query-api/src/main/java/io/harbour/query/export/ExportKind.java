package io.harbour.query.export;

import io.harbour.layout.CommonFields;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.exchange.ExchangeFields;
import java.util.Optional;

/**
 * A kind of document as export names it ({@code kind} on every line, and the {@code kind}
 * parameter): the layout's kind plus the field its receive order lives in. Exchanges have no
 * {@code received_at} of their own (each half has one): they are ordered by
 * {@code first_received_at}, the earlier half's, which is also what the indexer holds the
 * ExtraHop watermark at, and export writes it as the line's {@code received_at}.
 */
public enum ExportKind {
    LOGHARBOUR(DocumentKind.LOGHARBOUR, CommonFields.RECEIVED_AT),
    EXCHANGES(DocumentKind.EXCHANGE, ExchangeFields.FIRST_RECEIVED_AT),
    OBSERVATIONS(DocumentKind.OBSERVATION, CommonFields.RECEIVED_AT);

    private final DocumentKind document;
    private final String receivedField;

    ExportKind(DocumentKind document, String receivedField) {
        this.document = document;
        this.receivedField = receivedField;
    }

    public DocumentKind document() {
        return document;
    }

    /** The date_nanos field this kind is sorted and windowed by. */
    public String receivedField() {
        return receivedField;
    }

    /** The name on lines and in the {@code kind} parameter: the layout's segment ({@code logharbour}, {@code exchanges}, {@code observations}). */
    public String wireName() {
        return document.segment();
    }

    public static Optional<ExportKind> ofWireName(String name) {
        for (ExportKind k : values()) {
            if (k.wireName().equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
