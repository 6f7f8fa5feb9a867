package io.harbour.client.query;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of seed 003's GetUnusualIP: {@code unusualpercent} (required, above 0 and at most
 * 50), and optionally app, who, class, op (meaningful only with class: the server ignores it
 * otherwise and says so in the answer's notes) and ndays (without it, the most recent MAXREC
 * entries with an address are examined).
 */
public record UnusualIpQuery(double unusualPercent, String app, String who, String className, String op, Integer ndays) {
    public UnusualIpQuery {
        // NaN fails both comparisons, so it is refused too.
        if (!(unusualPercent > 0 && unusualPercent <= 50)) {
            throw new IllegalArgumentException("unusualpercent must be above 0 and at most 50, not " + unusualPercent);
        }
        Filters.checkWindow(null, null, ndays);
    }

    public static Builder builder(double unusualPercent) {
        return new Builder(unusualPercent);
    }

    Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        Filters.put(p, "unusualpercent", unusualPercent);
        Filters.put(p, "app", app);
        Filters.put(p, "who", who);
        Filters.put(p, "class", className);
        Filters.put(p, "op", op);
        Filters.put(p, "ndays", ndays);
        return p;
    }

    public static final class Builder {
        private final double unusualPercent;
        private String app;
        private String who;
        private String className;
        private String op;
        private Integer ndays;

        private Builder(double unusualPercent) {
            this.unusualPercent = unusualPercent;
        }

        public Builder app(String value) { app = value; return this; }
        public Builder who(String value) { who = value; return this; }
        public Builder className(String value) { className = value; return this; }
        public Builder op(String value) { op = value; return this; }
        public Builder ndays(int value) { ndays = value; return this; }

        public UnusualIpQuery build() {
            return new UnusualIpQuery(unusualPercent, app, who, className, op, ndays);
        }
    }
}
