/**
 * The Elasticsearch layout: a contract the indexer writes and the query API reads, so it lives
 * below both. Index names per realm, kind and day behind one alias per realm and kind; index
 * templates with explicit mappings, versioned; field names; deterministic document ids; and the
 * conversion of a Kafka record into the documents it becomes.
 */
package io.harbour.layout;
