/**
 * Logpull-style export (seed 004, issue 6): every document a token may read, by time received,
 * as NDJSON streamed from Elasticsearch with a point in time and search_after.
 *
 * <ul>
 * <li>{@code GET /api/v1/logs/received}: one closed window ({@link ExportParameters}, {@link WindowRules}),
 * the kinds merged in (received_at, doc_id) order ({@link ExportStream});</li>
 * <li>{@code GET /api/v1/logs/received/fields}: the {@link FieldCatalogue};</li>
 * <li>{@code GET /api/v1/logs/ids/{id}}: the documents with that id, LogHarbour id, exchange id or receipt id.</li>
 * </ul>
 */
package io.harbour.query.export;
