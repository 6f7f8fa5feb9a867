package io.harbour.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.config.ConfigException;
import io.harbour.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryApiConfigTest {
    private static final String PREFIX = "HARBOUR_QUERY_";

    @Test
    void defaultsAreValidAndMaxrecIs100() {
        QueryApiConfig c = QueryApiConfig.defaults();
        assertEquals(List.of(), c.problems());
        assertEquals(100, c.limits().getlogsMaxrec());
        assertEquals(8090, c.http().port());
    }

    @Test
    void yamlThenEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("query-api.yaml");
        Files.writeString(file, "limits: { getlogs_maxrec: 5 }\ncors: { allowed_origins: [\"http://localhost:4200\"] }\n"
                + "geoip: { database: /data/GeoLite2-City.mmdb }\n");
        QueryApiConfig c = ConfigLoader.load(file, QueryApiConfig.defaults(), PREFIX,
                Map.of(PREFIX + "ELASTICSEARCH_URLS", "http://es1:9200,http://es2:9200", PREFIX + "HTTP_PORT", "9443"));
        assertEquals(5, c.limits().getlogsMaxrec());
        assertEquals(List.of("http://localhost:4200"), c.cors().allowedOrigins());
        assertEquals(List.of("http://es1:9200", "http://es2:9200"), c.elasticsearch().urls());
        assertEquals(9443, c.http().port());
        assertTrue(c.geoip().configured());
    }

    @Test
    void problemsNameTheirKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("query-api.yaml");
        Files.writeString(file, "limits: { getlogs_maxrec: 10001, max_ndays: 0 }\ncors: { allowed_origins: [\"http://ui/path\"] }\n"
                + "http: { worker_threads: 0 }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, QueryApiConfig.defaults(), PREFIX, Map.of()));
        for (String key : List.of("limits.getlogs_maxrec", "limits.max_ndays", "cors.allowed_origins[0]", "http.worker_threads")) {
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        Files.writeString(file, "limits: { getlogs_maxrek: 5 }\n");
        assertThrows(ConfigException.class, () -> ConfigLoader.load(file, QueryApiConfig.defaults(), PREFIX, Map.of()));
    }

    @Test
    void exportRetentionIsShapedLikeTheIndexersWithPerRealmDays(@TempDir Path dir) throws Exception {
        assertEquals(new QueryApiConfig.Export.Retention(30, Map.of()), QueryApiConfig.defaults().export().retention());
        Path file = dir.resolve("query-api.yaml");
        Files.writeString(file, "export:\n  retention:\n    default_days: 14\n    realms:\n      acme: 90\n      brief: 2\n");
        QueryApiConfig c = ConfigLoader.load(file, QueryApiConfig.defaults(), PREFIX, Map.of(PREFIX + "EXPORT_RETENTION_DEFAULT_DAYS", "21"));
        assertEquals(21, c.export().retention().defaultDays());
        assertEquals(90, c.export().retention().daysFor("acme"));
        assertEquals(2, c.export().retention().daysFor("brief"));
        assertEquals(21, c.export().retention().daysFor("other"));

        Files.writeString(file, "export: { retention: { default_days: 0, realms: { acme: 0 } } }\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, QueryApiConfig.defaults(), PREFIX, Map.of()));
        assertTrue(e.getMessage().contains("export.retention.default_days"), e.getMessage());
        assertTrue(e.getMessage().contains("export.retention.realms.acme"), e.getMessage());
        // The one-number key it replaces is refused, not ignored: an operator learns the new shape at start.
        Files.writeString(file, "export: { retention_days: 7 }\n");
        assertThrows(ConfigException.class, () -> ConfigLoader.load(file, QueryApiConfig.defaults(), PREFIX, Map.of()));
    }
}
