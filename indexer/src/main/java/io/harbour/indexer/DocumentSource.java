package io.harbour.indexer;

import io.harbour.layout.IndexedDocument;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordContext;
import java.util.List;

/**
 * Turns one Kafka record of one kind of log into the documents it becomes: the layout's
 * builder for LogHarbour entries and observations, a partition's exchange joiner for ExtraHop logs.
 * Must be deterministic (same record, same ids), so a replay never makes a second document.
 */
@FunctionalInterface
public interface DocumentSource {

    /** @throws MalformedRecordException when the record can never become a document (it goes to the dead-letter topic) */
    List<IndexedDocument> documents(RecordContext context, byte[] body) throws MalformedRecordException;
}
