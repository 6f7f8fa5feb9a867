package io.harbour.indexer.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.Times;
import io.harbour.layout.exchange.ExchangeHalf;
import io.harbour.layout.exchange.ExchangeRestoreQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever the crash: a partition's records joined once without a crash, and the same records
 * joined by an indexer that crashed at a random record, with everything before its committed
 * offset stored, a random part of the rest stored in a random order, restarted from what
 * {@link ExchangeRestoreQuery} would find and replaying from the committed offset, leave
 * Elasticsearch holding the same exchange documents. The traffic has arrival in either order,
 * resent halves, reused sequence numbers, missing partners and partners outside the window, and
 * receive times out of order by less than the grace.
 */
class CrashReplayTest {
    private static final JoinSettings SETTINGS = new JoinSettings(Duration.ofMinutes(5), Duration.ofMinutes(1));
    private static final Instant FAR_FUTURE = Instant.parse("2030-01-01T00:00:00Z");

    private record Record(long offset, ExchangeHalf half) {
    }

    @ParameterizedTest(name = "seeds from {0}")
    @ValueSource(ints = {0, 1000, 2000, 3000, 4000})
    void aCrashAnywhereLeavesTheSameExchanges(int firstSeed) {
        for (int seed = firstSeed; seed < firstSeed + 60; seed++) {
            Random random = new Random(seed);
            List<Record> records = traffic(random);
            Map<String, ObjectNode> reference = withoutCrash(records);
            Map<String, ObjectNode> crashed = withCrash(records, random);
            assertEquals(reference, crashed, "seed " + seed);
        }
    }

    private static Map<String, ObjectNode> withoutCrash(List<Record> records) {
        FakeIndex index = new FakeIndex();
        ExchangeJoiner joiner = new ExchangeJoiner(Halves.TOPIC, Halves.PARTITION, SETTINGS);
        for (Record r : records) {
            index.applyAll(joiner.accept(r.half()).documents());
            index.applyAll(joiner.sweep(joiner.clock().orElseThrow()));
        }
        index.applyAll(joiner.sweep(FAR_FUTURE));
        return index.snapshot();
    }

    private static Map<String, ObjectNode> withCrash(List<Record> records, Random random) {
        int crashAt = random.nextInt(records.size() + 1);
        int committed = random.nextInt(crashAt + 1);
        FakeIndex index = new FakeIndex();
        ExchangeJoiner first = new ExchangeJoiner(Halves.TOPIC, Halves.PARTITION, SETTINGS);
        List<IndexedDocument> stored = new ArrayList<>();
        List<IndexedDocument> inFlight = new ArrayList<>();
        for (int i = 0; i < crashAt; i++) {
            (i < committed ? stored : inFlight).addAll(first.accept(records.get(i).half()).documents());
            // Sweep writes are not tied to an offset: any of them may be lost.
            inFlight.addAll(first.sweep(first.clock().orElseThrow()));
        }
        Collections.shuffle(inFlight, random);
        stored.addAll(inFlight.subList(0, random.nextInt(inFlight.size() + 1)));
        Collections.shuffle(stored, random); // bulk retries reorder writes
        index.applyAll(stored);

        ExchangeJoiner second = new ExchangeJoiner(Halves.TOPIC, Halves.PARTITION, SETTINGS);
        Instant watermark = records.subList(committed, records.size()).stream()
                .map(r -> r.half().receivedAt()).min(Comparator.naturalOrder()).orElse(FAR_FUTURE);
        Instant since = ExchangeRestoreQuery.since(watermark, SETTINGS.lookBack());
        for (ObjectNode source : index.sources()) {
            if (matchesRestoreQuery(source, since)) {
                second.restore(source);
            }
        }
        for (int i = committed; i < records.size(); i++) {
            index.applyAll(second.accept(records.get(i).half()).documents());
            index.applyAll(second.sweep(second.clock().orElseThrow()));
        }
        index.applyAll(second.sweep(FAR_FUTURE));
        return index.snapshot();
    }

    /** What {@link ExchangeRestoreQuery#body} selects, evaluated in memory. */
    private static boolean matchesRestoreQuery(JsonNode source, Instant since) {
        if ("pending".equals(source.path("state").asText())) {
            return true;
        }
        for (String half : new String[] {"request", "response"}) {
            JsonNode received = source.path(half).path("received_at");
            if (received.isTextual() && Times.parseNanos(received.asText()) >= Times.nanos(since)) {
                return true;
            }
        }
        return false;
    }

    /** About 40 exchanges over a few sequence numbers, as one partition would read them. */
    private static List<Record> traffic(Random random) {
        record Event(long nominalMillis, boolean request, long sequence, String marker) {
        }
        List<Event> events = new ArrayList<>();
        long start = 0;
        int exchanges = 20 + random.nextInt(30);
        for (int i = 0; i < exchanges; i++) {
            start += random.nextInt(40_000);
            long sequence = 1 + random.nextInt(4);
            String marker = "m" + i;
            int shape = random.nextInt(10);
            boolean hasRequest = shape != 0;
            boolean hasResponse = shape != 1;
            long gap = random.nextInt(10) == 0 ? 200_000 + random.nextInt(300_000) : random.nextInt(2_000);
            boolean responseFirst = random.nextBoolean();
            long requestAt = responseFirst ? start + gap : start;
            long responseAt = responseFirst ? start : start + gap;
            if (hasRequest) {
                events.add(new Event(requestAt, true, sequence, marker));
                if (random.nextInt(6) == 0) {
                    events.add(new Event(requestAt + random.nextInt(90_000), true, sequence, marker));
                }
            }
            if (hasResponse) {
                events.add(new Event(responseAt, false, sequence, marker));
                if (random.nextInt(6) == 0) {
                    events.add(new Event(responseAt + random.nextInt(90_000), false, sequence, marker));
                }
            }
        }
        events.sort(Comparator.comparingLong(Event::nominalMillis));
        List<Record> records = new ArrayList<>();
        for (Event e : events) {
            long offset = records.size() + 100;
            // Receivers' clocks and producer retries: receive times out of order by up to 20 s (< grace).
            Instant received = Halves.T0.plusMillis(e.nominalMillis() + random.nextInt(20_000));
            ExchangeHalf half = e.request()
                    ? Halves.request(e.sequence(), offset, received, e.marker())
                    : Halves.response(e.sequence(), offset, received, e.marker());
            records.add(new Record(offset, half));
        }
        return records;
    }
}
