package io.harbour.receiver.http;

import io.harbour.model.extrahop.ExtraHopLog;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryKeyParts;
import io.harbour.model.observation.Observation;
import java.nio.charset.StandardCharsets;

/**
 * Kafka record keys, which decide the partition and so the order that matters:
 * <ul>
 * <li>ExtraHop: realm, sensor identity, sequence. A request log and its response log share a
 * sequence, so they land in one partition and the indexer can join them without a shuffle; the
 * identity keeps two sensors' sequence numbers apart.</li>
 * <li>LogHarbour: realm, app, class, instance. Changes to one object instance stay in order.</li>
 * <li>Observations: realm, ipaddr. The associations of one address stay in order.</li>
 * </ul>
 * Parts are joined with {@code |}; a missing part is empty, never {@code "null"}. Keys are the
 * UTF-8 bytes Kafka stores. A LogHarbour key is copied from the entry's own bytes
 * ({@link LogEntryKeyParts#key}) after a realm prefix made once per request ({@link #realmPrefix}).
 */
final class RecordKeys {
    private static final char SEPARATOR = '|';

    private RecordKeys() {
    }

    static byte[] extraHop(String realm, String senderIdentity, ExtraHopLog log) {
        return join(realm, senderIdentity, Long.toString(log.sequence()));
    }

    static byte[] logHarbour(String realm, LogEntry entry) {
        return logHarbour(realmPrefix(realm), LogEntryKeyParts.of(entry));
    }

    /** {@code realmPrefix} is {@link #realmPrefix}'s, made once for all the entries of a request. */
    static byte[] logHarbour(byte[] realmPrefix, LogEntryKeyParts entry) {
        return entry.key(realmPrefix, (byte) SEPARATOR);
    }

    /** The realm and the separator that follows it, as UTF-8. */
    static byte[] realmPrefix(String realm) {
        return (realm + SEPARATOR).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] observation(String realm, Observation observation) {
        return join(realm, observation.ipaddr());
    }

    private static byte[] join(String... parts) {
        int length = parts.length - 1;
        for (String part : parts) {
            if (part != null) {
                length += part.length();
            }
        }
        StringBuilder key = new StringBuilder(length);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                key.append(SEPARATOR);
            }
            if (parts[i] != null) {
                key.append(parts[i]);
            }
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }
}
