package io.harbour.traffic;

import io.harbour.model.logharbour.Ksuid;
import io.harbour.model.logharbour.GoJson;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.harbour.model.IpAddresses;
import io.harbour.model.logharbour.ActivityData;
import io.harbour.model.logharbour.Change;
import io.harbour.model.logharbour.ChangeData;
import io.harbour.model.logharbour.DebugData;
import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.LogData;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.Priority;
import io.harbour.model.logharbour.Timestamp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Realistic LogHarbour traffic, the same for the same settings and seed, generated one entry at a
 * time so millions stream through without being held.
 *
 * <p>What the traffic looks like:
 * <ul>
 *   <li>apps, users ({@code who}), object classes and instances drawn from Zipf distributions: a
 *       few hot ones and a long tail seen once or twice;
 *   <li>types A (activity), C (data change) and D (debug) in {@link Builder#typeMix} proportions,
 *       all eight priorities with weights that fit each type (debug levels on debug entries, Sec
 *       and Crit rare, failures carrying {@code status: 1} and an {@code error});
 *   <li>data changes that follow each instance's life: its first change is a {@code Create}
 *       (every field from {@code "null"}), later ones {@code Update} one to four fields, a few are
 *       {@code Delete} (every field to {@code "null"}), and each field's {@code old_value} is the
 *       {@code new_value} of its previous change; values are strings as the Go library writes
 *       them ({@code "3"}, {@code "null"}, {@code "[\"gift\"]"});
 *   <li>debug entries with {@code pid}, {@code runtime}, {@code file}, {@code line}, {@code func},
 *       {@code stackTrace} and {@code data};
 *   <li>{@code remote_ip}: each user's usual IPv4 or IPv6 addresses, {@code LOCAL} for internally
 *       triggered entries, sometimes none, and the {@link #rareAddresses()}, each placed exactly
 *       {@link Builder#rareOccurrences} times at seeded positions, so unusual-IP detection has
 *       known answers;
 *   <li>{@code id}: a KSUID (27 base62 characters, its time the entry's second), unique within a
 *       run; {@code when}: nanosecond RFC 3339 in {@code [end - days, end)}, never decreasing, with
 *       a share of entries repeating the previous entry's {@code when} exactly
 *       ({@link Builder#timestampTies}).
 * </ul>
 *
 * <p>Lines are the model's {@code LogEntryFormat} output with Go's HTML escaping ({@link GoJson}),
 * so they are byte for byte what the Go library would write for the same entry.
 *
 * <p>Memory: the run keeps one int per (class, instance, field) and one byte per (class,
 * instance) for the change histories, so about {@code classes x instancesPerClass x 25} bytes
 * (300 KB with the defaults), whatever the number of entries.
 */
public final class TrafficGenerator implements Iterable<GeneratedEntry> {
    /** The default end of the time range: fixed, so that the default traffic is the same everywhere. */
    public static final Instant DEFAULT_END = Instant.parse("2026-01-01T00:00:00Z");

    /**
     * The default rare addresses. The first three lie in the documentation ranges that the query
     * API's test City database locates (203.0.113.0/24 Mumbai, 198.51.100.0/24 Berlin,
     * 2001:db8::/32 Tokyo); the last two are public addresses that database does not hold.
     * Ordinary traffic never uses any of them.
     */
    public static final List<String> DEFAULT_RARE_ADDRESSES = List.of("203.0.113.45", "198.51.100.23",
            "2001:db8:85a3::8a2e:370:7334", "37.120.210.77", "2a02:c207:3001:5831::1");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Updates change 1 to this many fields. */
    private static final int MAX_FIELDS_PER_UPDATE = 4;
    private static final double DELETE_SHARE = 0.04;
    /** Of the carrier-grade NAT addresses many mobile users share. */
    private static final int SHARED_ADDRESSES = 40;

    private final long seed;
    private final long entries;
    private final long startNanos;
    private final long spanNanos;
    private final int users;
    private final int instancesPerClass;
    private final double zipfExponent;
    private final double ipv6Share;
    private final double localShare;
    private final double noAddressShare;
    private final double tieProbability;
    private final List<String> rareAddresses;
    private final int rareOccurrences;
    private final double[] typeMix;
    private final List<AppProfile> apps;
    private final List<ClassProfile> classes;

    private TrafficGenerator(Builder b) {
        seed = b.seed;
        entries = b.entries;
        long endNanos = Math.addExact(Math.multiplyExact(b.end.getEpochSecond(), NANOS_PER_SECOND), b.end.getNano());
        spanNanos = b.span.toNanos();
        startNanos = endNanos - spanNanos;
        users = b.users;
        instancesPerClass = b.instancesPerClass;
        zipfExponent = b.zipfExponent;
        ipv6Share = b.ipv6Share;
        localShare = b.localShare;
        noAddressShare = b.noAddressShare;
        tieProbability = b.tieProbability;
        rareAddresses = List.copyOf(b.rareAddresses);
        rareOccurrences = b.rareOccurrences;
        typeMix = b.typeMix.clone();
        // Profiles come from their own stream of the seed, so they do not shift with other settings.
        SplittableRandom setup = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<AppProfile> appProfiles = new ArrayList<>();
        for (String name : b.appNames) {
            appProfiles.add(AppProfile.of(name, setup));
        }
        apps = List.copyOf(appProfiles);
        List<ClassProfile> classProfiles = new ArrayList<>();
        for (int i = 0; i < b.classNames.size(); i++) {
            classProfiles.add(ClassProfile.of(b.classNames.get(i), i, setup));
        }
        classes = List.copyOf(classProfiles);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How many entries a run yields. */
    public long size() {
        return entries;
    }

    /** The addresses placed exactly {@link Builder#rareOccurrences} times each (fewer only when there are too few entries). */
    public List<String> rareAddresses() {
        return rareAddresses;
    }

    public List<String> apps() {
        return apps.stream().map(AppProfile::name).toList();
    }

    /** The first instant entries may have. */
    public Instant start() {
        return Instant.ofEpochSecond(Math.floorDiv(startNanos, NANOS_PER_SECOND), Math.floorMod(startNanos, NANOS_PER_SECOND));
    }

    /** The end of the range (exclusive). */
    public Instant end() {
        long endNanos = startNanos + spanNanos;
        return Instant.ofEpochSecond(Math.floorDiv(endNanos, NANOS_PER_SECOND), Math.floorMod(endNanos, NANOS_PER_SECOND));
    }

    /** A new run from the start: every call yields the same sequence. */
    @Override
    public Iterator<GeneratedEntry> iterator() {
        return new Run();
    }

    /** The run as a sequential stream. */
    public Stream<GeneratedEntry> stream() {
        return StreamSupport.stream(Spliterators.spliterator(iterator(), entries,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE), false);
    }

    /** The entries only (no JSON is written). */
    public Stream<LogEntry> entries() {
        return stream().map(GeneratedEntry::entry);
    }

    /** The wire lines, without newlines. */
    public Stream<String> lines() {
        return stream().map(GeneratedEntry::line);
    }

    /** Writes the run as NDJSON, one line per entry each ending in {@code \n}, as the Go library writes a file. */
    public void writeNdjson(Writer out) {
        try {
            for (GeneratedEntry entry : this) {
                out.write(entry.line());
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One pass over the traffic: all the mutable state lives here. */
    private final class Run implements Iterator<GeneratedEntry> {
        private final SplittableRandom random = new SplittableRandom(seed);
        /**
         * Ids and trace ids draw only from this stream. SplittableRandom's outputs are a bijection of
         * its state, which never repeats within 2^64 draws, so the first payload word of every id is
         * distinct from every other draw: ids are unique by construction, not by luck.
         */
        private final SplittableRandom idRandom = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
        private final Zipf appZipf = new Zipf(apps.size(), 1.0);
        private final Zipf userZipf = new Zipf(users, zipfExponent);
        private final Zipf classZipf = new Zipf(classes.size(), 0.8);
        private final Zipf instanceZipf = new Zipf(instancesPerClass, zipfExponent);
        private final Zipf sharedZipf = new Zipf(SHARED_ADDRESSES, 1.0);
        private final Weighted<EntryType> types = new Weighted<EntryType>()
                .add(EntryType.ACTIVITY, typeMix[0]).add(EntryType.CHANGE, typeMix[1]).add(EntryType.DEBUG, typeMix[2]);
        private final Weighted<Priority> activityPriorities = new Weighted<Priority>()
                .add(Priority.INFO, 74).add(Priority.WARN, 12).add(Priority.ERR, 8).add(Priority.CRIT, 3).add(Priority.SEC, 3);
        private final Weighted<Priority> changePriorities = new Weighted<Priority>()
                .add(Priority.INFO, 90).add(Priority.WARN, 7).add(Priority.ERR, 3);
        private final Weighted<Priority> debugPriorities = new Weighted<Priority>()
                .add(Priority.DEBUG2, 30).add(Priority.DEBUG1, 35).add(Priority.DEBUG0, 35);
        private final Weighted<String> infoOps = new Weighted<String>()
                .add("view", 35).add("update", 20).add("create", 12).add("search", 10).add("login", 8)
                .add("logout", 5).add("export", 4).add("approve", 4).add("delete", 2);
        private final Set<String> rareSet = new HashSet<>(rareAddresses);
        private final long[] rarePositions;
        private final int[] rareChoice;
        private final byte[][] alive = new byte[classes.size()][];
        private final int[][] versions = new int[classes.size()][];
        private long index;
        private long previousNanos = Long.MIN_VALUE;
        private int rareNext;
        private String traceId;
        private int traceLeft;

        Run() {
            SplittableRandom placement = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
            int wanted = (int) Math.min((long) rareAddresses.size() * rareOccurrences, entries);
            Set<Long> chosen = new HashSet<>();
            while (chosen.size() < wanted) {
                chosen.add(placement.nextLong(entries));
            }
            rarePositions = chosen.stream().mapToLong(Long::longValue).sorted().toArray();
            // Address k for occurrences k, k + n, k + 2n, ...: each gets its exact count, in shuffled order.
            rareChoice = new int[wanted];
            for (int i = 0; i < wanted; i++) {
                rareChoice[i] = i % rareAddresses.size();
            }
            for (int i = wanted - 1; i > 0; i--) {
                int j = placement.nextInt(i + 1);
                int t = rareChoice[i];
                rareChoice[i] = rareChoice[j];
                rareChoice[j] = t;
            }
        }

        @Override
        public boolean hasNext() {
            return index < entries;
        }

        @Override
        public GeneratedEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the run has " + entries + " entries");
            }
            long i = index++;
            long nanos = when(i);
            String rare = null;
            if (rareNext < rarePositions.length && rarePositions[rareNext] == i) {
                rare = rareAddresses.get(rareChoice[rareNext++]);
            }
            AppProfile app = apps.get(appZipf.next(random));
            EntryType type = types.next(random);
            LogEntry.Builder entry = LogEntry.builder()
                    .id(Ksuid.of(Math.floorDiv(nanos, NANOS_PER_SECOND), idRandom.nextLong(), idRandom.nextLong()))
                    .app(app.name())
                    .system(app.systems().get(random.nextInt(app.systems().size())))
                    .type(type)
                    .when(Timestamp.of(rfc3339Nano(nanos)));
            int user = userZipf.next(random);
            String address = rare != null ? rare : address(user, type);
            boolean local = LogEntry.LOCAL.equals(address);
            String who = local ? pick(Vocabulary.SERVICE_ACCOUNTS) : userName(user);
            switch (type) {
                case ACTIVITY -> activity(entry, app, who);
                case CHANGE -> change(entry, app, who);
                default -> debug(entry, app, who);
            }
            entry.remoteIp(address);
            trace(entry);
            return new GeneratedEntry(i, entry.build(), rare != null);
        }

        /** Stratified over the range (entry i lies in the i-th of n equal slots), so times never go back. */
        private long when(long i) {
            long nanos;
            if (previousNanos != Long.MIN_VALUE && tieProbability > 0 && random.nextDouble() < tieProbability) {
                nanos = previousNanos;
            } else {
                long step = Math.max(spanNanos / Math.max(entries, 1), 1);
                nanos = startNanos + Math.min(i * step + random.nextLong(step), spanNanos - 1);
                nanos = Math.max(nanos, previousNanos);
            }
            previousNanos = nanos;
            return nanos;
        }

        private void activity(LogEntry.Builder entry, AppProfile app, String who) {
            Priority pri = activityPriorities.next(random);
            ClassProfile cls = classes.get(classZipf.next(random));
            String instance = cls.instanceId(instanceZipf.next(random));
            entry.pri(pri).module(random.nextDouble() < 0.03 ? "" : pick(app.modules())).who(who);
            String op;
            String msg;
            boolean onObject = true;
            switch (pri) {
                case SEC -> {
                    op = pick(List.of("login", "access", "token"));
                    entry.status(LogEntry.FAILURE).error("unauthorized");
                    onObject = op.equals("access");
                    msg = switch (op) {
                        case "login" -> "login failed: invalid credentials";
                        case "access" -> "access denied to " + cls.name() + " " + instance;
                        default -> "token rejected: signature mismatch";
                    };
                }
                case CRIT -> {
                    op = pick(List.of("update", "create", "checkout"));
                    entry.status(LogEntry.FAILURE).error("dial tcp 10.0.3.7:5432: connect: connection refused");
                    msg = cls.name() + " " + op + " aborted: " + pick(Vocabulary.DEPENDENCIES) + " unreachable";
                }
                case ERR -> {
                    op = pick(List.of("update", "create", "delete", "approve", "export"));
                    entry.status(LogEntry.FAILURE).error(pick(Vocabulary.ERRORS));
                    msg = cls.name() + " " + op + " failed";
                }
                case WARN -> {
                    op = pick(List.of("update", "view", "search", "export"));
                    msg = random.nextBoolean()
                            ? cls.name() + " " + op + " slow (" + (1000 + random.nextInt(9000)) + " ms)"
                            : "retrying " + op + " of " + cls.name() + " " + instance + " (attempt " + (2 + random.nextInt(3)) + ")";
                }
                default -> {
                    op = infoOps.next(random);
                    onObject = !(op.equals("login") || op.equals("logout") || op.equals("search"));
                    msg = switch (op) {
                        case "login" -> "user logged in";
                        case "logout" -> "user logged out";
                        case "search" -> "search returned " + random.nextInt(200) + " results";
                        default -> cls.name() + " " + pastTense(op) + " successfully";
                    };
                }
            }
            entry.op(op).msg(msg);
            if (onObject) {
                entry.className(cls.name()).instance(instance);
            } else if (op.equals("search")) {
                entry.className(cls.name());
            }
            if (random.nextDouble() < 0.7) {
                entry.data(new ActivityData(activityData(op, cls, instance)));
            }
        }

        private String activityData(String op, ClassProfile cls, String instance) {
            ObjectNode data = NODES.objectNode();
            switch (op) {
                case "login", "logout", "token" -> {
                    data.put("agent", pick(List.of("Mozilla/5.0 (X11; Linux x86_64)", "okhttp/4.12.0", "Go-http-client/2.0")));
                    data.put("mfa", random.nextBoolean());
                }
                case "search" -> {
                    data.put("query", pick(List.of("status:open", "price<100 & in_stock", "name:\"blue mug\"", "created>2024-01-01")));
                    data.put("page", 1 + random.nextInt(5));
                }
                default -> {
                    data.put(Character.toLowerCase(cls.name().charAt(0)) + cls.name().substring(1) + "Id", instance);
                    data.put("items", 1 + random.nextInt(9));
                }
            }
            return data.toString();
        }

        private void change(LogEntry.Builder entry, AppProfile app, String who) {
            int c = classZipf.next(random);
            ClassProfile cls = classes.get(c);
            int k = instanceZipf.next(random);
            byte[] states = alive[c] == null ? (alive[c] = new byte[instancesPerClass]) : alive[c];
            int[] fieldVersions = versions[c] == null
                    ? (versions[c] = new int[instancesPerClass * cls.fields().size()]) : versions[c];
            int base = k * cls.fields().size();
            List<Change> changes = new ArrayList<>();
            String op;
            if (states[k] != 1) {
                op = "Create";
                states[k] = 1;
                for (int f = 0; f < cls.fields().size(); f++) {
                    fieldVersions[base + f]++;
                    changes.add(new Change(cls.fields().get(f).name(), "null", value(cls, k, f, fieldVersions[base + f])));
                }
            } else if (random.nextDouble() < DELETE_SHARE) {
                op = "Delete";
                states[k] = 2;
                for (int f = 0; f < cls.fields().size(); f++) {
                    changes.add(new Change(cls.fields().get(f).name(), value(cls, k, f, fieldVersions[base + f]), "null"));
                }
            } else {
                op = "Update";
                int count = 1 + random.nextInt(Math.min(MAX_FIELDS_PER_UPDATE, cls.fields().size()));
                int[] order = shuffled(cls.fields().size());
                Arrays.sort(order, 0, count); // in the class's field order, as a struct diff lists them
                for (int j = 0; j < count; j++) {
                    int f = order[j];
                    String old = value(cls, k, f, fieldVersions[base + f]);
                    String now;
                    do {
                        now = value(cls, k, f, ++fieldVersions[base + f]);
                    } while (now.equals(old)); // a change changes something
                    changes.add(new Change(cls.fields().get(f).name(), old, now));
                }
            }
            String instance = cls.instanceId(k);
            entry.pri(changePriorities.next(random)).module(pick(app.modules())).who(who)
                    .op(op.toLowerCase(java.util.Locale.ROOT)).className(cls.name()).instance(instance)
                    .msg(cls.name() + " " + pastTense(op.toLowerCase(java.util.Locale.ROOT)))
                    .data(new ChangeData(cls.name(), op, changes));
        }

        private void debug(LogEntry.Builder entry, AppProfile app, String who) {
            String module = pick(app.modules());
            String func = pick(Vocabulary.FUNCS);
            String file = "/src/" + app.name().toLowerCase(java.util.Locale.ROOT) + "/" + module + "/"
                    + func.toLowerCase(java.util.Locale.ROOT) + ".go";
            long line = 10 + random.nextInt(790);
            String stack = "1:goroutine; +0x" + Integer.toHexString(0x20 + random.nextInt(0x200)) + ":\t" + file + ":" + line
                    + "\n2:goroutine; +0x" + Integer.toHexString(0x20 + random.nextInt(0x200)) + ":\t/src/logharbour/utils.go:62";
            ObjectNode data = NODES.objectNode();
            switch (random.nextInt(3)) {
                case 0 -> {
                    data.put("coupon", pick(List.of("SAVE10", "WELCOME", "FREESHIP")));
                    data.put("discount", new java.math.BigDecimal(random.nextInt(5000)).movePointLeft(2));
                }
                case 1 -> {
                    data.put("query", "select * from " + module + " where id = $1");
                    data.put("rows", random.nextInt(100));
                    data.put("ms", new java.math.BigDecimal(random.nextInt(20000)).movePointLeft(2));
                }
                default -> {
                    data.put("cache", module);
                    data.put("hit", random.nextBoolean());
                }
            }
            entry.pri(debugPriorities.next(random)).module(module).who(who)
                    .msg(pick(Vocabulary.DEBUG_MESSAGES))
                    .data(new DebugData(app.pid(), app.runtime(), file, line, "main." + func, stack,
                            TextNode.valueOf(data.toString()), Map.of()));
            if (random.nextBoolean()) {
                entry.op(pick(List.of("update", "view", "create")));
            }
            if (random.nextDouble() < 0.4) {
                int c = classZipf.next(random);
                entry.className(classes.get(c).name()).instance(classes.get(c).instanceId(instanceZipf.next(random)));
            }
        }

        /** Traces span a few consecutive entries; about a third of entries carry none. */
        private void trace(LogEntry.Builder entry) {
            if (traceLeft == 0) {
                traceLeft = 1 + random.nextInt(6);
                traceId = random.nextDouble() < 0.65 ? Ksuid.of(0, idRandom.nextLong(), idRandom.nextLong()) : null;
            }
            traceLeft--;
            if (traceId != null) {
                entry.traceId(traceId);
                if (random.nextDouble() < 0.3) {
                    entry.spanId(padded(Long.toHexString(random.nextLong()), 16));
                }
            }
        }

        private String address(int user, EntryType type) {
            double x = random.nextDouble();
            if (x < noAddressShare) {
                return null;
            }
            // Internal triggers are more often behind debug entries (jobs, timers) than user activity.
            double local = type == EntryType.DEBUG ? Math.min(1, localShare * 4) : localShare;
            if (x < noAddressShare + local) {
                return LogEntry.LOCAL;
            }
            double y = random.nextDouble();
            if (y < 0.80) {
                return userAddress(user, 0);
            }
            if (y < 0.90) {
                return userAddress(user, 1); // the same user on another network (phone, home)
            }
            return userAddress(-1 - sharedZipf.next(random), 0); // carrier NAT shared by many
        }

        /** The same address for the same user and slot in every run with this seed. */
        private String userAddress(int user, int slot) {
            long h = mix(seed ^ (user * 0x9E3779B97F4A7C15L) ^ (slot * 0xC2B2AE3D27D4EB4FL));
            while (true) {
                String address = (h >>> 11) % 10_000 < ipv6Share * 10_000 ? ipv6(h) : ipv4(h);
                if (!rareSet.contains(address)) {
                    return address;
                }
                h = mix(h + 1);
            }
        }

        private String userName(int user) {
            int firsts = Vocabulary.FIRST_NAMES.size();
            int lasts = Vocabulary.LAST_NAMES.size();
            String name = Vocabulary.FIRST_NAMES.get(user % firsts) + "." + Vocabulary.LAST_NAMES.get((user / firsts) % lasts);
            int round = user / (firsts * lasts);
            return round == 0 ? name : name + round;
        }

        private int[] shuffled(int n) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return order;
        }

        private <T> T pick(List<T> values) {
            return values.get(random.nextInt(values.size()));
        }
    }

    /** A field's value at one version: a pure function, so old and new values chain across changes. */
    private String value(ClassProfile cls, int instance, int field, int version) {
        long h = mix(seed ^ mix(cls.index() * 0x100000001B3L + instance) ^ (field * 0x9E3779B97F4A7C15L) ^ version);
        int n = (int) ((h >>> 1) % 1_000_000);
        return switch (cls.fields().get(field).kind()) {
            case STATUS -> Vocabulary.STATUSES.get(n % Vocabulary.STATUSES.size());
            case LEVEL -> Vocabulary.LEVELS.get(n % Vocabulary.LEVELS.size());
            case COUNT -> String.valueOf(1 + n % 50);
            case MONEY -> (n % 5000) + "." + padded(String.valueOf((n / 5000) % 100), 2);
            case FLAG -> String.valueOf(n % 2 == 0);
            case PERSON -> Vocabulary.FIRST_NAMES.get(n % Vocabulary.FIRST_NAMES.size());
            case EMAIL -> n % 17 == 0 ? "null"
                    : Vocabulary.FIRST_NAMES.get(n % Vocabulary.FIRST_NAMES.size()) + (n % 1000) + "@example.com";
            case TAGS -> n % 17 == 0 ? "null" : tags(n);
            case NOTE -> n % 17 == 0 ? "null" : Vocabulary.NOTES.get(n % Vocabulary.NOTES.size());
        };
    }

    /** A JSON array as text, which is how the Go library sends a slice-valued field. */
    private static String tags(int n) {
        int count = n % 4;
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(Vocabulary.TAGS.get((n / 7 + i * 3) % Vocabulary.TAGS.size())).append('"');
        }
        return out.append(']').toString();
    }

    private static String pastTense(String op) {
        return switch (op) {
            case "view" -> "viewed";
            case "update" -> "updated";
            case "create" -> "created";
            case "delete" -> "deleted";
            case "export" -> "exported";
            case "approve" -> "approved";
            case "checkout" -> "checked out";
            default -> op + "ed";
        };
    }

    private static String ipv4(long h) {
        int first = Vocabulary.IPV4_FIRST_OCTETS[(int) ((h >>> 40) % Vocabulary.IPV4_FIRST_OCTETS.length)];
        return first + "." + ((h >>> 8) & 0xff) + "." + ((h >>> 16) & 0xff) + "." + (1 + (h >>> 24 & 0xff) % 254);
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    private static String ipv6(long h) {
        int[] prefix = Vocabulary.IPV6_PREFIXES[(int) ((h >>> 40) % Vocabulary.IPV6_PREFIXES.length)];
        long g = mix(h);
        int[] groups = {prefix[0], prefix[1], (int) (g & 0xffff), (int) (g >>> 16 & 0xffff),
                (int) (h & 0xffff), (int) (h >>> 16 & 0xffff), (int) (g >>> 32 & 0xffff), (int) (g >>> 48 & 0xffff)};
        if ((h & 3) == 0) {
            // Many servers and some clients use a short interface id: 2a00:1450:4001:81c::200e.
            groups[4] = 0;
            groups[5] = 0;
            groups[6] = 0;
        }
        return formatIpv6(groups);
    }

    /**
     * Go's {@code time.RFC3339Nano} in UTC (trailing zeros of the fraction dropped, none for whole
     * seconds), written by hand: the model's {@code Timestamp.of(Instant)} formats with
     * {@code String.format}, which would cost more than the rest of an entry.
     */
    static String rfc3339Nano(long epochNanos) {
        long second = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        int nano = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(second, 0, java.time.ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(30)
                .append(padded(String.valueOf(t.getYear()), 4)).append('-')
                .append(padded(String.valueOf(t.getMonthValue()), 2)).append('-')
                .append(padded(String.valueOf(t.getDayOfMonth()), 2)).append('T')
                .append(padded(String.valueOf(t.getHour()), 2)).append(':')
                .append(padded(String.valueOf(t.getMinute()), 2)).append(':')
                .append(padded(String.valueOf(t.getSecond()), 2));
        if (nano != 0) {
            String fraction = padded(String.valueOf(nano), 9);
            int end = fraction.length();
            while (fraction.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(fraction, 0, end);
        }
        return out.append('Z').toString();
    }

    static String padded(String digits, int width) {
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    static String formatIpv6(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** SplitMix64's finaliser: a good, cheap hash of a long. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private record AppProfile(String name, List<String> systems, List<String> modules, String runtime, long pid) {
        static AppProfile of(String name, SplittableRandom setup) {
            String host = name.toLowerCase(java.util.Locale.ROOT);
            List<String> systems = new ArrayList<>();
            int hosts = 1 + setup.nextInt(4);
            for (int i = 1; i <= hosts; i++) {
                systems.add(host + "-vm-0" + i);
            }
            List<String> pool = new ArrayList<>(Vocabulary.MODULES);
            List<String> modules = new ArrayList<>();
            int count = 3 + setup.nextInt(3);
            for (int i = 0; i < count; i++) {
                modules.add(pool.remove(setup.nextInt(pool.size())));
            }
            return new AppProfile(name, List.copyOf(systems), List.copyOf(modules),
                    Vocabulary.RUNTIMES.get(setup.nextInt(Vocabulary.RUNTIMES.size())), 1000 + setup.nextInt(60_000));
        }
    }

    private enum Kind { STATUS, LEVEL, COUNT, MONEY, FLAG, PERSON, EMAIL, TAGS, NOTE }

    private record Field(String name, Kind kind) {
    }

    private static final List<Field> OPTIONAL_FIELDS = List.of(new Field("qty", Kind.COUNT),
            new Field("amount", Kind.MONEY), new Field("discount", Kind.MONEY), new Field("active", Kind.FLAG),
            new Field("assignee", Kind.PERSON), new Field("email", Kind.EMAIL), new Field("tags", Kind.TAGS),
            new Field("note", Kind.NOTE), new Field("priority", Kind.LEVEL));

    private record ClassProfile(String name, int index, List<Field> fields, String idPrefix) {
        static ClassProfile of(String name, int index, SplittableRandom setup) {
            List<Field> pool = new ArrayList<>(OPTIONAL_FIELDS);
            List<Field> fields = new ArrayList<>();
            fields.add(new Field("status", Kind.STATUS));
            int extra = 2 + setup.nextInt(4);
            for (int i = 0; i < extra; i++) {
                fields.add(pool.remove(setup.nextInt(pool.size())));
            }
            // Some systems number their objects, others use prefixed codes (CUST-000123).
            String prefix = index % 3 == 1 ? name.substring(0, Math.min(4, name.length())).toUpperCase(java.util.Locale.ROOT) : null;
            return new ClassProfile(name, index, List.copyOf(fields), prefix);
        }

        String instanceId(int k) {
            return idPrefix == null ? String.valueOf(100 + k) : idPrefix + "-" + padded(String.valueOf(k + 1), 6);
        }
    }

    /** Settings of a generator; every one has a default, so {@code builder().build()} is valid traffic. */
    public static final class Builder {
        private long seed = 1;
        private long entries = 10_000;
        private Instant end = DEFAULT_END;
        private Duration span = Duration.ofDays(7);
        private List<String> appNames = Vocabulary.APPS.subList(0, 6);
        private int users = 2_000;
        private List<String> classNames = Vocabulary.CLASSES.subList(0, 10);
        private int instancesPerClass = 2_000;
        private double zipfExponent = 1.1;
        private double ipv6Share = 0.25;
        private double localShare = 0.04;
        private double noAddressShare = 0.03;
        private double tieProbability = 0.01;
        private List<String> rareAddresses = DEFAULT_RARE_ADDRESSES;
        private int rareOccurrences = 1;
        private double[] typeMix = {0.60, 0.25, 0.15};

        private Builder() {
        }

        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** How many entries a run yields (default 10,000). */
        public Builder entries(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("entries must be 0 or more, got " + value);
            }
            entries = value;
            return this;
        }

        /** The end of the time range, exclusive (default {@link #DEFAULT_END}; tests that query "the last N days" pass now). */
        public Builder end(Instant value) {
            end = Objects.requireNonNull(value, "end");
            return this;
        }

        /** How many days before {@link #end} the entries spread over (default 7). */
        public Builder days(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("days must be at least 1, got " + value);
            }
            return span(Duration.ofDays(value));
        }

        public Builder span(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("the time span must be positive, got " + value);
            }
            span = value;
            return this;
        }

        /** The first {@code count} of a built-in list of app names (default 6, at most 12; more are numbered). */
        public Builder apps(int count) {
            return apps(names(Vocabulary.APPS, count, "App"));
        }

        public Builder apps(String... names) {
            return apps(List.of(names));
        }

        public Builder apps(List<String> names) {
            appNames = nonEmptyDistinct(names, "apps");
            return this;
        }

        /** How many distinct users ({@code who}) there are (default 2,000). */
        public Builder users(int value) {
            users = positive(value, "users");
            return this;
        }

        /** The first {@code count} of a built-in list of object classes (default 10). */
        public Builder classes(int count) {
            return classes(names(Vocabulary.CLASSES, count, "Entity"));
        }

        public Builder classes(String... names) {
            return classes(List.of(names));
        }

        public Builder classes(List<String> names) {
            classNames = nonEmptyDistinct(names, "classes");
            return this;
        }

        /** How many instances each class has (default 2,000); the Zipf draw decides how many are ever touched. */
        public Builder instancesPerClass(int value) {
            instancesPerClass = positive(value, "instancesPerClass");
            return this;
        }

        /** The exponent of the users' and instances' Zipf distributions (default 1.1; larger is a steeper head). */
        public Builder zipfExponent(double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("zipfExponent must be positive, got " + value);
            }
            zipfExponent = value;
            return this;
        }

        /** The share of users whose addresses are IPv6 (default 0.25). */
        public Builder ipv6Share(double value) {
            ipv6Share = share(value, "ipv6Share");
            return this;
        }

        /** The share of entries with {@code remote_ip: "LOCAL"} (default 0.04; four times that for debug entries). */
        public Builder localShare(double value) {
            localShare = share(value, "localShare");
            return this;
        }

        /** The share of entries without {@code remote_ip} (default 0.03). */
        public Builder noAddressShare(double value) {
            noAddressShare = share(value, "noAddressShare");
            return this;
        }

        /**
         * The probability that an entry has exactly the previous entry's {@code when} (default 0.01).
         * 1.0 gives a run whose entries all share one timestamp, for paging tests.
         */
        public Builder timestampTies(double probability) {
            tieProbability = share(probability, "timestampTies");
            return this;
        }

        /** The rare addresses (default {@link #DEFAULT_RARE_ADDRESSES}); empty for none. Each must be an IP literal. */
        public Builder rareAddresses(List<String> addresses) {
            List<String> copy = List.copyOf(addresses);
            for (String address : copy) {
                if (!IpAddresses.isLiteral(address)) {
                    throw new IllegalArgumentException("a rare address must be an IP literal, got \"" + address + "\"");
                }
            }
            if (new HashSet<>(copy).size() != copy.size()) {
                throw new IllegalArgumentException("rare addresses repeat: " + copy);
            }
            rareAddresses = copy;
            return this;
        }

        /** How many entries carry each rare address (default 1). */
        public Builder rareOccurrences(int value) {
            rareOccurrences = positive(value, "rareOccurrences");
            return this;
        }

        /** Relative weights of activity, data-change and debug entries (default 0.60, 0.25, 0.15). */
        public Builder typeMix(double activity, double change, double debug) {
            double[] mix = {activity, change, debug};
            for (double weight : mix) {
                if (!(weight >= 0) || Double.isInfinite(weight)) {
                    throw new IllegalArgumentException("type weights must be 0 or more, got " + Arrays.toString(mix));
                }
            }
            if (activity + change + debug == 0) {
                throw new IllegalArgumentException("at least one type weight must be positive");
            }
            typeMix = mix;
            return this;
        }

        public TrafficGenerator build() {
            if (noAddressShare + localShare * 4 > 1) {
                throw new IllegalArgumentException("noAddressShare + 4 x localShare must not exceed 1 (debug entries"
                        + " are LOCAL four times as often), got " + noAddressShare + " + 4 x " + localShare);
            }
            long endNanos;
            try {
                endNanos = Math.addExact(Math.multiplyExact(end.getEpochSecond(), NANOS_PER_SECOND), end.getNano());
                Math.subtractExact(endNanos, span.toNanos());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("end and span must lie within years 1678 to 2262", e);
            }
            return new TrafficGenerator(this);
        }

        private static List<String> names(List<String> builtIn, int count, String prefix) {
            positive(count, "count");
            List<String> out = new ArrayList<>(builtIn.subList(0, Math.min(count, builtIn.size())));
            for (int i = builtIn.size() + 1; i <= count; i++) {
                out.add(prefix + i);
            }
            return out;
        }

        private static List<String> nonEmptyDistinct(List<String> names, String what) {
            List<String> copy = List.copyOf(names);
            if (copy.isEmpty() || copy.stream().anyMatch(String::isEmpty) || new HashSet<>(copy).size() != copy.size()) {
                throw new IllegalArgumentException(what + " must be distinct non-empty names, got " + copy);
            }
            return copy;
        }

        private static int positive(int value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, got " + value);
            }
            return value;
        }

        private static double share(double value, String what) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(what + " must lie in [0, 1], got " + value);
            }
            return value;
        }
    }
}
