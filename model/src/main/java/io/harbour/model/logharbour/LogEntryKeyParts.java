package io.harbour.model.logharbour;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The fields of a valid LogHarbour entry that decide its record key (realm, app, class,
 * instance): what a receiver needs of an entry it stores byte for byte. {@code className} is the
 * wire field {@code class}; a component is null when its field was absent.
 *
 * <p>The parts are held as UTF-8, back to back in one array, not as three Strings. Why: the
 * receiver copies them from the entry's bytes straight into the record key
 * ({@link #key(byte[], byte)}); decoding three Strings per entry, joining them and encoding the key
 * again was about 4 % of a warm receiver's CPU (perf during benchmark (a)).
 */
public final class LogEntryKeyParts {
    /** A range's start in {@link #ofUtf8} for a field the entry does not have. */
    static final int ABSENT = -1;

    /** app, class and instance, back to back. */
    private final byte[] utf8;
    /** Where class and instance start in {@link #utf8}. */
    private final int classAt;
    private final int instanceAt;
    /** Which parts are absent (null), one bit each: app 1, class 2, instance 4. */
    private final int absent;

    private LogEntryKeyParts(byte[] utf8, int classAt, int instanceAt, int absent) {
        this.utf8 = utf8;
        this.classAt = classAt;
        this.instanceAt = instanceAt;
        this.absent = absent;
    }

    /** The parts as decoded text (Jackson's reading, or a test's); null for an absent one. */
    public static LogEntryKeyParts of(String app, String className, String instance) {
        byte[] a = utf8(app);
        byte[] c = utf8(className);
        byte[] n = utf8(instance);
        byte[] joined = new byte[a.length + c.length + n.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(c, 0, joined, a.length, c.length);
        System.arraycopy(n, 0, joined, a.length + c.length, n.length);
        int classFrom = a.length;
        int instanceFrom = classFrom + c.length;
        return ofUtf8(joined, app == null ? ABSENT : 0, classFrom, className == null ? ABSENT : classFrom, instanceFrom,
                instance == null ? ABSENT : instanceFrom, joined.length);
    }

    /**
     * The parts as they stand in {@code b}: each a range {@code [from, to)} of well-formed UTF-8
     * that is the part's exact text (no escapes), or {@code from} -1 when the field was absent.
     */
    static LogEntryKeyParts ofUtf8(byte[] b, int appFrom, int appTo, int classFrom, int classTo,
                                   int instanceFrom, int instanceTo) {
        int appLength = appFrom == ABSENT ? 0 : appTo - appFrom;
        int classLength = classFrom == ABSENT ? 0 : classTo - classFrom;
        int instanceLength = instanceFrom == ABSENT ? 0 : instanceTo - instanceFrom;
        byte[] utf8 = new byte[appLength + classLength + instanceLength];
        System.arraycopy(b, Math.max(appFrom, 0), utf8, 0, appLength);
        System.arraycopy(b, Math.max(classFrom, 0), utf8, appLength, classLength);
        System.arraycopy(b, Math.max(instanceFrom, 0), utf8, appLength + classLength, instanceLength);
        return new LogEntryKeyParts(utf8, appLength, appLength + classLength,
                (appFrom == ABSENT ? 1 : 0) | (classFrom == ABSENT ? 2 : 0) | (instanceFrom == ABSENT ? 4 : 0));
    }

    public static LogEntryKeyParts of(LogEntry entry) {
        return of(entry.app(), entry.className(), entry.instance());
    }

    public String app() {
        return text(1, 0, classAt);
    }

    public String className() {
        return text(2, classAt, instanceAt);
    }

    public String instance() {
        return text(4, instanceAt, utf8.length);
    }

    /**
     * {@code prefix}, then app, class and instance as UTF-8 with {@code separator} between them;
     * an absent part is empty. One array, filled by copies.
     */
    public byte[] key(byte[] prefix, byte separator) {
        byte[] key = new byte[prefix.length + utf8.length + 2];
        System.arraycopy(prefix, 0, key, 0, prefix.length);
        int at = prefix.length;
        System.arraycopy(utf8, 0, key, at, classAt);
        at += classAt;
        key[at++] = separator;
        System.arraycopy(utf8, classAt, key, at, instanceAt - classAt);
        at += instanceAt - classAt;
        key[at++] = separator;
        System.arraycopy(utf8, instanceAt, key, at, utf8.length - instanceAt);
        return key;
    }

    private String text(int bit, int from, int to) {
        return (absent & bit) != 0 ? null : new String(utf8, from, to - from, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        // Compared as the record key compares them: by their UTF-8 (a lone surrogate, which only an
        // escape can write, encodes as '?', as String.getBytes has always written it into the key).
        return o instanceof LogEntryKeyParts other && absent == other.absent && classAt == other.classAt
                && instanceAt == other.instanceAt && Arrays.equals(utf8, other.utf8);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(utf8), classAt, instanceAt, absent);
    }

    @Override
    public String toString() {
        return "LogEntryKeyParts[app=" + app() + ", className=" + className() + ", instance=" + instance() + "]";
    }

    private static byte[] utf8(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
