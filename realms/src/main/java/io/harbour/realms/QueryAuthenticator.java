package io.harbour.realms;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves a query token ({@code Authorization: Bearer TOKEN}) to its realm and scope. Unknown,
 * revoked and malformed tokens, and write keys, all get the same 401 {@code unknown_token}, so the
 * answer never tells whether an id exists.
 */
public final class QueryAuthenticator {
    /** See {@code SenderAuthenticator}: an unknown id costs the same work as a wrong secret. */
    private static final SecretHash NO_SUCH_TOKEN = IssuedCredential.generate(CredentialKind.QUERY, id -> false).hash();

    private final RealmRegistry registry;

    /**
     * Follows the realm file at that path (see {@link RealmRegistry}).
     *
     * @throws RealmException when the file is invalid
     */
    public QueryAuthenticator(Path realmFile) {
        this(RealmRegistry.open(realmFile));
    }

    public QueryAuthenticator(RealmRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param authorization the raw Authorization header, or null
     * @param remoteAddress the caller's address, for the debug ranges
     */
    public QueryAuthentication authenticate(String authorization, InetAddress remoteAddress) {
        if (authorization == null || authorization.isBlank()) {
            return new QueryAuthentication.Refused(401, "missing_credentials", "send a query token as Authorization: Bearer TOKEN");
        }
        Optional<String> bearer = AuthorizationHeader.bearer(authorization);
        if (bearer.isEmpty()) {
            return unknownToken("the Authorization header must be Bearer TOKEN");
        }
        Optional<PresentedKey> parsed = PresentedKey.parse(bearer.get());
        if (parsed.isEmpty()) {
            return unknownToken("unknown or revoked query token");
        }
        PresentedKey token = parsed.get();
        if (token.kind() != CredentialKind.QUERY) {
            return unknownToken("a write key (hk_...) cannot query; use a query token (hq_...)");
        }
        Realms realms = registry.current();
        Optional<Realm> realm = realms.realmOfCredential(token.id());
        Optional<QueryToken> stored = realm.flatMap(r -> r.queryToken(token.id()));
        boolean matches = stored.map(QueryToken::hash).orElse(NO_SUCH_TOKEN).matches(token.text());
        if (!matches || stored.isEmpty()) {
            return unknownToken("unknown or revoked query token");
        }
        QueryScope scope = stored.get().scope();
        return new QueryAuthentication.Accepted(realm.get().name(), token.id(), scope, scope.mayDebugFrom(remoteAddress));
    }

    private static QueryAuthentication.Refused unknownToken(String message) {
        return new QueryAuthentication.Refused(401, "unknown_token", message);
    }
}
