package io.harbour.layout;

/**
 * A record that can never become a document (its body does not read, or breaks the mapping's
 * rules). The indexer parks it in the dead-letter topic with this reason; retrying cannot help.
 */
public final class MalformedRecordException extends Exception {
    public MalformedRecordException(String reason) {
        super(reason);
    }

    public MalformedRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
