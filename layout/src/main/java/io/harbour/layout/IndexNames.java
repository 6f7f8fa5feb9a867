package io.harbour.layout;

import io.harbour.model.RealmName;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Names of Harbour's indices, aliases and templates: the one place they are spelled.
 *
 * <ul>
 * <li>daily write index {@code harbour-<segment>-<realm>-yyyy.MM.dd} (UTC day): the indexer
 * writes here, always by its concrete name;</li>
 * <li>alias {@code harbour-<segment>-<realm>} over every day of one realm and kind: the query API
 * and export search only this, which confines a query to its realm without any filter;</li>
 * <li>template {@code harbour-<segment>} matching {@code harbour-<segment>-*}.</li>
 * </ul>
 *
 * <p>Realm names may contain {@code -}, so a realm wildcard such as
 * {@code harbour-logharbour-acme-*} also matches the indices <em>and alias</em> of a realm
 * {@code acme-eu}. Never use a realm wildcard to confine a query (use {@link #alias}); for
 * administration (retention) list {@link #kindPattern} and keep what {@link #parse} says belongs
 * to the realm: the date suffix has a fixed width and the segment has no {@code -}, so parsing is
 * exact.
 */
public final class IndexNames {
    public static final String PREFIX = "harbour";
    /** Realm names, as the realms module defines them; always valid inside an index name. */
    public static final Pattern REALM = RealmName.PATTERN;
    /** The one index of watermark documents ({@link Watermarks}). Matches no template's pattern. */
    public static final String WATERMARK_INDEX = "harbour-watermarks";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu.MM.dd");
    /** {@code -yyyy.MM.dd}. */
    private static final int DAY_SUFFIX = 11;

    private IndexNames() {
    }

    public static boolean isValidRealm(String realm) {
        return realm != null && REALM.matcher(realm).matches();
    }

    /** The realm, or an exception naming it: an invalid realm would make an invalid index name. */
    public static String requireRealm(String realm) {
        if (!isValidRealm(realm)) {
            throw new IllegalArgumentException("not a realm name (" + REALM.pattern() + "): " + realm);
        }
        return realm;
    }

    /** The UTC day of an instant: what picks a daily index. */
    public static LocalDate day(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }

    public static String writeIndex(DocumentKind kind, String realm, Instant indexTime) {
        return writeIndex(kind, realm, day(indexTime));
    }

    public static String writeIndex(DocumentKind kind, String realm, LocalDate day) {
        String alias = alias(kind, realm);
        int year = day.getYear();
        if (year < 0 || year > 9999) {
            return alias + "-" + DAY.format(day);
        }
        // By hand, as DAY writes it: the indexer names an index for every document it writes.
        StringBuilder name = new StringBuilder(alias.length() + DAY_SUFFIX).append(alias).append('-');
        pad(name, year, 1000).append('.');
        pad(name, day.getMonthValue(), 10).append('.');
        return pad(name, day.getDayOfMonth(), 10).toString();
    }

    /** {@code value} with leading zeros up to the digits of {@code unit} (1000: four digits). */
    private static StringBuilder pad(StringBuilder out, int value, int unit) {
        for (int u = unit; u > 1 && value < u; u /= 10) {
            out.append('0');
        }
        return out.append(value);
    }

    /** The alias over every daily index of one realm and kind; what readers search. */
    public static String alias(DocumentKind kind, String realm) {
        return templateName(kind) + "-" + requireRealm(realm);
    }

    /**
     * {@code harbour-<segment>-<realm>-*}: the realm's daily indices, plus those of any realm whose
     * name extends this one after a {@code -}. See the class comment: filter with {@link #parse}.
     */
    public static String realmPattern(DocumentKind kind, String realm) {
        return alias(kind, realm) + "-*";
    }

    /** {@code harbour-<segment>-*}: every realm's indices (and aliases) of one kind; the template's pattern. */
    public static String kindPattern(DocumentKind kind) {
        return templateName(kind) + "-*";
    }

    /** {@code harbour-<segment>}: the composable index template of a kind. */
    public static String templateName(DocumentKind kind) {
        return PREFIX + "-" + kind.segment();
    }

    /** The kind, realm and day of a daily index name; empty for anything else (aliases included). */
    public static Optional<IndexName> parse(String index) {
        if (index == null || !index.startsWith(PREFIX + "-") || index.length() <= PREFIX.length() + 1 + DAY_SUFFIX) {
            return Optional.empty();
        }
        String rest = index.substring(PREFIX.length() + 1);
        int dash = rest.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        Optional<DocumentKind> kind = DocumentKind.ofSegment(rest.substring(0, dash));
        String realmAndDay = rest.substring(dash + 1);
        int split = realmAndDay.length() - DAY_SUFFIX;
        if (kind.isEmpty() || split < 1 || realmAndDay.charAt(split) != '-') {
            return Optional.empty();
        }
        String realm = realmAndDay.substring(0, split);
        if (!isValidRealm(realm)) {
            return Optional.empty();
        }
        try {
            LocalDate day = LocalDate.parse(realmAndDay.substring(split + 1), DAY);
            IndexName name = new IndexName(kind.get(), realm, day);
            // Refuses non-canonical spellings of a day, so parse and name() are inverse.
            return name.name().equals(index) ? Optional.of(name) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The daily indices among {@code indices} whose whole day is more than {@code keepDays(realm)}
     * days before {@code today}: the ones retention deletes. Names that are not Harbour daily
     * indices are never returned. A realm with keepDays below 0 keeps everything.
     */
    public static List<IndexName> expired(Iterable<String> indices, LocalDate today, ToIntFunction<String> keepDays) {
        Objects.requireNonNull(today, "today");
        List<IndexName> out = new ArrayList<>();
        for (String index : indices) {
            parse(index).ifPresent(name -> {
                int keep = keepDays.applyAsInt(name.realm());
                if (keep >= 0 && name.day().isBefore(today.minusDays(keep))) {
                    out.add(name);
                }
            });
        }
        return out;
    }
}
