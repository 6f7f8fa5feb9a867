package io.harbour.traffic;

import io.harbour.model.logharbour.Ksuid;
import io.harbour.model.logharbour.GoJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harbour.model.Batch;
import io.harbour.model.BatchReader;
import io.harbour.model.IpAddresses;
import io.harbour.model.logharbour.ChangeData;
import io.harbour.model.logharbour.Change;
import io.harbour.model.logharbour.DebugData;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import io.harbour.model.logharbour.Priority;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
    private static final int SAMPLE = 50_000;

    private static List<GeneratedEntry> sample(long seed) {
        return TrafficGenerator.builder().seed(seed).entries(SAMPLE).build().stream().toList();
    }

    @Test
    void theSameSeedGivesTheSameLinesAndAnotherSeedOthers() {
        List<String> first = TrafficGenerator.builder().seed(42).entries(5_000).build().lines().toList();
        List<String> again = TrafficGenerator.builder().seed(42).entries(5_000).build().lines().toList();
        List<String> other = TrafficGenerator.builder().seed(43).entries(5_000).build().lines().toList();
        assertEquals(first, again);
        assertNotEquals(first, other);
        // One generator run twice (two iterators) is also the same traffic.
        TrafficGenerator generator = TrafficGenerator.builder().seed(42).entries(5_000).build();
        assertEquals(generator.lines().toList(), generator.lines().toList());
        assertEquals(first, generator.lines().toList());
    }

    @Test
    void everyLineReadsBackAsTheEntryItWasWrittenFrom() {
        List<GeneratedEntry> generated = TrafficGenerator.builder().seed(7).entries(20_000).build().stream().toList();
        String body = generated.stream().map(g -> g.line() + "\n").collect(Collectors.joining());
        Batch<LogEntry> batch = BatchReader.standard().read(body.getBytes(StandardCharsets.UTF_8), LogEntryFormat.INSTANCE);
        assertEquals(List.of(), batch.problems());
        assertEquals(generated.size(), batch.items().size());
        for (int i = 0; i < generated.size(); i++) {
            LogEntry read = batch.items().get(i).value();
            assertEquals(generated.get(i).entry(), read, "line " + (i + 1));
            // Byte for byte: what the receiver stores is the line as sent.
            assertEquals(generated.get(i).line(), batch.items().get(i).text(), "line " + (i + 1));
            assertEquals(generated.get(i).line(), GoJson.line(read), "line " + (i + 1));
        }
    }

    @Test
    void linesUseGoEscapingAndTheGoLibraryFieldOrder() {
        List<String> lines = TrafficGenerator.builder().seed(3).entries(20_000).build().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("\\u0026")), "some text holds an ampersand");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\\u003c")), "some text holds an angle bracket");
        assertTrue(lines.stream().noneMatch(l -> l.indexOf('&') >= 0 || l.indexOf('<') >= 0 || l.indexOf('>') >= 0));
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"id\":\"") && l.indexOf('\n') < 0));
        String line = lines.get(0);
        int[] at = Arrays.stream(new String[] {"\"id\"", "\"app\"", "\"system\"", "\"module\"", "\"type\"", "\"pri\"", "\"when\""})
                .mapToInt(line::indexOf).toArray();
        for (int i = 1; i < at.length; i++) {
            assertTrue(at[i - 1] >= 0 && at[i - 1] < at[i], "field order in " + line);
        }
    }

    @Test
    void everyTypeAndEveryPriorityIsPresentWithRealisticWeights() {
        List<GeneratedEntry> entries = sample(1);
        Map<EntryType, Long> types = entries.stream().collect(Collectors.groupingBy(g -> g.entry().type(),
                () -> new EnumMap<>(EntryType.class), Collectors.counting()));
        assertEquals(EnumSet.of(EntryType.ACTIVITY, EntryType.CHANGE, EntryType.DEBUG), types.keySet());
        assertTrue(types.get(EntryType.ACTIVITY) > types.get(EntryType.CHANGE), types.toString());
        assertTrue(types.get(EntryType.CHANGE) > types.get(EntryType.DEBUG), types.toString());
        Map<Priority, Long> priorities = entries.stream().collect(Collectors.groupingBy(g -> g.entry().pri(),
                () -> new EnumMap<>(Priority.class), Collectors.counting()));
        assertEquals(EnumSet.allOf(Priority.class), priorities.keySet(), priorities.toString());
        Priority commonest = priorities.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertEquals(Priority.INFO, commonest);
        assertTrue(priorities.get(Priority.SEC) < priorities.get(Priority.WARN), priorities.toString());
        assertTrue(priorities.get(Priority.CRIT) < priorities.get(Priority.ERR), priorities.toString());
        // Debug levels belong to debug entries, failures carry status 1 and an error.
        assertTrue(entries.stream().filter(g -> g.entry().pri().compareTo(Priority.INFO) < 0)
                .allMatch(g -> g.entry().type() == EntryType.DEBUG));
        assertTrue(entries.stream().filter(g -> g.entry().failed()).allMatch(g -> g.entry().error() != null));
        assertTrue(entries.stream().noneMatch(g -> g.entry().status() != null && g.entry().status() == LogEntry.SUCCESS),
                "status 0 is omitted, as the Go library does");
    }

    @Test
    void usersAppsAndInstancesHaveAHeadAndALongTail() {
        List<GeneratedEntry> entries = sample(1);
        Map<String, Long> who = counts(entries, e -> e.who());
        long top = who.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long seenAtMostTwice = who.values().stream().filter(c -> c <= 2).count();
        assertTrue(top > SAMPLE / 20, "the busiest user has " + top);
        assertTrue(who.size() > 300, "distinct users: " + who.size());
        assertTrue(seenAtMostTwice > 20, "users seen once or twice: " + seenAtMostTwice);
        Map<String, Long> instances = counts(entries.stream().filter(g -> g.entry().instance() != null).toList(),
                e -> e.className() + "/" + e.instance());
        long instanceTop = instances.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long touchedOnce = instances.values().stream().filter(c -> c == 1).count();
        assertTrue(instanceTop > 100, "the busiest instance has " + instanceTop);
        assertTrue(touchedOnce > instances.size() / 5, touchedOnce + " of " + instances.size() + " touched once");
        Map<String, Long> apps = counts(entries, LogEntry::app);
        assertEquals(6, apps.size());
        assertTrue(apps.values().stream().mapToLong(Long::longValue).max().orElseThrow()
                > 3 * apps.values().stream().mapToLong(Long::longValue).min().orElseThrow(), apps.toString());
    }

    @Test
    void rareAddressesAppearExactlyAsOftenAsAskedAndOrdinaryTrafficNeverUsesThem() {
        TrafficGenerator generator = TrafficGenerator.builder().seed(9).entries(SAMPLE).rareOccurrences(2).build();
        List<GeneratedEntry> entries = generator.stream().toList();
        Map<String, Long> byAddress = counts(entries.stream().filter(g -> g.entry().remoteIp() != null).toList(),
                LogEntry::remoteIp);
        for (String rare : generator.rareAddresses()) {
            assertEquals(2L, byAddress.get(rare), rare);
        }
        assertEquals(2L * generator.rareAddresses().size(), entries.stream().filter(GeneratedEntry::rareAddress).count());
        assertTrue(entries.stream().filter(GeneratedEntry::rareAddress)
                .allMatch(g -> generator.rareAddresses().contains(g.entry().remoteIp())));
        // At 1 percent, the unusual-IP threshold here is 500: the rare ones are far below it, the usual ones above.
        long threshold = SAMPLE / 100;
        assertTrue(byAddress.entrySet().stream().filter(e -> !e.getKey().equals(LogEntry.LOCAL))
                .anyMatch(e -> e.getValue() > threshold), "some addresses are common");
    }

    @Test
    void addressesAreIpv4Ipv6LocalOrAbsent() {
        List<GeneratedEntry> entries = sample(2);
        Map<String, Long> kinds = counts(entries, e -> e.remoteIp() == null ? "absent"
                : e.remoteIp().equals(LogEntry.LOCAL) ? "local" : e.remoteIp().contains(":") ? "ipv6" : "ipv4");
        assertEquals(Map.of("absent", true, "local", true, "ipv4", true, "ipv6", true),
                kinds.keySet().stream().collect(Collectors.toMap(k -> k, k -> true)));
        assertTrue(kinds.get("ipv4") > kinds.get("ipv6"), kinds.toString());
        assertTrue(entries.stream().map(g -> g.entry().remoteIp())
                .filter(ip -> ip != null && !ip.equals(LogEntry.LOCAL)).allMatch(IpAddresses::isLiteral));
        assertTrue(entries.stream().filter(g -> LogEntry.LOCAL.equals(g.entry().remoteIp()))
                .allMatch(g -> List.of("scheduler", "batch-runner", "system").contains(g.entry().who())));
    }

    @Test
    void changesFollowEachInstanceFromCreationToDeletionWithChainedValues() {
        List<GeneratedEntry> entries = sample(4);
        Map<String, String> current = new HashMap<>();
        Map<String, Boolean> alive = new HashMap<>();
        int creations = 0;
        int deletions = 0;
        int recreations = 0;
        for (GeneratedEntry g : entries) {
            LogEntry e = g.entry();
            if (e.type() != EntryType.CHANGE) {
                continue;
            }
            ChangeData data = (ChangeData) e.data();
            String object = e.className() + "/" + e.instance();
            assertEquals(e.className(), data.entity());
            assertEquals(data.op().toLowerCase(), e.op());
            switch (data.op()) {
                case "Create" -> {
                    assertFalse(alive.getOrDefault(object, false), "created twice without a delete: " + object);
                    if (alive.containsKey(object)) {
                        recreations++;
                    }
                    alive.put(object, true);
                    creations++;
                    data.changes().forEach(c -> assertEquals("null", c.oldText(), object + " " + c.field()));
                }
                case "Delete" -> {
                    assertTrue(alive.get(object), "deleted before creation: " + object);
                    alive.put(object, false);
                    deletions++;
                    data.changes().forEach(c -> assertEquals("null", c.newText(), object + " " + c.field()));
                }
                default -> {
                    assertTrue(alive.get(object), "updated while not alive: " + object);
                    assertTrue(data.changes().size() >= 1 && data.changes().size() <= 4);
                    data.changes().forEach(c -> assertNotEquals(c.oldText(), c.newText(), object + " " + c.field()));
                }
            }
            for (Change change : data.changes()) {
                String key = object + "." + change.field();
                assertEquals(current.getOrDefault(key, "null"), change.oldText(), "old value of " + key);
                assertTrue(change.oldValue().isTextual() && change.newValue().isTextual(), "values are strings");
                current.put(key, change.newText());
            }
        }
        assertTrue(creations > 1000 && deletions > 50 && recreations > 5,
                creations + " creations, " + deletions + " deletions, " + recreations + " re-creations");
        assertTrue(entries.stream().filter(g -> g.entry().data() instanceof ChangeData)
                .anyMatch(g -> ((ChangeData) g.entry().data()).changes().stream()
                        .anyMatch(c -> c.newText().startsWith("[\""))), "slice values arrive as JSON text");
    }

    @Test
    void debugEntriesCarryWhereTheyWereLogged() {
        List<DebugData> debug = sample(5).stream().map(g -> g.entry().data())
                .filter(d -> d instanceof DebugData).map(d -> (DebugData) d).toList();
        assertTrue(debug.size() > SAMPLE / 10);
        for (DebugData d : debug) {
            assertNotNull(d.pid());
            assertTrue(d.runtime().startsWith("go1."));
            assertTrue(d.file().startsWith("/src/") && d.file().endsWith(".go"));
            assertTrue(d.line() > 0);
            assertTrue(d.func().startsWith("main."));
            assertTrue(d.stackTrace().contains("goroutine"));
            assertTrue(d.data().isTextual() && d.data().textValue().startsWith("{"));
        }
    }

    @Test
    void timesSpreadOverTheRangeWithNanosecondsAndNeverGoBack() {
        Instant end = Instant.parse("2026-11-23T06:00:00Z");
        List<LogEntry> entries = TrafficGenerator.builder().seed(6).entries(SAMPLE).end(end).days(3).build()
                .entries().toList();
        Instant start = end.minus(Duration.ofDays(3));
        Instant previous = start;
        long ties = 0;
        for (LogEntry e : entries) {
            Instant when = e.when().instant();
            assertFalse(when.isBefore(previous), "time went back at " + e.id());
            assertTrue(when.isBefore(end));
            if (when.equals(previous)) {
                ties++;
            }
            previous = when;
        }
        assertTrue(entries.get(0).when().instant().isBefore(start.plus(Duration.ofMinutes(10))));
        assertTrue(entries.get(SAMPLE - 1).when().instant().isAfter(end.minus(Duration.ofMinutes(10))));
        assertTrue(entries.stream().anyMatch(e -> e.when().text().matches(".*\\.\\d{9}Z")), "nanosecond precision");
        assertTrue(ties > 100 && ties < 2000, "about 1 percent share a timestamp: " + ties);
    }

    @Test
    void allEntriesCanShareOneTimestamp() {
        List<LogEntry> entries = TrafficGenerator.builder().seed(8).entries(10_000).timestampTies(1.0).build()
                .entries().toList();
        assertEquals(1, entries.stream().map(e -> e.when().text()).distinct().count());
        assertEquals(10_000, entries.stream().map(LogEntry::id).distinct().count());
    }

    @Test
    void idsAreUniqueKsuidsOverAMillionEntries() {
        String[] ids = new String[1_000_000];
        Iterator<GeneratedEntry> run = TrafficGenerator.builder().seed(11).entries(ids.length).days(30).build().iterator();
        for (int i = 0; i < ids.length; i++) {
            LogEntry e = run.next().entry();
            ids[i] = e.id();
            if (i % 1000 == 0) {
                assertEquals(27, e.id().length());
                assertTrue(e.id().chars().allMatch(Character::isLetterOrDigit), e.id());
                assertEquals(e.when().instant().getEpochSecond(), Ksuid.time(e.id()).getEpochSecond(), "the id carries the time");
            }
        }
        assertFalse(run.hasNext());
        Arrays.sort(ids);
        for (int i = 1; i < ids.length; i++) {
            assertNotEquals(ids[i - 1], ids[i], "duplicate id");
        }
    }

    @Test
    void ndjsonIsTheLinesEachEndedByANewline() {
        TrafficGenerator generator = TrafficGenerator.builder().seed(12).entries(100).build();
        StringWriter out = new StringWriter();
        generator.writeNdjson(out);
        assertEquals(generator.lines().map(l -> l + "\n").collect(Collectors.joining()), out.toString());
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> TrafficGenerator.builder().days(0));
        assertThrows(IllegalArgumentException.class, () -> TrafficGenerator.builder().entries(-1));
        assertThrows(IllegalArgumentException.class, () -> TrafficGenerator.builder().ipv6Share(1.5));
        assertThrows(IllegalArgumentException.class, () -> TrafficGenerator.builder().rareAddresses(List.of("LOCAL")));
        assertThrows(IllegalArgumentException.class, () -> TrafficGenerator.builder().apps(List.of()));
        assertThrows(IllegalArgumentException.class, () -> TrafficGenerator.builder().typeMix(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> TrafficGenerator.builder().localShare(0.3).build());
    }

    @Test
    void namedAppsAndClassesAreUsedAndCountsBeyondTheBuiltInListsAreNumbered() {
        List<LogEntry> entries = TrafficGenerator.builder().seed(13).entries(5_000).apps("Alpha", "Beta")
                .classes(14).build().entries().toList();
        assertEquals(Map.of("Alpha", true, "Beta", true),
                entries.stream().map(LogEntry::app).distinct().collect(Collectors.toMap(a -> a, a -> true)));
        assertTrue(entries.stream().map(LogEntry::className).anyMatch("Entity13"::equals)
                || entries.stream().map(LogEntry::className).anyMatch("Entity14"::equals));
    }

    private static Map<String, Long> counts(List<GeneratedEntry> entries, Function<LogEntry, String> key) {
        return entries.stream().collect(Collectors.groupingBy(g -> key.apply(g.entry()), Collectors.counting()));
    }
}
