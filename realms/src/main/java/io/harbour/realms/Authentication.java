package io.harbour.realms;

/** The outcome of authenticating a sender: a realm and an identity, or a refusal with its HTTP status. */
public sealed interface Authentication {

    /**
     * @param realm    the realm the sender writes into
     * @param identity who it is, for the record headers: {@code key:<key id>},
     *                 {@code cert:<subject>} or {@code addr:<address>}
     */
    record Accepted(String realm, String identity) implements Authentication {
    }

    /**
     * @param status  401 (no or unknown credentials) or 403 (address refused)
     * @param code    a stable machine code: {@code missing_credentials}, {@code unknown_key},
     *                {@code unknown_certificate}, {@code address_refused}, ...
     * @param message for a human
     */
    record Refused(int status, String code, String message) implements Authentication {
    }
}
