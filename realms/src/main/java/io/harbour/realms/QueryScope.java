package io.harbour.realms;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a query token may read inside its realm: apps (or all), object classes (or all),
 * capabilities, and the address ranges from which the {@code debug} capability may be used.
 *
 * <p>{@code debug} without ranges is refused rather than read as "from anywhere": debug entries
 * carry what the other levels leave out, and seed 002 ties them to source addresses. Whoever
 * wants every address says so with {@code 0.0.0.0/0} and {@code ::/0}.
 */
public record QueryScope(Allowed apps, Allowed classes, Set<Capability> capabilities, List<Cidr> debugRanges) {

    /** Every app, every class, no capabilities. */
    public static final QueryScope EVERYTHING_BUT_DEBUG = new QueryScope(Allowed.ALL, Allowed.ALL, Set.of(), List.of());

    /** @throws IllegalArgumentException when debug and its ranges do not come together */
    public QueryScope {
        Objects.requireNonNull(apps, "apps");
        Objects.requireNonNull(classes, "classes");
        capabilities = Set.copyOf(capabilities);
        debugRanges = List.copyOf(debugRanges);
        if (capabilities.contains(Capability.DEBUG) && debugRanges.isEmpty()) {
            throw new IllegalArgumentException("the debug capability needs at least one debug range"
                    + " (0.0.0.0/0 and ::/0 allow every address)");
        }
        if (!capabilities.contains(Capability.DEBUG) && !debugRanges.isEmpty()) {
            throw new IllegalArgumentException("debug ranges are given but the debug capability is not");
        }
    }

    public boolean allowsApp(String app) {
        return apps.allows(app);
    }

    public boolean allowsClass(String objectClass) {
        return classes.allows(objectClass);
    }

    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /** True when the token has {@code debug} and the caller's address is in one of its ranges. */
    public boolean mayDebugFrom(InetAddress address) {
        return has(Capability.DEBUG) && debugRanges.stream().anyMatch(r -> r.contains(address));
    }

    /** One line for {@code harbour token list}: {@code apps=crm,billing classes=all debug from 10.0.0.0/8}. */
    public String summary() {
        String text = "apps=" + apps + " classes=" + classes;
        if (has(Capability.DEBUG)) {
            text += " debug from " + String.join(",", debugRanges.stream().map(Cidr::toString).toList());
        }
        return text;
    }

    /**
     * A set of names or all of them. "All" is its own state rather than an empty set, so that a
     * token can never widen to everything because a list was emptied by mistake.
     */
    public record Allowed(boolean all, Set<String> names) {
        public static final Allowed ALL = new Allowed(true, Set.of());

        public Allowed {
            names = all ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(names));
            if (!all && names.isEmpty()) {
                throw new IllegalArgumentException("a list of names must not be empty (write all for every one)");
            }
        }

        public static Allowed only(Collection<String> names) {
            return new Allowed(false, new LinkedHashSet<>(names));
        }

        public boolean allows(String name) {
            return all || names.contains(name);
        }

        @Override
        public String toString() {
            return all ? "all" : String.join(",", names);
        }
    }
}
