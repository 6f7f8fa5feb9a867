/**
 * The Java client library. {@link io.harbour.client.writer} holds the writer: a LogHarbour-style
 * fluent {@link io.harbour.client.writer.Logger} and the {@link io.harbour.client.writer.Shipper}
 * that delivers its entries to the receiver without losing any. The typed LogHarbour query
 * functions arrive with the query API.
 */
package io.harbour.client;
