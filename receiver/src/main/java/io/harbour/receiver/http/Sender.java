package io.harbour.receiver.http;

/**
 * What the receiver knows about one request's sender, stamped on each of its records.
 *
 * @param realm           the realm authentication resolved
 * @param identity        {@code key:..}, {@code cert:..} or {@code addr:..}
 * @param address         the sender's IP address as text
 * @param receivedAtNanos when the request's headers were read, nanoseconds since the epoch
 * @param receiptId       the request's receipt id
 */
record Sender(String realm, String identity, String address, long receivedAtNanos, String receiptId) {
}
