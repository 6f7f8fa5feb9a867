package io.harbour.client.query;

import java.util.Map;
import java.util.Objects;

/**
 * The parameters of seed 003's GetSet: the attribute to count ({@code setattr}: app, type, who,
 * class, instance, op, module, pri, status, remote_ip, system, or field) and {@link Filters}.
 * The server names the attributes it accepts; an unknown one is its 400 {@code invalid_setattr}.
 */
public record SetQuery(String setattr, Filters filters) {
    public SetQuery {
        Objects.requireNonNull(setattr, "setattr is required");
        if (setattr.isBlank()) {
            throw new IllegalArgumentException("setattr is required");
        }
        filters = filters == null ? Filters.NONE : filters;
    }

    public static Builder builder(String setattr) {
        return new Builder(setattr);
    }

    Map<String, String> parameters() {
        Map<String, String> p = filters.parameters();
        p.put("setattr", setattr);
        return p;
    }

    public static final class Builder extends Filters.Builder<Builder> {
        private final String setattr;

        private Builder(String setattr) {
            this.setattr = setattr;
        }

        @Override
        Builder self() {
            return this;
        }

        public SetQuery build() {
            return new SetQuery(setattr, filters());
        }
    }
}
