package io.harbour.query.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.harbour.layout.IndexNames;
import io.harbour.query.http.ApiException;
import io.harbour.query.logharbour.CallerScope;
import io.harbour.realms.QueryAuthentication;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What one token may export:
 * <ul>
 * <li>its realm only: each kind's realm alias is the only index searched;</li>
 * <li>LogHarbour entries within the token's apps, classes and debug scope: exactly the clauses of
 * {@link CallerScope}, as every LogHarbour call applies them;</li>
 * <li>ExtraHop exchanges and observations only when the token reads every app and every class.
 * They have no app or class, so a token limited to some apps or classes cannot be shown to cover
 * them; giving them to it would widen its scope past what its owner wrote. Asking for such a kind
 * ({@code kind=exchanges}) with a limited token is 403 {@code kind_not_allowed}; without
 * {@code kind}, a limited token simply exports its LogHarbour entries.</li>
 * </ul>
 */
final class ExportScope {
    private final String realm;
    private final boolean everyAppAndClass;
    private final CallerScope logharbour;

    private ExportScope(String realm, boolean everyAppAndClass, CallerScope logharbour) {
        this.realm = realm;
        this.everyAppAndClass = everyAppAndClass;
        this.logharbour = logharbour;
    }

    static ExportScope of(QueryAuthentication.Accepted caller) {
        return new ExportScope(caller.realm(), caller.scope().apps().all() && caller.scope().classes().all(), CallerScope.of(caller));
    }

    String realm() {
        return realm;
    }

    boolean mayRead(ExportKind kind) {
        return kind == ExportKind.LOGHARBOUR || everyAppAndClass;
    }

    /** The kinds to export, in a fixed order: those asked ({@code asked} empty: every kind the token may read). */
    List<ExportKind> kinds(Set<ExportKind> asked) {
        List<ExportKind> out = new ArrayList<>();
        for (ExportKind kind : ExportKind.values()) {
            if (asked.isEmpty()) {
                if (mayRead(kind)) {
                    out.add(kind);
                }
            } else if (asked.contains(kind)) {
                if (!mayRead(kind)) {
                    throw ApiException.forbidden("kind_not_allowed", "kind", "this token is limited to some apps or classes and may"
                            + " read only LogHarbour entries; " + kind.wireName() + " have no app or class and need a token for all of them");
                }
                out.add(kind);
            }
        }
        return out;
    }

    String index(ExportKind kind) {
        return IndexNames.alias(kind.document(), realm);
    }

    /** The scope's clauses for {@code kind}, added to a bool query's filter and must_not. */
    void addTo(ExportKind kind, ArrayNode filter, ArrayNode mustNot) {
        if (kind == ExportKind.LOGHARBOUR) {
            logharbour.addTo(filter, mustNot);
        }
    }
}
