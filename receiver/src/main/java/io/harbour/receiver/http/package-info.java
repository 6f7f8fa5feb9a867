/**
 * The receiver's HTTPS side, in Netty's example shape: {@link io.harbour.receiver.http.ReceiverServer}
 * (bootstrap and graceful shutdown), {@code ReceiverServerInitializer} (TLS from a reloading context,
 * ALPN to HTTP/2 or HTTP/1.1, limits and timeouts) and {@code IngestHandler} (the routes). It owns
 * everything between the socket and {@link io.harbour.receiver.IngestPublisher}: routing, sender
 * authentication through {@link io.harbour.receiver.http.SenderAuthentication}, bounded body
 * collection and gzip inflation, reading and checking batches with the model (all or nothing, or
 * {@code ?partial=true}), one Kafka record per log with its key, the answers (202 only after Kafka
 * acknowledged, 400 with every problem, 429 and 503 with Retry-After) and the metrics. It never
 * blocks the event loop: bodies are parsed on a decode pool (small ones that are not gzip on the
 * event loop itself, when publishing them cannot block) and answers return through the channel's executor.
 */
package io.harbour.receiver.http;
