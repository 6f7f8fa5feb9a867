/**
 * The wire formats Harbour receives, and the one way they are read, checked and written.
 *
 * <p>This package owns what the three formats share: a {@link io.harbour.model.WireFormat} reads
 * a JSON tree into a typed value while collecting every {@link io.harbour.model.Problem} with its
 * line and field path, and writes the value back without losing unknown fields; a
 * {@link io.harbour.model.BatchReader} splits a request body (one object, an array or NDJSON) into
 * items that keep their exact original bytes, so the receiver can store a log as sent while
 * rejecting only the bad lines. The formats themselves live in the sub-packages. Nothing here
 * touches files or sockets.
 */
package io.harbour.model;
