package io.harbour.indexer.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordContext;
import io.harbour.layout.Times;
import io.harbour.layout.exchange.ExchangeDocuments;
import io.harbour.layout.exchange.ExchangeHalf;
import io.harbour.layout.exchange.ExchangeRestoreQuery;
import io.harbour.layout.exchange.ExchangeIdentity;
import io.harbour.layout.exchange.ExchangeState;
import io.harbour.layout.exchange.HalfKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Joins ExtraHop request and response logs into exchanges, for one partition of the ExtraHop
 * topic. The record key (realm, sensor, sequence) puts both halves of an exchange in one
 * partition, so a joiner per partition sees both, in offset order; create one when the partition
 * is assigned, {@link #restore} it from Elasticsearch ({@link ExchangeRestoreQuery}), and drop it
 * when the partition is revoked. Not thread-safe: one partition, one thread.
 *
 * <p>The rules, for a half read at offset {@code o} with receive time {@code t}, in this order:
 * <ol>
 * <li><b>Replayed</b>: an exchange already holds this very record (same offset): the same write
 * again. This is what a restart between the committed offset and the stored documents produces.</li>
 * <li><b>Duplicate</b>: an exchange of the key holds the same half with the same bytes, read
 * earlier and received within the window: the sensor (or a sender's retry) sent it twice.
 * Nothing to write.</li>
 * <li><b>Completes</b>: the newest pending exchange of the key that lacks this half, opened
 * earlier and within the window of {@code t}: the half closes it ({@code complete}).</li>
 * <li><b>Opens</b>: otherwise a new exchange, id from the key and this record. So a request
 * arriving when the key's exchange is complete (or orphan, or too old) opens a new one: a sensor
 * that starts its sequence again never overwrites an earlier exchange.</li>
 * </ol>
 * Only halves read before {@code o} count in rules 2 and 3, and the window is measured in receive
 * times, not the wall clock: the same records give the same exchanges, however often they are
 * read and whatever the joiner restored; that is what makes a replay harmless.
 *
 * <p>{@link #sweep} turns exchanges still pending when the partition's clock is past their
 * opening receive time plus window plus grace into {@code orphan}; a partner arriving later opens
 * an exchange of its own. Exchanges are forgotten once nothing more can join or duplicate them.
 *
 * <p>For the watermark: an exchange may change while it is pending, so the indexer holds the
 * ExtraHop partition's watermark at or below {@link #oldestPendingReceivedAt()}, taken before a
 * sweep and released once the sweep's writes are stored.
 */
public final class ExchangeJoiner {
    private final String topic;
    private final int partition;
    private final JoinSettings settings;
    private final Map<ExchangeKey, List<TrackedExchange>> byKey = new HashMap<>();
    private long clockNanos = Long.MIN_VALUE;

    public ExchangeJoiner(String topic, int partition, JoinSettings settings) {
        this.topic = topic;
        this.partition = partition;
        this.settings = settings;
    }

    /** Reads the record and joins it; a body that is not an ExtraHop log is malformed (dead letter). */
    public JoinOutcome accept(RecordContext ctx, byte[] body) throws MalformedRecordException {
        return accept(ExchangeHalf.read(ctx, body));
    }

    public JoinOutcome accept(ExchangeHalf half) {
        if (!topic.equals(half.topic()) || partition != half.partition()) {
            throw new IllegalArgumentException("a record of " + half.topic() + "-" + half.partition()
                    + " given to the joiner of " + topic + "-" + partition);
        }
        clockNanos = Math.max(clockNanos, half.receivedAtNanos());
        List<TrackedExchange> exchanges = byKey.computeIfAbsent(ExchangeKey.of(half), k -> new ArrayList<>());
        HalfKind kind = half.kind();

        for (TrackedExchange x : exchanges) {
            ExchangeIdentity id = x.identity();
            if (id.offset() == half.offset() && id.openedBy() == kind) {
                x.half(kind, HalfMark.of(half));
                return outcome(JoinDecision.REPLAYED, x, ExchangeDocuments.open(id, half));
            }
            HalfMark seen = x.half(kind);
            if (seen != null && seen.offset() == half.offset()) {
                return outcome(JoinDecision.REPLAYED, x, ExchangeDocuments.close(id, half, id.openedAtNanos()));
            }
        }
        for (TrackedExchange x : exchanges) {
            HalfMark seen = x.half(kind);
            if (seen != null && seen.offset() < half.offset() && half.sha256().equals(seen.sha256())
                    && withinWindow(seen.receivedAtNanos(), half.receivedAtNanos())) {
                return new JoinOutcome(JoinDecision.DUPLICATE, x.identity().id(), List.of());
            }
        }
        TrackedExchange partner = null;
        for (TrackedExchange x : exchanges) {
            if (x.state() == ExchangeState.PENDING && x.half(kind) == null && x.identity().offset() < half.offset()
                    && withinWindow(x.identity().openedAtNanos(), half.receivedAtNanos())
                    && (partner == null || x.identity().offset() > partner.identity().offset())) {
                partner = x;
            }
        }
        if (partner != null) {
            partner.half(kind, HalfMark.of(half));
            partner.state(ExchangeState.COMPLETE);
            return outcome(JoinDecision.COMPLETED, partner,
                    ExchangeDocuments.close(partner.identity(), half, partner.identity().openedAtNanos()));
        }
        ExchangeIdentity id = ExchangeIdentity.openedBy(half);
        TrackedExchange opened = new TrackedExchange(id, ExchangeState.PENDING);
        opened.half(kind, HalfMark.of(half));
        exchanges.add(opened);
        return outcome(JoinDecision.OPENED, opened, ExchangeDocuments.open(id, half));
    }

    /**
     * Declares orphan every exchange still pending when the partition's clock reads {@code clock}
     * and forgets the ones nothing can reach any more. {@code clock} is the partition's time, not
     * the wall clock's: the latest receive time read from it ({@link #clock()}), or, while the
     * consumer is caught up and nothing comes, the wall clock less the grace. A consumer that
     * lags must not declare orphan a half whose partner is waiting in the topic.
     *
     * <p>{@code orphaned_at} is the opening receive time plus window plus grace, not
     * {@code clock}, so a sweep done again after a restart writes the same document.
     */
    public List<IndexedDocument> sweep(Instant clock) {
        long now = Times.nanos(clock);
        List<IndexedDocument> writes = new ArrayList<>();
        Iterator<List<TrackedExchange>> lists = byKey.values().iterator();
        while (lists.hasNext()) {
            List<TrackedExchange> exchanges = lists.next();
            Iterator<TrackedExchange> it = exchanges.iterator();
            while (it.hasNext()) {
                TrackedExchange x = it.next();
                long due = x.identity().openedAtNanos() + settings.orphanAfterNanos();
                if (x.state() == ExchangeState.PENDING && due <= now) {
                    x.state(ExchangeState.ORPHAN);
                    writes.add(ExchangeDocuments.orphan(x.identity(), Times.instant(due)));
                }
                if (x.state() != ExchangeState.PENDING && x.lastReceivedAtNanos() + settings.orphanAfterNanos() < now) {
                    it.remove();
                }
            }
            if (exchanges.isEmpty()) {
                lists.remove();
            }
        }
        return writes;
    }

    /**
     * Takes in an exchange stored in Elasticsearch (a hit of {@link ExchangeRestoreQuery}); false
     * when it is not one of this partition's, or not an exchange document.
     */
    public boolean restore(JsonNode source) {
        Optional<TrackedExchange> restored = TrackedExchange.fromSource(source);
        if (restored.isEmpty() || !topic.equals(restored.get().identity().topic())
                || partition != restored.get().identity().partition()) {
            return false;
        }
        TrackedExchange x = restored.get();
        ExchangeIdentity id = x.identity();
        List<TrackedExchange> exchanges = byKey.computeIfAbsent(new ExchangeKey(id.realm(), id.sensor(), id.sequence()),
                k -> new ArrayList<>());
        for (TrackedExchange known : exchanges) {
            if (known.identity().id().equals(id.id())) {
                known.absorb(x);
                return true;
            }
        }
        exchanges.add(x);
        return true;
    }

    /** The opening receive time of the oldest exchange still pending: where the watermark must wait. */
    public Optional<Instant> oldestPendingReceivedAt() {
        long oldest = Long.MAX_VALUE;
        for (List<TrackedExchange> exchanges : byKey.values()) {
            for (TrackedExchange x : exchanges) {
                if (x.state() == ExchangeState.PENDING) {
                    oldest = Math.min(oldest, x.identity().openedAtNanos());
                }
            }
        }
        return oldest == Long.MAX_VALUE ? Optional.empty() : Optional.of(Times.instant(oldest));
    }

    /** The latest receive time joined so far; empty before the first record. */
    public Optional<Instant> clock() {
        return clockNanos == Long.MIN_VALUE ? Optional.empty() : Optional.of(Times.instant(clockNanos));
    }

    /** Exchanges waiting for their partner (a metric). */
    public int pendingCount() {
        return (int) byKey.values().stream().flatMap(List::stream).filter(x -> x.state() == ExchangeState.PENDING).count();
    }

    /** Exchanges held in memory, pending or kept to recognise duplicates (a metric). */
    public int trackedCount() {
        return byKey.values().stream().mapToInt(List::size).sum();
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    private boolean withinWindow(long a, long b) {
        return Math.abs(a - b) <= settings.windowNanos();
    }

    private static JoinOutcome outcome(JoinDecision decision, TrackedExchange x, IndexedDocument write) {
        return new JoinOutcome(decision, x.identity().id(), List.of(write));
    }
}
