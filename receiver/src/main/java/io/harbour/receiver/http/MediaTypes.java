package io.harbour.receiver.http;

import java.util.Locale;
import java.util.Set;

/**
 * The body types the ingest routes read. JSON and the NDJSON spellings in use, plus text/plain
 * (some ExtraHop sensors label their JSON so) and no type at all. Anything else (a form, XML, a
 * file upload) is refused with 415 before the body is read.
 */
final class MediaTypes {
    static final Set<String> READABLE = Set.of(
            "application/json",
            "application/x-ndjson",
            "application/ndjson",
            "application/jsonlines",
            "text/plain");

    private MediaTypes() {
    }

    /** {@code contentType} is the header's value, parameters (charset) included, or null. */
    static boolean isReadable(String contentType) {
        if (contentType == null) {
            return true;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return type.isEmpty() || READABLE.contains(type);
    }
}
