package io.harbour.query.exchange;

import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.query.http.ApiException;
import io.harbour.realms.QueryAuthentication;

/**
 * Who may read exchanges, and where. An exchange has no app and no class, so a token limited to
 * some apps or some classes cannot be shown to cover it: giving it exchanges would widen its scope
 * past what its owner wrote. Only a token whose apps and classes are both "all" reads exchanges;
 * any other gets 403 {@code exchanges_not_allowed} (the rule export applies to
 * {@code kind=exchanges}). The debug capability plays no part: exchanges are not type D entries.
 * The realm's exchange alias is the only index ever searched.
 */
final class ExchangeScope {
    static final String REFUSAL = "exchanges_not_allowed";

    private ExchangeScope() {
    }

    /** The realm's exchange alias, or 403 for a token limited to some apps or classes. */
    static String index(QueryAuthentication.Accepted caller) {
        if (!caller.scope().apps().all() || !caller.scope().classes().all()) {
            throw ApiException.forbidden(REFUSAL, null, "this token is limited to some apps or classes; ExtraHop exchanges have"
                    + " no app or class and need a token for every app and every class");
        }
        return IndexNames.alias(DocumentKind.EXCHANGE, caller.realm());
    }
}
