package io.harbour.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.realms.Capability;
import io.harbour.realms.Cidr;
import io.harbour.realms.QueryScope;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens of different scopes over the same realm (and one of another realm): each sees exactly
 * its entries, through entries, totals, facets, the app list and unusual IPs alike; naming
 * something outside the scope is 403.
 */
@ExtendWith(HarbourStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeIT {
    private static final String REALM = "scoped";
    private static final String P = "/api/v1/logharbour/";

    QueryApiFixture api;

    @BeforeAll
    void load(ElasticsearchNode es, @TempDir Path dir) throws Exception {
        try (LogHarbourLoader loader = new LogHarbourLoader(es.httpUri().toString())) {
            loader.load(REALM, List.of(
                    Entries.of("s1", "shop", "A", "Info", "2026-04-01T00:00:01Z").object("Order", "1", "create").put("remote_ip", "10.0.0.1").json(),
                    Entries.of("s2", "shop", "A", "Info", "2026-04-01T00:00:02Z").put("remote_ip", "10.0.0.2").json(),
                    Entries.of("s3", "crm", "A", "Info", "2026-04-01T00:00:03Z").object("Customer", "7", "update").put("remote_ip", "10.0.0.3").json(),
                    Entries.of("s4", "shop", "D", "Debug1", "2026-04-01T00:00:04Z").object("Order", "1", "create").put("remote_ip", "10.0.0.4").json(),
                    Entries.of("s5", "hr", "A", "Info", "2026-04-01T00:00:05Z").object("Salary", "9", "update").put("remote_ip", "10.0.0.5").json()));
            loader.load("neighbour", List.of(Entries.of("n1", "shop", "A", "Info", "2026-04-01T00:00:06Z").put("remote_ip", "10.0.0.6").json()));
        }
        api = new QueryApiFixture(dir, es.httpUri().toString(), 100, Clock.systemUTC());
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    private record Seen(List<String> logs, long nrec, List<String> apps, Map<String, Long> whoSet, List<String> unusual, long unusualTotal) {
    }

    private Seen seen(String token) throws Exception {
        JsonNode logs = api.get(token, P + "getlogs").json();
        List<String> ids = new ArrayList<>();
        logs.path("logs").forEach(e -> ids.add(e.path("id").asText()));
        ids.sort(null);
        Map<String, Long> set = new TreeMap<>();
        api.get(token, P + "getset", "setattr", "remote_ip").json().path("setvalues").properties()
                .forEach(e -> set.put(e.getKey(), e.getValue().asLong()));
        JsonNode unusual = api.get(token, P + "getunusualip", "unusualpercent", "50").json();
        return new Seen(ids, logs.path("nrec").asLong(), LogHarbourDefectsIT.toList(api.get(token, P + "getapps").json().path("apps")),
                set, LogHarbourDefectsIT.unusualAddresses(unusual), unusual.path("total").asLong());
    }

    private static QueryScope scope(List<String> apps, List<String> classes, String debugRange) {
        return new QueryScope(apps == null ? QueryScope.Allowed.ALL : QueryScope.Allowed.only(apps),
                classes == null ? QueryScope.Allowed.ALL : QueryScope.Allowed.only(classes),
                debugRange == null ? Set.of() : Set.of(Capability.DEBUG), debugRange == null ? List.of() : List.of(Cidr.parse(debugRange)));
    }

    @Test
    void everyTokenSeesExactlyItsScopeEverywhere() throws Exception {
        Seen all = seen(api.token(REALM, scope(null, null, null)));
        assertEquals(List.of("s1", "s2", "s3", "s5"), all.logs());
        assertEquals(4, all.nrec());
        assertEquals(List.of("crm", "hr", "shop"), all.apps());
        assertEquals(Map.of("10.0.0.1", 1L, "10.0.0.2", 1L, "10.0.0.3", 1L, "10.0.0.5", 1L), all.whoSet());
        assertEquals(4, all.unusualTotal());

        Seen debug = seen(api.token(REALM, scope(null, null, "127.0.0.0/8")));
        assertEquals(List.of("s1", "s2", "s3", "s4", "s5"), debug.logs());
        assertEquals(List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.5"), debug.unusual());

        // debug, but not from this address: as if without it.
        Seen debugElsewhere = seen(api.token(REALM, scope(null, null, "10.9.0.0/16")));
        assertEquals(all, debugElsewhere);

        Seen shop = seen(api.token(REALM, scope(List.of("shop"), null, null)));
        assertEquals(List.of("s1", "s2"), shop.logs());
        assertEquals(2, shop.nrec());
        assertEquals(List.of("shop"), shop.apps());
        assertEquals(Map.of("10.0.0.1", 1L, "10.0.0.2", 1L), shop.whoSet());
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), shop.unusual());
        assertEquals(2, shop.unusualTotal());

        // Classes limited: entries without a class are outside (s2), and debug still needs debug (s4).
        Seen orders = seen(api.token(REALM, scope(null, List.of("Order"), null)));
        assertEquals(List.of("s1"), orders.logs());
        assertEquals(List.of("shop"), orders.apps());
        assertEquals(Map.of("10.0.0.1", 1L), orders.whoSet());
        assertEquals(1, orders.unusualTotal());

        Seen crmAndHr = seen(api.token(REALM, scope(List.of("crm", "hr"), List.of("Salary"), null)));
        assertEquals(List.of("s5"), crmAndHr.logs());
        assertEquals(List.of("hr"), crmAndHr.apps());

        Seen neighbour = seen(api.token("neighbour", scope(null, null, "127.0.0.0/8")));
        assertEquals(List.of("n1"), neighbour.logs());
        assertEquals(List.of("shop"), neighbour.apps());
    }

    @Test
    void namingSomethingOutsideTheScopeIsForbidden() throws Exception {
        String shop = api.token(REALM, scope(List.of("shop"), List.of("Order"), null));
        QueryApiFixture.Answer logs = api.get(shop, P + "getlogs", "app", "crm");
        assertEquals(403, logs.status(), logs.toString());
        assertEquals("app_not_allowed", logs.code());
        assertEquals("app_not_allowed", api.get(shop, P + "getunusualip", "app", "crm", "unusualpercent", "5").code());
        assertEquals("app_not_allowed", api.get(shop, P + "getset", "app", "hr", "setattr", "who").code());
        assertEquals("class_not_allowed", api.get(shop, P + "getlogs", "class", "Customer").code());
        assertEquals("class_not_allowed", api.get(shop, P + "getchanges", "app", "shop", "class", "Salary", "instance", "9").code());
        assertEquals("debug_not_allowed", api.get(shop, P + "getlogs", "type", "D").code());
        // An app outside the scope that does not exist is 403 too: the answer never tells which apps exist.
        assertEquals("app_not_allowed", api.get(shop, P + "getlogs", "app", "nosuchapp").code());
    }
}
