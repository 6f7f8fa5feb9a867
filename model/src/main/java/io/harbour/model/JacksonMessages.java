package io.harbour.model;

import java.util.regex.Pattern;

/** Turns Jackson's parse messages into one short line a sender can read. */
final class JacksonMessages {
    /** Jackson appends where the problem began; the problem's line and column already say it. */
    private static final Pattern SOURCE_NOTE = Pattern.compile("\\s*\\(?(for [A-Za-z]+ starting |start marker )?at \\[Source:.*$", Pattern.DOTALL);
    private static final Pattern SOURCE_REF = Pattern.compile("\\s*\\[Source:.*$", Pattern.DOTALL);
    /** Hints about parser features only make sense to whoever configures the parser: us. */
    private static final Pattern FEATURE_HINT = Pattern.compile(
            "\\s*\\(not recognized as one since Feature '[^']*' not enabled for parser\\)|:? ?(or )?enable `[^`]*` to allow");
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:field|Object property) '(.*)'$", Pattern.DOTALL);

    private JacksonMessages() {
    }

    static String clean(String message) {
        if (message == null || message.isBlank()) {
            return "unreadable input";
        }
        String text = SOURCE_NOTE.matcher(message).replaceAll("");
        text = SOURCE_REF.matcher(text).replaceAll("");
        text = FEATURE_HINT.matcher(text).replaceAll("");
        text = text.replaceAll("\\s+", " ").trim();
        var duplicate = DUPLICATE.matcher(text);
        if (duplicate.matches()) {
            return "duplicate field " + Json.quote(duplicate.group(1));
        }
        return text;
    }
}
