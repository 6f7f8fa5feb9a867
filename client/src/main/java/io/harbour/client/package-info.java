/**
 * The Java client library: typed LogHarbour query functions and a writer that batches entries to the receiver without losing any. Filled by the client issue.
 */
package io.harbour.client;
