/**
 * ExtraHop's logs of Machine Learning Service API interactions: a request log (sequence, the Go
 * {@code http.Request} fields, the request body) and a response log (sequence, status code,
 * headers, body), correlated by {@code sequence}. The two are told apart by their members, since
 * ExtraHop sends both to the same URL without a type field; see
 * {@link io.harbour.model.extrahop.ExtraHopLogFormat}. Bodies are kept as JSON, untouched.
 */
package io.harbour.model.extrahop;
