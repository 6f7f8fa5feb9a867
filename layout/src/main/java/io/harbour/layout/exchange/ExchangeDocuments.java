package io.harbour.layout.exchange;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.Times;
import java.time.Instant;

/**
 * The writes that build an exchange document, each an update with a partial {@code doc} and a
 * separate {@code upsert} (no scripts on this cluster). They are designed so that any order of
 * application gives the same document, because bulk retries can apply a later write before an
 * earlier one, and so that applying one twice changes nothing (a replay):
 *
 * <ul>
 * <li>{@link #open}: {@code doc} holds only the opening half; {@code upsert} adds the identity
 * and {@code state: pending}. Applied after its partner's write, it only adds its half and
 * cannot turn {@code complete} back into {@code pending}.</li>
 * <li>{@link #close}: {@code doc} holds the closing half, {@code state: complete}, the latency and
 * the earlier receive time; {@code upsert} the same plus the identity, so it stands alone if it
 * is applied first.</li>
 * <li>{@link #orphan}: {@code doc} holds {@code state: orphan}; only ever written for an exchange
 * that no closing half reached, and final: a late partner opens a new exchange.</li>
 * </ul>
 * Every write of one exchange goes to the daily index of its opening half's receive time.
 */
public final class ExchangeDocuments {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExchangeDocuments() {
    }

    /** The write of the half that opens {@code exchange} (also when it is read again). */
    public static IndexedDocument open(ExchangeIdentity exchange, ExchangeHalf half) {
        ObjectNode doc = NODES.objectNode();
        doc.set(half.kind().field(), half.fields());
        ObjectNode upsert = NODES.objectNode();
        exchange.putInto(upsert);
        upsert.put(ExchangeFields.STATE, ExchangeState.PENDING.value());
        upsert.put(ExchangeFields.FIRST_RECEIVED_AT, Times.format(exchange.openedAtNanos()));
        upsert.set(half.kind().field(), half.fields());
        return write(exchange, doc, upsert);
    }

    /**
     * The write of the half that completes {@code exchange}.
     *
     * @param openingReceivedAtNanos receive time of the other half (the opening one)
     */
    public static IndexedDocument close(ExchangeIdentity exchange, ExchangeHalf half, long openingReceivedAtNanos) {
        long request = half.kind() == HalfKind.REQUEST ? half.receivedAtNanos() : openingReceivedAtNanos;
        long response = half.kind() == HalfKind.RESPONSE ? half.receivedAtNanos() : openingReceivedAtNanos;
        ObjectNode doc = NODES.objectNode();
        doc.set(half.kind().field(), half.fields());
        doc.put(ExchangeFields.STATE, ExchangeState.COMPLETE.value());
        doc.put(ExchangeFields.LATENCY_MS, (response - request) / 1e6);
        doc.put(ExchangeFields.FIRST_RECEIVED_AT, Times.format(Math.min(request, response)));
        ObjectNode upsert = NODES.objectNode();
        exchange.putInto(upsert);
        upsert.setAll(doc);
        return write(exchange, doc, upsert);
    }

    /** The write that gives up on the missing half of {@code exchange}. */
    public static IndexedDocument orphan(ExchangeIdentity exchange, Instant orphanedAt) {
        ObjectNode doc = NODES.objectNode();
        doc.put(ExchangeFields.STATE, ExchangeState.ORPHAN.value());
        doc.put(ExchangeFields.ORPHANED_AT, Times.format(orphanedAt));
        ObjectNode upsert = NODES.objectNode();
        exchange.putInto(upsert);
        upsert.put(ExchangeFields.FIRST_RECEIVED_AT, Times.format(exchange.openedAtNanos()));
        upsert.setAll(doc);
        return write(exchange, doc, upsert);
    }

    private static IndexedDocument write(ExchangeIdentity exchange, ObjectNode doc, ObjectNode upsert) {
        return new IndexedDocument(DocumentKind.EXCHANGE, exchange.realm(), exchange.openedAt(), exchange.id(),
                doc, IndexedDocument.WriteMode.MERGE, upsert);
    }
}
