/**
 * Kafka to Elasticsearch: document building, the ExtraHop request/response join, bulk writing, index templates, dead letters and retention. Filled by the Indexer issue.
 */
package io.harbour.indexer;
