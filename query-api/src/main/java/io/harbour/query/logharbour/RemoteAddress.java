package io.harbour.query.logharbour;

import io.harbour.model.IpAddresses;
import io.harbour.query.http.ApiException;
import io.harbour.realms.Cidr;
import java.util.Locale;

/**
 * The remoteIP parameter: an IP literal (matched on the {@code ip} field, so {@code 2001:db8::1}
 * finds {@code 2001:0db8:0:0:0:0:0:1}), a CIDR range (same field), or {@code LOCAL}, the marker
 * the library writes for internal triggers, which only {@code remote_ip_text} holds.
 * Anything else is 400 {@code invalid_ip}.
 *
 * @param ipField true: {@code value} is matched on remote_ip; false: on remote_ip_text
 */
record RemoteAddress(String value, boolean ipField) {
    static final String LOCAL = "LOCAL";

    static RemoteAddress parse(String text) {
        String t = text.strip();
        if (t.toUpperCase(Locale.ROOT).equals(LOCAL)) {
            return new RemoteAddress(LOCAL, false);
        }
        if (IpAddresses.isLiteral(t)) {
            return new RemoteAddress(t, true);
        }
        if (t.indexOf('/') > 0) {
            try {
                return new RemoteAddress(Cidr.parse(t).toString(), true);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_ip", Param.REMOTE_IP, "remoteIP: " + e.getMessage());
            }
        }
        throw ApiException.badRequest("invalid_ip", Param.REMOTE_IP,
                "remoteIP must be an IP address, a CIDR range or LOCAL, not \"" + text + "\"");
    }
}
