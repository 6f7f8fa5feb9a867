package io.harbour.indexer.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.Times;
import io.harbour.layout.exchange.ExchangeFields;
import io.harbour.layout.exchange.ExchangeIdentity;
import io.harbour.layout.exchange.ExchangeState;
import io.harbour.layout.exchange.HalfKind;
import java.util.Optional;

/** One exchange the joiner keeps in memory: its identity, state, and the halves seen so far. */
final class TrackedExchange {
    private final ExchangeIdentity identity;
    private ExchangeState state;
    private HalfMark request;
    private HalfMark response;

    TrackedExchange(ExchangeIdentity identity, ExchangeState state) {
        this.identity = identity;
        this.state = state;
    }

    ExchangeIdentity identity() {
        return identity;
    }

    ExchangeState state() {
        return state;
    }

    void state(ExchangeState state) {
        this.state = state;
    }

    HalfMark half(HalfKind kind) {
        return kind == HalfKind.REQUEST ? request : response;
    }

    void half(HalfKind kind, HalfMark mark) {
        if (kind == HalfKind.REQUEST) {
            request = mark;
        } else {
            response = mark;
        }
    }

    /** The latest receive time of anything in it: dedupe and eviction count from here. */
    long lastReceivedAtNanos() {
        long last = identity.openedAtNanos();
        if (request != null) {
            last = Math.max(last, request.receivedAtNanos());
        }
        if (response != null) {
            last = Math.max(last, response.receivedAtNanos());
        }
        return last;
    }

    /** Folds what another copy of the same exchange knows into this one (a restore that overlaps). */
    void absorb(TrackedExchange other) {
        if (state == ExchangeState.PENDING) {
            state = other.state;
        }
        if (request == null) {
            request = other.request;
        }
        if (response == null) {
            response = other.response;
        }
    }

    /**
     * The exchange a stored document describes, from the fields {@link io.harbour.layout.exchange.ExchangeRestoreQuery} fetches;
     * empty when the document lacks its identity (it was not written by Harbour's exchange writes).
     */
    static Optional<TrackedExchange> fromSource(JsonNode source) {
        Optional<HalfKind> openedBy = HalfKind.ofField(source.path(ExchangeFields.OPENED_BY).asText());
        Optional<ExchangeState> state = ExchangeState.parse(source.path(ExchangeFields.STATE).asText());
        JsonNode kafka = source.path(CommonFields.KAFKA);
        String id = source.path(ExchangeFields.EXCHANGE_ID).asText(null);
        if (openedBy.isEmpty() || state.isEmpty() || id == null || !source.hasNonNull(ExchangeFields.OPENED_AT)
                || !kafka.hasNonNull("topic") || !kafka.hasNonNull("offset")) {
            return Optional.empty();
        }
        ExchangeIdentity identity = new ExchangeIdentity(id, source.path(CommonFields.REALM).asText(),
                source.path(ExchangeFields.SENSOR).asText(), source.path(ExchangeFields.SEQUENCE).asLong(), openedBy.get(),
                Times.parseNanos(source.get(ExchangeFields.OPENED_AT).asText()), kafka.get("topic").asText(),
                kafka.path("partition").asInt(), kafka.get("offset").asLong());
        TrackedExchange exchange = new TrackedExchange(identity, state.get());
        for (HalfKind kind : HalfKind.values()) {
            JsonNode half = source.path(kind.field());
            if (half.hasNonNull(ExchangeFields.HALF_RECEIVED_AT) && half.path(ExchangeFields.HALF_KAFKA).hasNonNull("offset")) {
                exchange.half(kind, new HalfMark(half.get(ExchangeFields.HALF_KAFKA).get("offset").asLong(),
                        Times.parseNanos(half.get(ExchangeFields.HALF_RECEIVED_AT).asText()),
                        half.hasNonNull(ExchangeFields.LOG_SHA256) ? half.get(ExchangeFields.LOG_SHA256).asText() : null));
            }
        }
        return Optional.of(exchange);
    }
}
