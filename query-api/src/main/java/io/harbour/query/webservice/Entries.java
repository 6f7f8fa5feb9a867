package io.harbour.query.webservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.query.logharbour.LogHarbourAccess;

/**
 * Entries as seed 002's calls and the UI answer them: the wire-shaped LogHarbour entry (as GetLogs
 * answers, {@code doc_id} added) whose {@code data} is always there, an object or a string, never
 * null: the UI dereferences it, and seed 002's examples always show one ({@code {}} when the
 * producer sent none).
 */
public final class Entries {
    private Entries() {
    }

    public static ObjectNode shaped(JsonNode hit) {
        ObjectNode entry = LogHarbourAccess.entry(hit);
        JsonNode data = entry.get("data");
        if (data == null || !(data.isObject() || data.isTextual())) {
            entry.putObject("data");
        }
        return entry;
    }
}
