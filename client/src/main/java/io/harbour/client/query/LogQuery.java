package io.harbour.client.query;

import java.util.Map;
import java.util.Optional;

/**
 * The parameters of seed 003's GetLogs: {@link Filters} and, for a page after the first, the
 * cursor of the previous answer.
 * <pre>{@code
 * LogQuery q = LogQuery.builder().app("crm").type(EntryType.ACTIVITY).fromts(since).build();
 * }</pre>
 */
public record LogQuery(Filters filters, Cursor after) {
    public LogQuery {
        filters = filters == null ? Filters.NONE : filters;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Cursor> cursor() {
        return Optional.ofNullable(after);
    }

    /** The same query, resumed after {@code cursor} (null: from the start). */
    public LogQuery after(Cursor cursor) {
        return new LogQuery(filters, cursor);
    }

    Map<String, String> parameters() {
        Map<String, String> p = filters.parameters();
        putCursor(p, after);
        return p;
    }

    static void putCursor(Map<String, String> p, Cursor after) {
        if (after != null) {
            p.put("searchAfterTS", after.searchAfterTS());
            p.put("searchAfterDocID", after.searchAfterDocID());
        }
    }

    public static final class Builder extends Filters.Builder<Builder> {
        private Cursor after;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        public Builder after(Cursor cursor) {
            after = cursor;
            return this;
        }

        public LogQuery build() {
            return new LogQuery(filters(), after);
        }
    }
}
