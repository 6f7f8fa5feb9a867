package io.harbour.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code -Xlog:gc:file=...:utctime} log. The heap in use just before a collection is the
 * true high-water mark between two collections, which sampling can miss; this finds its maximum
 * in a time window, with the heap size committed at that moment.
 */
final class GcLog {
    private static final Pattern LINE = Pattern.compile(
            "^\\[(\\S+)\\] GC\\(\\d+\\) (Pause \\S+).*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final DateTimeFormatter UTCTIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    /**
     * Peak heap before a collection (MiB) and the heap size then, the largest heap left after a
     * collection (what was still referenced: the live set plus what that young collection could
     * not free), and how many collections ran; -1 if none.
     */
    record Peak(long beforeMib, long committedMib, long afterMib, int collections) {
    }

    private GcLog() {
    }

    static Peak peak(Path log, long fromMillis, long toMillis) throws IOException {
        if (!Files.exists(log)) {
            return new Peak(-1, -1, -1, 0);
        }
        long before = -1;
        long committed = -1;
        long after = -1;
        int collections = 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            long at = OffsetDateTime.parse(m.group(1), UTCTIME).toInstant().toEpochMilli();
            if (at < fromMillis || at > toMillis) {
                continue;
            }
            collections++;
            after = Math.max(after, Long.parseLong(m.group(4)));
            long b = Long.parseLong(m.group(3));
            if (b > before) {
                before = b;
                committed = Long.parseLong(m.group(5));
            }
        }
        return new Peak(before, committed, after, collections);
    }
}
