package io.harbour.query.logharbour;

import static io.harbour.query.logharbour.Refusals.refused;

import io.harbour.model.logharbour.EntryType;
import io.harbour.realms.QueryScope;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerScopeTest {
    private final CallerScope shopOrders = new CallerScope("acme", new QueryScope(QueryScope.Allowed.only(List.of("shop")),
            QueryScope.Allowed.only(List.of("Order")), Set.of(), List.of()), false);

    @Test
    void namingWhatTheTokenMayNotReadIsForbidden() {
        refused(403, "app_not_allowed", "app", () -> shopOrders.check("crm", null, null));
        refused(403, "class_not_allowed", "class", () -> shopOrders.check("shop", "Customer", null));
        refused(403, "debug_not_allowed", "type", () -> shopOrders.check(null, null, EntryType.DEBUG));
    }

    @Test
    void whatItMayReadPasses() {
        shopOrders.check("shop", "Order", EntryType.ACTIVITY);
        shopOrders.check(null, null, null);
        new CallerScope("acme", QueryScope.EVERYTHING_BUT_DEBUG, true).check("any", "Any", EntryType.DEBUG);
    }
}
