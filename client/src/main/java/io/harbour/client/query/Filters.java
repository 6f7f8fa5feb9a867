package io.harbour.client.query;

import io.harbour.model.logharbour.EntryType;
import io.harbour.model.logharbour.Priority;
import io.harbour.model.logharbour.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Seed 003's filters shared by getlogs and getset (app, type, who, class, instance, op, fromts,
 * tots, ndays, remoteIP, pri), as the request parameters they become. Only the rules that need no
 * data are checked here (instance needs class, tots after fromts, ndays positive); the server
 * checks everything else and remains the judge.
 */
public record Filters(String app, EntryType type, String who, String className, String instance, String op,
                      Instant fromts, Instant tots, Integer ndays, String remoteIP, Priority pri) {

    public static final Filters NONE = new Filters(null, null, null, null, null, null, null, null, null, null, null);

    public Filters {
        if (instance != null && className == null) {
            throw new IllegalArgumentException("instance needs class (seed 003: instance must be nil if class is not specified)");
        }
        checkWindow(fromts, tots, ndays);
    }

    static void checkWindow(Instant fromts, Instant tots, Integer ndays) {
        if (fromts != null && tots != null && !tots.isAfter(fromts)) {
            throw new IllegalArgumentException("tots must be after fromts");
        }
        if (ndays != null && ndays < 1) {
            throw new IllegalArgumentException("ndays must be at least 1, not " + ndays);
        }
    }

    /** RFC 3339 in UTC with every nanosecond, as the server reads it. */
    static String time(Instant instant) {
        return Timestamp.of(instant).text();
    }

    static void put(Map<String, String> out, String name, Object value) {
        if (value != null) {
            out.put(name, value.toString());
        }
    }

    /** The request parameters, in seed 003's names. */
    Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "app", app);
        put(p, "type", type == null ? null : type.code());
        put(p, "who", who);
        put(p, "class", className);
        put(p, "instance", instance);
        put(p, "op", op);
        put(p, "fromts", fromts == null ? null : time(fromts));
        put(p, "tots", tots == null ? null : time(tots));
        put(p, "ndays", ndays);
        put(p, "remoteIP", remoteIP);
        put(p, "pri", pri == null ? null : pri.wireName());
        return p;
    }

    /**
     * The filter methods of the query builders, written once: {@code B} is the builder's own type
     * so each call chains on the concrete builder.
     */
    public abstract static class Builder<B extends Builder<B>> {
        String app;
        EntryType type;
        String who;
        String className;
        String instance;
        String op;
        Instant fromts;
        Instant tots;
        Integer ndays;
        String remoteIP;
        Priority pri;

        abstract B self();

        public B app(String value) { app = value; return self(); }
        /** A (activity), C (data change) or D (debug); none means all three. */
        public B type(EntryType value) { type = value; return self(); }
        public B who(String value) { who = value; return self(); }
        /** The wire field {@code class}. */
        public B className(String value) { className = value; return self(); }
        /** Needs {@link #className}. */
        public B instance(String value) { instance = value; return self(); }
        public B op(String value) { op = value; return self(); }
        /** Inclusive; given alone, entries come oldest first. */
        public B fromts(Instant value) { fromts = value; return self(); }
        /** Inclusive; must be after fromts. */
        public B tots(Instant value) { tots = value; return self(); }
        /** Days back from now; ignored by the server when fromts or tots is given. */
        public B ndays(int value) { ndays = value; return self(); }
        /** An address, a CIDR range, or {@code LOCAL}. */
        public B remoteIP(String value) { remoteIP = value; return self(); }
        /** This priority or higher; leaves data-change entries out. */
        public B pri(Priority value) { pri = value; return self(); }

        /** Copies every filter of {@code f} (for a query that narrows another one). */
        public B filters(Filters f) {
            app = f.app;
            type = f.type;
            who = f.who;
            className = f.className;
            instance = f.instance;
            op = f.op;
            fromts = f.fromts;
            tots = f.tots;
            ndays = f.ndays;
            remoteIP = f.remoteIP;
            pri = f.pri;
            return self();
        }

        Filters filters() {
            return new Filters(app, type, who, className, instance, op, fromts, tots, ndays, remoteIP, pri);
        }
    }
}
