package io.harbour.realms;

import java.util.Locale;
import java.util.Optional;

/** The Authorization forms a credential arrives in; schemes are case-insensitive (RFC 9110). */
final class AuthorizationHeader {
    private AuthorizationHeader() {
    }

    /** The credential in {@code Bearer X}; empty for any other form. */
    static Optional<String> bearer(String header) {
        return credential(header, false);
    }

    /**
     * The key in {@code Bearer KEY} or in ExtraHop's {@code ExtraHop apikey=KEY} (the header its
     * sensors send to an observations endpoint); empty for any other form.
     */
    static Optional<String> writeKey(String header) {
        return credential(header, true);
    }

    private static Optional<String> credential(String header, boolean extraHop) {
        String text = header == null ? "" : header.strip();
        int space = indexOfWhitespace(text);
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = text.substring(0, space).toLowerCase(Locale.ROOT);
        String rest = text.substring(space).strip();
        if (scheme.equals("bearer")) {
            return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
        }
        if (extraHop && scheme.equals("extrahop") && rest.regionMatches(true, 0, "apikey=", 0, 7)) {
            String value = rest.substring(7).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            return value.isEmpty() ? Optional.empty() : Optional.of(value);
        }
        return Optional.empty();
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
