package io.harbour.query.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.harbour.model.Json;
import io.harbour.query.http.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where a cut export resumes: for each kind, the (received nanos, doc_id) of the last line of that
 * kind already sent, which becomes that kind's search_after. Per kind rather than one position,
 * because the kinds are separate sorted streams; a kind absent from the cursor starts at the
 * window's start. Opaque to callers (base64url of a small JSON array), who pass it back as
 * {@code cursor=} with the same start and end.
 */
public final class ExportCursor {
    /** A position in one kind's stream. */
    public record Position(long receivedNanos, String docId) {
    }

    private static final ExportCursor START = new ExportCursor(Map.of());

    private final Map<ExportKind, Position> positions;

    private ExportCursor(Map<ExportKind, Position> positions) {
        this.positions = positions;
    }

    public static ExportCursor start() {
        return START;
    }

    public static ExportCursor of(Map<ExportKind, Position> positions) {
        Map<ExportKind, Position> copy = new EnumMap<>(ExportKind.class);
        copy.putAll(positions);
        return new ExportCursor(Collections.unmodifiableMap(copy));
    }

    public Position position(ExportKind kind) {
        return positions.get(kind);
    }

    public Map<ExportKind, Position> positions() {
        return positions;
    }

    public String encode() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        positions.forEach((kind, p) -> array.addArray().add(kind.wireName()).add(p.receivedNanos()).add(p.docId()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(array.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code text}, or 400 {@code invalid_cursor}. */
    public static ExportCursor decode(String text) {
        try {
            JsonNode array = Json.mapper().readTree(Base64.getUrlDecoder().decode(text));
            if (array == null || !array.isArray()) {
                throw invalid();
            }
            Map<ExportKind, Position> positions = new EnumMap<>(ExportKind.class);
            for (JsonNode item : array) {
                if (!item.isArray() || item.size() != 3 || !item.get(1).isIntegralNumber() || !item.get(2).isTextual()) {
                    throw invalid();
                }
                ExportKind kind = ExportKind.ofWireName(item.get(0).asText()).orElseThrow(ExportCursor::invalid);
                if (positions.put(kind, new Position(item.get(1).asLong(), item.get(2).asText())) != null) {
                    throw invalid();
                }
            }
            return of(positions);
        } catch (IllegalArgumentException | IOException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.badRequest("invalid_cursor", "cursor",
                "cursor is not one this server gave: pass the cursor of a cut line exactly, with the same start and end");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExportCursor c && positions.equals(c.positions);
    }

    @Override
    public int hashCode() {
        return positions.hashCode();
    }

    @Override
    public String toString() {
        return "ExportCursor" + positions;
    }
}
