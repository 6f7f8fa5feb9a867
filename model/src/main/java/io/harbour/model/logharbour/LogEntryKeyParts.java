package io.harbour.model.logharbour;

/**
 * The fields of a valid LogHarbour entry that decide its record key (realm, app, class,
 * instance): what a receiver needs of an entry it stores byte for byte. {@code className} is the
 * wire field {@code class}; a component is null when its field was absent.
 */
public record LogEntryKeyParts(String app, String className, String instance) {

    public static LogEntryKeyParts of(LogEntry entry) {
        return new LogEntryKeyParts(entry.app(), entry.className(), entry.instance());
    }
}
