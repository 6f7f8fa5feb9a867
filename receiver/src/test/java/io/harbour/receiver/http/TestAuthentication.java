package io.harbour.receiver.http;

import io.harbour.realms.Authentication;
import io.harbour.realms.SenderCredentials;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Key {@code good} (in any of the three headers) is realm {@code acme}, identity {@code key:k1};
 * a certificate subject is realm {@code certs}; key {@code blocked} is a refused address (403);
 * anything else is 401.
 */
final class TestAuthentication implements SenderAuthentication {
    final AtomicReference<SenderCredentials> last = new AtomicReference<>();

    @Override
    public Authentication authenticate(SenderCredentials c) {
        last.set(c);
        String key = c.harbourKey();
        if (key == null && c.authorization() != null) {
            String a = c.authorization();
            key = a.startsWith("Bearer ") ? a.substring(7) : a.startsWith("ExtraHop apikey=") ? a.substring(16) : a;
        }
        if ("good".equals(key)) {
            return new Authentication.Accepted("acme", "key:k1");
        }
        if ("blocked".equals(key)) {
            return new Authentication.Refused(403, "address_refused", "this address may not send");
        }
        if (key == null && c.clientCertificateSubject() != null) {
            return new Authentication.Accepted("certs", "cert:" + c.clientCertificateSubject());
        }
        return key == null
                ? new Authentication.Refused(401, "missing_credentials", "no key presented")
                : new Authentication.Refused(401, "unknown_key", "unknown key");
    }
}
