/**
 * The Elasticsearch layout: a contract the indexer writes and the query API and export read, so
 * it lives below all of them. Index names per realm, kind and day behind one alias per realm and
 * kind ({@link io.harbour.layout.IndexNames}); versioned index templates with explicit mappings
 * ({@link io.harbour.layout.IndexTemplates}); field names; deterministic document ids
 * ({@link io.harbour.layout.DocumentIds}); which time picks a document's day
 * ({@link io.harbour.layout.IndexTimes}); the conversion of a Kafka record into its documents
 * ({@link io.harbour.layout.DocumentBuilder}); the watermark documents and the dead-letter topic.
 * Pure: no I/O, so every rule is a fast unit test.
 */
package io.harbour.layout;
