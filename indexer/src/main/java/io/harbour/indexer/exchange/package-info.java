/**
 * The ExtraHop join: a request log and its response log with the same realm, sensor and
 * sequence become one exchange document, whatever the arrival order, duplicates, a restart
 * between the halves or a sensor that starts its sequence again. One
 * {@link io.harbour.indexer.exchange.ExchangeJoiner} per partition decides, in memory and in
 * offset order; what it writes are the layout's order-independent partial updates
 * ({@link io.harbour.layout.exchange.ExchangeDocuments}), so no script and no read-modify-write
 * is needed. After a restart the joiner is rebuilt from Elasticsearch with
 * {@link io.harbour.layout.exchange.ExchangeRestoreQuery}. Pure logic: no client, no consumer.
 */
package io.harbour.indexer.exchange;
