/**
 * ExtraHop exchanges in Elasticsearch: the document that joins a request log and its response
 * log, its mapping, a half as read from its record, and the order-independent partial-update
 * writes that build the document ({@link io.harbour.layout.exchange.ExchangeDocuments}). Which
 * half joins which is decided by the indexer's joiner; this package only says what gets written.
 */
package io.harbour.layout.exchange;
