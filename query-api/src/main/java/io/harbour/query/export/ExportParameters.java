package io.harbour.query.export;

import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parameters of {@code /api/v1/logs/received} (and the subset {@code /api/v1/logs/ids/{id}}
 * takes), checked: each refusal is 400 naming its parameter. What depends on the server's state
 * (the watermark, retention) is {@link WindowRules}'; what depends on the token is
 * {@link ExportScope}'s.
 *
 * @param startNanos inclusive
 * @param endNanos   exclusive
 * @param count      at most this many lines; {@link Long#MAX_VALUE} when not given
 * @param sample     null when not given
 * @param fields     the projection; empty for every field
 * @param kinds      the kinds asked for; empty for every kind the token may read
 */
public record ExportParameters(long startNanos, long endNanos, long count, Sampler sample, Set<String> fields,
                               TimestampFormat timestamps, Set<ExportKind> kinds, ExportCursor cursor) {
    public static final List<String> RECEIVED = List.of("start", "end", "count", "sample", "fields", "timestamps", "kind", "cursor");
    public static final List<String> IDS = List.of("fields", "timestamps", "kind");

    /** The parameters of a window export. */
    public static ExportParameters received(RequestParameters p) {
        p.allowOnly(RECEIVED);
        long start = ExportTime.parse("start", p.require("start"));
        long end = ExportTime.parse("end", p.require("end"));
        long count = p.get("count").map(ExportParameters::count).orElse(Long.MAX_VALUE);
        Sampler sample = p.get("sample").map(ExportParameters::sample).orElse(null);
        ExportCursor cursor = p.get("cursor").map(ExportCursor::decode).orElse(ExportCursor.start());
        return new ExportParameters(start, end, count, sample, fields(p), timestamps(p), kinds(p), cursor);
    }

    /** The parameters of an id lookup: no window, no count, no sample. */
    public static ExportParameters ids(RequestParameters p) {
        p.allowOnly(IDS);
        return new ExportParameters(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, null, fields(p), timestamps(p), kinds(p),
                ExportCursor.start());
    }

    private static long count(String text) {
        try {
            long n = Long.parseLong(text.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below with the same message
        }
        throw ApiException.badRequest("invalid_count", "count", "count must be a whole number of at least 1, not " + text);
    }

    private static Sampler sample(String text) {
        try {
            double s = Double.parseDouble(text.trim());
            if (s > 0 && s <= 1) {
                return new Sampler(s);
            }
        } catch (NumberFormatException e) {
            // refused below with the same message
        }
        throw ApiException.badRequest("invalid_sample", "sample", "sample must be a number above 0 and at most 1 (0.1 keeps a tenth), not " + text);
    }

    private static Set<String> fields(RequestParameters p) {
        return p.get("fields").map(text -> Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new))).map(Set::copyOf).orElse(Set.of());
    }

    private static TimestampFormat timestamps(RequestParameters p) {
        return p.get("timestamps").map(text -> TimestampFormat.ofWireName(text.trim()).orElseThrow(() ->
                ApiException.badRequest("invalid_timestamps", "timestamps",
                        "timestamps must be unixnano (the default), unix or rfc3339, not " + text))).orElse(TimestampFormat.UNIXNANO);
    }

    private static Set<ExportKind> kinds(RequestParameters p) {
        if (p.get("kind").isEmpty()) {
            return Set.of();
        }
        Set<ExportKind> kinds = EnumSet.noneOf(ExportKind.class);
        for (String name : p.get("kind").get().split(",")) {
            if (name.isBlank()) {
                continue;
            }
            kinds.add(ExportKind.ofWireName(name.trim()).orElseThrow(() -> ApiException.badRequest("invalid_kind", "kind",
                    "kind " + name.trim() + " is not one of " + Arrays.stream(ExportKind.values()).map(ExportKind::wireName)
                            .collect(Collectors.joining(", ")))));
        }
        return Set.copyOf(kinds);
    }
}
