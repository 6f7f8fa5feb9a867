package io.harbour.receiver.http;

import io.harbour.realms.Authentication;
import io.harbour.realms.SenderCredentials;

/**
 * Decides who a sender is and which realm it writes into; wired to the realms module's
 * authenticator ({@code authenticator::authenticate}). Called on the event loop for every ingest
 * request, so it must answer from memory: a hash and a constant-time comparison, never I/O.
 */
@FunctionalInterface
public interface SenderAuthentication {

    Authentication authenticate(SenderCredentials credentials);
}
