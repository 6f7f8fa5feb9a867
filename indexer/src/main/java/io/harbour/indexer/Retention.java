package io.harbour.indexer;

import io.harbour.elastic.ElasticsearchConnection;
import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexName;
import io.harbour.layout.IndexNames;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes whole daily indices past their realm's retention. The node has no
 * {@code _delete_by_query} and no ILM, and a whole-index delete is cheap and leaves no deleted
 * documents behind, which is why indices are per day in the first place. Which indices are past
 * their limit is the layout's rule ({@link IndexNames#expired}: read from the names, never from
 * creation dates, so a day restored from a snapshot keeps its age). The dry run lists exactly
 * what a real run would delete, and deletes nothing.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private final ElasticsearchConnection es;
    private final ToIntFunction<String> daysForRealm;
    private final Consumer<String> deleted;

    /**
     * @param daysForRealm days kept per realm
     * @param deleted      told each index deleted (so the indexer recreates it, alias and all, if a late record needs it)
     */
    public Retention(ElasticsearchConnection es, ToIntFunction<String> daysForRealm, Consumer<String> deleted) {
        this.es = es;
        this.daysForRealm = daysForRealm;
        this.deleted = deleted;
    }

    /** The daily indices past their limit at {@code now}, oldest first, from a list of index names. */
    List<IndexName> expired(List<String> indexNames, Instant now) {
        List<IndexName> out = new ArrayList<>(IndexNames.expired(indexNames, now.atZone(ZoneOffset.UTC).toLocalDate(), daysForRealm));
        out.sort(Comparator.comparing(IndexName::day).thenComparing(IndexName::name));
        return out;
    }

    /** What a run would delete now; deletes nothing. */
    public List<IndexName> dryRun(Instant now) throws IOException {
        return expired(listDailyIndices(), now);
    }

    /** Deletes the indices past their limit; returns those deleted. */
    public List<IndexName> run(Instant now) throws IOException {
        List<IndexName> gone = new ArrayList<>();
        for (IndexName d : expired(listDailyIndices(), now)) {
            ElasticsearchConnection.JsonResponse r = es.send("DELETE", "/" + d.name(), null);
            if (r.ok() || "index_not_found_exception".equals(r.errorType())) {
                deleted.accept(d.name());
                gone.add(d);
                LOG.info("retention: deleted {} (realm {}, day {}, limit {} days)", d.name(), d.realm(), d.day(), daysForRealm.applyAsInt(d.realm()));
            } else {
                throw new IOException("deleting " + d.name() + ": HTTP " + r.status() + " " + r.body());
            }
        }
        return gone;
    }

    private List<String> listDailyIndices() throws IOException {
        List<String> names = new ArrayList<>();
        for (DocumentKind kind : DocumentKind.values()) {
            ElasticsearchConnection.JsonResponse r = es.send("GET", "/_cat/indices/" + IndexNames.kindPattern(kind)
                    + "?format=json&h=index&expand_wildcards=open,closed", null);
            if (!r.ok()) {
                throw new IOException("listing indices: HTTP " + r.status() + " " + r.body());
            }
            for (JsonNode row : r.body()) {
                names.add(row.path("index").asText());
            }
        }
        return names;
    }
}
