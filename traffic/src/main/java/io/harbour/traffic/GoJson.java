package io.harbour.traffic;

import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;

/**
 * One entry's line exactly as the Go library writes it: the model's {@link LogEntryFormat} gives
 * the library's field order and compact JSON; Go's encoder additionally escapes {@code <},
 * {@code >}, {@code &}, U+2028 and U+2029 inside strings, which Jackson leaves as they are. Those
 * characters can only occur inside JSON strings, so replacing them in the text is exact. The
 * generator writes no other control characters than tab and newline, which both encoders escape
 * alike ({@code \t}, {@code \n}).
 */
public final class GoJson {
    private GoJson() {
    }

    /** The entry as one line of the Go library's output, without the trailing newline. */
    public static String line(LogEntry entry) {
        return escapeLikeGo(LogEntryFormat.INSTANCE.toJson(entry));
    }

    static String escapeLikeGo(String json) {
        StringBuilder out = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            String escape = switch (c) {
                case '<' -> "\\u003c";
                case '>' -> "\\u003e";
                case '&' -> "\\u0026";
                case '\u2028' -> "\\u2028";
                case '\u2029' -> "\\u2029";
                default -> null;
            };
            if (escape != null && out == null) {
                out = new StringBuilder(json.length() + 16).append(json, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? json : out.toString();
    }
}
