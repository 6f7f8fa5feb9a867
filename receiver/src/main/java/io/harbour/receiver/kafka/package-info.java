/**
 * The receiver's side of Kafka: the topics it writes, and the publisher whose acknowledgement
 * (acks=all, idempotent) is what a 202 waits for, within a delivery deadline past which a request
 * fails (503) instead of waiting on an absent broker.
 */
package io.harbour.receiver.kafka;
