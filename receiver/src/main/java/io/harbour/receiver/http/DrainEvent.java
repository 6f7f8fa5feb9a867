package io.harbour.receiver.http;

/**
 * Fired into every open connection when the server shuts down: an idle HTTP/1.1 connection closes
 * at once, a busy one after its answer, an HTTP/2 connection sends GOAWAY and closes when its
 * streams are done.
 */
enum DrainEvent {
    INSTANCE
}
