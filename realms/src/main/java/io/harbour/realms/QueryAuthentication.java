package io.harbour.realms;

/** The outcome of authenticating a reader: a realm, a token and its scope, or a refusal. */
public sealed interface QueryAuthentication {

    /**
     * @param realm        the only realm whose indices this reader may touch
     * @param tokenId      the token's id, for logs and audit ({@code token:<id>})
     * @param scope        apps, classes and capabilities the reader is confined to
     * @param debugAllowed the token has {@code debug} and the caller's address is in its ranges
     */
    record Accepted(String realm, String tokenId, QueryScope scope, boolean debugAllowed) implements QueryAuthentication {
        public String identity() {
            return "token:" + tokenId;
        }
    }

    /**
     * @param status 401
     * @param code   {@code missing_credentials} or {@code unknown_token}
     */
    record Refused(int status, String code, String message) implements QueryAuthentication {
    }
}
