/**
 * LogHarbour entries in Elasticsearch: field names ({@link io.harbour.layout.logharbour.LogFields}),
 * the mapping, the document an entry becomes and the way back to the entry's wire shape.
 */
package io.harbour.layout.logharbour;
