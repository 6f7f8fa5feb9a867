package io.harbour.layout;

import java.util.List;
import java.util.Map;

/**
 * The rules of a retention section, {@code default_days} plus days per realm: retention deletes a
 * realm's daily indices past its days. The indexer's configuration applies the section and the
 * query API's export repeats it (to refuse windows retention has emptied), so both check it here,
 * with the same messages under their own key prefix.
 */
public final class RetentionDays {
    private RetentionDays() {
    }

    /** Adds a problem, naming its key under {@code prefix}, for each rule the section breaks. */
    public static void check(String prefix, int defaultDays, Map<String, Integer> realms, List<String> problems) {
        if (defaultDays < 1) {
            problems.add(prefix + ".default_days: must be at least 1, not " + defaultDays);
        }
        if (realms == null) {
            problems.add(prefix + ".realms: must be a mapping of realm to days (may be empty)");
            return;
        }
        realms.forEach((realm, days) -> {
            if (days == null || days < 1) {
                problems.add(prefix + ".realms." + realm + ": must be at least 1 day, not " + days);
            }
        });
    }
}
