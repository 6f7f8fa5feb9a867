package io.harbour.indexer.exchange;

import io.harbour.layout.IndexedDocument;
import java.util.List;

/**
 * What one half became: the decision, the exchange it belongs to, and the writes to make (none
 * for a duplicate: the record counts as stored once the writes of the records before it are).
 */
public record JoinOutcome(JoinDecision decision, String exchangeId, List<IndexedDocument> documents) {

    public JoinOutcome {
        documents = List.copyOf(documents);
    }
}
