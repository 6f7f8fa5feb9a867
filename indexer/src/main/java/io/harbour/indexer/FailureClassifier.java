package io.harbour.indexer;

import io.harbour.layout.IndexedDocument.WriteMode;
import java.util.Set;

/**
 * Decides what a bulk item's answer means, so every failure is routed on purpose rather than
 * killing the indexer (kafka-connect-elasticsearch's most common complaint) or being lost:
 * <ul>
 * <li>{@link Outcome#STORED}: written; also a 409 on a create, which is a replay of a record whose
 * document is already there (ids are deterministic);</li>
 * <li>{@link Outcome#MALFORMED}: the document itself is wrong for its mapping; retrying cannot help,
 * so it goes to the dead-letter topic;</li>
 * <li>{@link Outcome#RETRY}: anything that may pass later: 429, 5xx, timeouts, a missing index, a
 * conflict between two updates, a closed or blocked index, credentials an operator must fix. When
 * in doubt, retry: a stall is visible and fixable, a dropped log is not.</li>
 * </ul>
 */
final class FailureClassifier {

    enum Outcome { STORED, RETRY, MALFORMED }

    /** Error types that mean "this document cannot be stored as it is". */
    private static final Set<String> MALFORMED_TYPES = Set.of(
            "mapper_parsing_exception",
            "document_parsing_exception",
            "strict_dynamic_mapping_exception",
            "illegal_argument_exception",
            "mapper_exception",
            "parse_exception",
            "json_parse_exception",
            "x_content_parse_exception",
            "action_request_validation_exception",
            "document_source_missing_exception",
            "invalid_type_name_exception");

    /** Error types that are transient whatever their status says. */
    private static final Set<String> RETRYABLE_TYPES = Set.of(
            "es_rejected_execution_exception",
            "circuit_breaking_exception",
            "cluster_block_exception",
            "unavailable_shards_exception",
            "no_shard_available_action_exception",
            "node_not_connected_exception",
            "node_closed_exception",
            "index_not_found_exception",
            "index_closed_exception",
            "timeout_exception",
            "process_cluster_event_timeout_exception",
            "shard_not_found_exception",
            "primary_missing_action_exception");

    private FailureClassifier() {
    }

    /**
     * @param mode      how the document was written
     * @param status    the item's HTTP status
     * @param errorType the item's {@code error.type}, or null when it has no error
     */
    static Outcome classify(WriteMode mode, int status, String errorType) {
        if (errorType == null && status >= 200 && status < 300) {
            return Outcome.STORED;
        }
        if (status == 409 && mode == WriteMode.CREATE) {
            return Outcome.STORED;
        }
        if (errorType != null && RETRYABLE_TYPES.contains(errorType)) {
            return Outcome.RETRY;
        }
        if (errorType != null && MALFORMED_TYPES.contains(errorType)) {
            return Outcome.MALFORMED;
        }
        if (status == 400) {
            // A 400 of a type we do not know is still about the document, not the cluster.
            return Outcome.MALFORMED;
        }
        return Outcome.RETRY;
    }

    /** A whole request failed (refused connection, timeout, 5xx, 429): nothing in it is known stored. */
    static Outcome classify(Throwable requestFailure) {
        return Outcome.RETRY;
    }

    /** The short reason written into the dead letter's headers. */
    static String reason(int status, String errorType, String errorReason) {
        StringBuilder s = new StringBuilder();
        s.append(errorType == null ? "http_" + status : errorType);
        if (errorReason != null && !errorReason.isBlank()) {
            s.append(": ").append(errorReason);
        }
        return s.toString();
    }
}
