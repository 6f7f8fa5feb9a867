package io.harbour.receiver.http;

/**
 * One received ingest request, ready for {@link IngestService}: where it came in, how its body is
 * coded, whether bad logs may be skipped, who sent it, and its share of the in-flight budget
 * (which the service closes once the answer is known).
 */
record IngestRequest(Route route, ContentEncoding encoding, boolean partial, Sender sender,
                     InFlightBudget.Reservation reservation) {
}
