package io.harbour.layout.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexNames;
import io.harbour.layout.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The search that rebuilds the indexer's exchange joiner after a restart or a rebalance, run once
 * per assigned ExtraHop partition before its first record is joined:
 * {@code POST }{@link #INDEX}{@code /_search} with {@link #body}, then again with
 * {@link #nextSearchAfter} until it is null; each hit's {@code _source} goes to the joiner's
 * {@code restore}.
 *
 * <p>It fetches the partition's exchanges that are still {@code pending} (whatever their age:
 * they must still be declared orphan), and every exchange with a half received since
 * {@link #since}: the records the consumer is about to read again (everything from the committed
 * offset on) can only be, pair with or duplicate those. Bodies and headers are left out: the
 * joiner needs identities, receive times, offsets and fingerprints only.
 */
public final class ExchangeRestoreQuery {
    /** Every realm's exchange indices: a partition holds many realms. */
    public static final String INDEX = IndexNames.kindPattern(DocumentKind.EXCHANGE);
    public static final int PAGE_SIZE = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ExchangeRestoreQuery() {
    }

    /**
     * Where the look-back starts: the partition's watermark (every record received before it is
     * stored, so every record still to be read again was received after it) less
     * {@code lookBack}, the join window plus its grace: what such a record can pair with or
     * duplicate. {@code null} (no watermark yet) looks back to the beginning.
     */
    public static Instant since(Instant partitionWatermark, Duration lookBack) {
        return partitionWatermark == null ? Instant.EPOCH : partitionWatermark.minus(lookBack);
    }

    /** One page; {@code searchAfter} is null for the first, else the previous page's last {@code sort}. */
    public static ObjectNode body(String topic, int partition, Instant since, JsonNode searchAfter) {
        ObjectNode body = NODES.objectNode();
        body.put("size", PAGE_SIZE);
        body.put("track_total_hits", false);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put(CommonFields.KAFKA_TOPIC, topic);
        filter.addObject().putObject("term").put(CommonFields.KAFKA_PARTITION, partition);
        ObjectNode either = filter.addObject().putObject("bool");
        ArrayNode should = either.putArray("should");
        should.addObject().putObject("term").put(ExchangeFields.STATE, ExchangeState.PENDING.value());
        for (HalfKind kind : HalfKind.values()) {
            should.addObject().putObject("range").putObject(kind.field() + "." + ExchangeFields.HALF_RECEIVED_AT)
                    .put("gte", Times.format(since));
        }
        either.put("minimum_should_match", 1);
        body.putArray("sort").addObject().put(CommonFields.DOC_ID, "asc");
        ArrayNode includes = body.putObject("_source").putArray("includes");
        for (String field : List.of(ExchangeFields.EXCHANGE_ID, CommonFields.REALM, ExchangeFields.SENSOR,
                ExchangeFields.SEQUENCE, ExchangeFields.STATE, ExchangeFields.OPENED_BY, ExchangeFields.OPENED_AT,
                CommonFields.KAFKA)) {
            includes.add(field);
        }
        for (HalfKind kind : HalfKind.values()) {
            includes.add(kind.field() + "." + ExchangeFields.HALF_RECEIVED_AT);
            includes.add(kind.field() + "." + ExchangeFields.HALF_KAFKA);
            includes.add(kind.field() + "." + ExchangeFields.LOG_SHA256);
        }
        if (searchAfter != null) {
            body.set("search_after", searchAfter);
        }
        return body;
    }

    /** The {@code sort} of the last hit of an answer, for the next page; null when the answer was the last page. */
    public static JsonNode nextSearchAfter(JsonNode answer) {
        JsonNode hits = answer.path("hits").path("hits");
        if (!hits.isArray() || hits.size() < PAGE_SIZE) {
            return null;
        }
        return hits.get(hits.size() - 1).get("sort");
    }
}
