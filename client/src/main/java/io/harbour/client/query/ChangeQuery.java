package io.harbour.client.query;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of seed 003's GetChanges: the object instance (app, class and instance, all
 * required), optionally one {@code field}, who, and a time window; the cursor for later pages.
 */
public record ChangeQuery(String app, String className, String instance, String field, String who,
                          Instant fromts, Instant tots, Integer ndays, Cursor after) {
    public ChangeQuery {
        Objects.requireNonNull(app, "app is required");
        Objects.requireNonNull(className, "class is required");
        Objects.requireNonNull(instance, "instance is required");
        Filters.checkWindow(fromts, tots, ndays);
    }

    public static Builder builder(String app, String className, String instance) {
        return new Builder(app, className, instance);
    }

    public Optional<Cursor> cursor() {
        return Optional.ofNullable(after);
    }

    public ChangeQuery after(Cursor cursor) {
        return new ChangeQuery(app, className, instance, field, who, fromts, tots, ndays, cursor);
    }

    Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        Filters.put(p, "app", app);
        Filters.put(p, "class", className);
        Filters.put(p, "instance", instance);
        Filters.put(p, "field", field);
        Filters.put(p, "who", who);
        Filters.put(p, "fromts", fromts == null ? null : Filters.time(fromts));
        Filters.put(p, "tots", tots == null ? null : Filters.time(tots));
        Filters.put(p, "ndays", ndays);
        LogQuery.putCursor(p, after);
        return p;
    }

    public static final class Builder {
        private final String app;
        private final String className;
        private final String instance;
        private String field;
        private String who;
        private Instant fromts;
        private Instant tots;
        private Integer ndays;
        private Cursor after;

        private Builder(String app, String className, String instance) {
            this.app = app;
            this.className = className;
            this.instance = instance;
        }

        /** Only the entries that changed this field. */
        public Builder field(String value) { field = value; return this; }
        public Builder who(String value) { who = value; return this; }
        public Builder fromts(Instant value) { fromts = value; return this; }
        public Builder tots(Instant value) { tots = value; return this; }
        public Builder ndays(int value) { ndays = value; return this; }
        public Builder after(Cursor value) { after = value; return this; }

        public ChangeQuery build() {
            return new ChangeQuery(app, className, instance, field, who, fromts, tots, ndays, after);
        }
    }
}
