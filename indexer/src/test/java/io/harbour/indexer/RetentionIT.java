package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexName;
import io.harbour.layout.IndexNames;
import io.harbour.layout.IndexTemplates;
import io.harbour.stack.ElasticsearchNode;
import io.harbour.stack.HarbourStackExtension;
import io.harbour.stack.KafkaBroker;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Retention deletes only the daily indices past their realm's limit; the dry run deletes nothing. */
@ExtendWith(HarbourStackExtension.class)
class RetentionIT {

    @Test
    void onlyIndicesPastTheirRealmsLimitAreDeletedAndTheDryRunDeletesNothing(KafkaBroker kafka, ElasticsearchNode es) throws Exception {
        try (Harness h = new Harness(kafka, es, "retention");
             ElasticsearchConnection connection = new ElasticsearchConnection(h.config.elasticsearch(), Harness.JSON)) {
            Instant now = Instant.now();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            List<String> all = new ArrayList<>();
            List<String> old = new ArrayList<>();
            Map<String, Integer> days = Map.of("ret-short", 7, "ret-long", 60);
            for (String realm : days.keySet()) {
                for (int back : new int[] {0, 3, 8, 40, 61}) {
                    for (DocumentKind kind : List.of(DocumentKind.LOGHARBOUR, DocumentKind.OBSERVATION)) {
                        String name = IndexNames.writeIndex(kind, realm, today.minusDays(back));
                        h.http("PUT", "/" + name, IndexTemplates.createIndexBody(kind, realm).toString());
                        all.add(name);
                        if (back > days.get(realm)) {
                            old.add(name);
                        }
                    }
                }
            }
            Retention retention = new Retention(connection, realm -> days.getOrDefault(realm, 100_000), name -> { });

            List<String> wouldDelete = retention.dryRun(now).stream().map(IndexName::name).toList();
            assertEquals(new TreeSet<>(old), new TreeSet<>(wouldDelete));
            assertEquals(new TreeSet<>(all), existing(h), "the dry run deletes nothing");

            List<String> deleted = retention.run(now).stream().map(IndexName::name).toList();
            assertEquals(new TreeSet<>(old), new TreeSet<>(deleted));
            TreeSet<String> kept = new TreeSet<>(all);
            kept.removeAll(old);
            assertEquals(kept, existing(h), "only the indices past their realm's limit are gone");
            assertTrue(retention.dryRun(now).isEmpty());
        }
    }

    private static TreeSet<String> existing(Harness h) throws Exception {
        TreeSet<String> names = new TreeSet<>();
        for (JsonNode row : h.http("GET", "/_cat/indices/harbour-*-ret-*?format=json&h=index", null)) {
            names.add(row.path("index").asText());
        }
        return names;
    }
}
