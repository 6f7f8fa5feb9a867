package io.harbour.realms;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides which realm a sender writes into, from what it presented ({@link SenderCredentials}).
 *
 * <ol>
 *   <li>A write key ({@code X-Harbour-Key: KEY}, {@code Authorization: Bearer KEY} or
 *       ExtraHop's {@code Authorization: ExtraHop apikey=KEY}) decides alone: its realm, as
 *       {@code key:<id>}; or 401 {@code unknown_key} for anything else, whatever the address;
 *       or 403 {@code address_refused} when its realm has {@code require_source_range} and the
 *       address is outside the realm's ranges.</li>
 *   <li>Otherwise a verified client certificate whose subject a realm lists: {@code cert:<subject>}.</li>
 *   <li>Otherwise an address inside a realm's source ranges, for sensors that cannot send
 *       headers: {@code addr:<ip>}.</li>
 *   <li>Otherwise 401: {@code unknown_certificate} if a certificate was shown,
 *       {@code missing_credentials} if nothing was.</li>
 * </ol>
 *
 * <p>A wrong key is refused even from an accepted address: a sender that presents a key means to
 * be that key, and filing its logs under another identity would hide the mistake.
 */
public final class SenderAuthenticator {
    /**
     * Compared against when the id is unknown, so that an unknown id costs the same hash and
     * comparison as a known one with a wrong secret, and timing does not tell ids apart.
     */
    private static final SecretHash NO_SUCH_KEY = IssuedCredential.generate(CredentialKind.WRITE, id -> false).hash();
    private static final String UNKNOWN_KEY = "unknown or revoked write key";

    private final RealmRegistry registry;

    /**
     * Follows the realm file at that path (see {@link RealmRegistry}).
     *
     * @throws RealmException when the file is invalid: better not to start than to refuse everyone
     */
    public SenderAuthenticator(Path realmFile) {
        this(RealmRegistry.open(realmFile));
    }

    /** Shares a registry, for a process that also answers queries. */
    public SenderAuthenticator(RealmRegistry registry) {
        this.registry = registry;
    }

    public Authentication authenticate(SenderCredentials credentials) {
        Realms realms = registry.current();
        InetAddress address = credentials.remoteAddress();
        Optional<String> key;
        try {
            key = presentedKey(credentials);
        } catch (Refusal r) {
            return r.refused;
        }
        if (key.isPresent()) {
            return authenticateKey(realms, key.get(), address);
        }
        String subject = credentials.clientCertificateSubject();
        if (subject != null && !subject.isBlank()) {
            Optional<Realm> realm = realms.realmOfSubject(subject);
            if (realm.isPresent()) {
                return new Authentication.Accepted(realm.get().name(), "cert:" + subject);
            }
        }
        if (address != null) {
            Optional<Realm> realm = realms.realmOfAddress(address);
            if (realm.isPresent()) {
                return new Authentication.Accepted(realm.get().name(), "addr:" + Cidr.display(address));
            }
        }
        if (subject != null && !subject.isBlank()) {
            return new Authentication.Refused(401, "unknown_certificate",
                    "the client certificate's subject is not mapped to any realm");
        }
        return new Authentication.Refused(401, "missing_credentials",
                "send a write key as Authorization: Bearer KEY, Authorization: ExtraHop apikey=KEY or X-Harbour-Key: KEY");
    }

    private static Authentication authenticateKey(Realms realms, String text, InetAddress address) {
        Optional<PresentedKey> parsed = PresentedKey.parse(text);
        if (parsed.isEmpty()) {
            return unknownKey(UNKNOWN_KEY);
        }
        PresentedKey key = parsed.get();
        if (key.kind() != CredentialKind.WRITE) {
            // Told from the prefix alone, which the sender can read itself: this says nothing
            // about whether the token exists.
            return unknownKey("a query token (hq_...) cannot send logs; use a write key (hk_...)");
        }
        Optional<Realm> realm = realms.realmOfCredential(key.id());
        Optional<WriteKey> stored = realm.flatMap(r -> r.writeKey(key.id()));
        boolean matches = stored.map(WriteKey::hash).orElse(NO_SUCH_KEY).matches(key.text());
        if (!matches || stored.isEmpty()) {
            return unknownKey(UNKNOWN_KEY);
        }
        if (realm.get().requireSourceRange() && !realm.get().acceptsAddress(address)) {
            return new Authentication.Refused(403, "address_refused", "realm \"" + realm.get().name()
                    + "\" accepts its keys only from its source ranges, and "
                    + (address == null ? "the sender's address is unknown" : Cidr.display(address) + " is not in them"));
        }
        return new Authentication.Accepted(realm.get().name(), "key:" + key.id());
    }

    /**
     * The key text from the headers, if any. X-Harbour-Key wins when both are sent and the
     * Authorization header is not a key scheme (it may be meant for a proxy on the way); two
     * different keys are refused rather than one of them picked.
     */
    private static Optional<String> presentedKey(SenderCredentials credentials) throws Refusal {
        String header = blankToNull(credentials.harbourKey());
        String authorization = blankToNull(credentials.authorization());
        Optional<String> fromAuthorization = Optional.empty();
        if (authorization != null) {
            fromAuthorization = AuthorizationHeader.writeKey(authorization);
            if (fromAuthorization.isEmpty() && header == null) {
                throw new Refusal(unknownKey("the Authorization header must be Bearer KEY or ExtraHop apikey=KEY"));
            }
        }
        if (header != null && fromAuthorization.isPresent() && !fromAuthorization.get().equals(header)) {
            throw new Refusal(new Authentication.Refused(401, "conflicting_credentials",
                    "the Authorization and X-Harbour-Key headers carry different keys"));
        }
        return header != null ? Optional.of(header) : fromAuthorization;
    }

    private static Authentication.Refused unknownKey(String message) {
        return new Authentication.Refused(401, "unknown_key", message);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** Carries a refusal out of the header parsing. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Authentication.Refused refused;

        Refusal(Authentication.Refused refused) {
            super(refused.code(), null, false, false);
            this.refused = refused;
        }
    }
}
