/**
 * The receiver's side of Kafka: the topics it writes, and the publisher whose acknowledgement
 * (acks=all, idempotent) is what a 202 waits for. Memory is bounded by an in-flight byte budget
 * that refuses (429) rather than queues, and by a delivery deadline past which a request fails
 * (503) instead of waiting on an absent broker.
 */
package io.harbour.receiver.kafka;
