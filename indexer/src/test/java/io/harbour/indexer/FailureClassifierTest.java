package io.harbour.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harbour.indexer.FailureClassifier.Outcome;
import io.harbour.layout.IndexedDocument.WriteMode;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(nullValues = "-", value = {
            // success and replays
            "CREATE, 201, -, STORED",
            "MERGE, 200, -, STORED",
            "MERGE, 201, -, STORED",
            "CREATE, 409, version_conflict_engine_exception, STORED",
            // an update conflict is two writers racing, not a replay: try again
            "MERGE, 409, version_conflict_engine_exception, RETRY",
            // the cluster is busy or broken: retry
            "CREATE, 429, es_rejected_execution_exception, RETRY",
            "CREATE, 429, circuit_breaking_exception, RETRY",
            "CREATE, 500, -, RETRY",
            "CREATE, 502, -, RETRY",
            "CREATE, 503, unavailable_shards_exception, RETRY",
            "CREATE, 504, -, RETRY",
            "CREATE, 404, index_not_found_exception, RETRY",
            "CREATE, 403, cluster_block_exception, RETRY",
            "CREATE, 401, security_exception, RETRY",
            // the document cannot fit its mapping: dead letter
            "CREATE, 400, mapper_parsing_exception, MALFORMED",
            "CREATE, 400, document_parsing_exception, MALFORMED",
            "CREATE, 400, strict_dynamic_mapping_exception, MALFORMED",
            "CREATE, 400, illegal_argument_exception, MALFORMED",
            "MERGE, 400, document_parsing_exception, MALFORMED",
            "CREATE, 400, some_future_exception, MALFORMED",
    })
    void eachItemAnswerIsRoutedOnPurpose(WriteMode mode, int status, String type, Outcome expected) {
        assertEquals(expected, FailureClassifier.classify(mode, status, type));
    }

    @ParameterizedTest
    @CsvSource({"refused", "timeout"})
    void aWholeRequestFailureIsRetried(String kind) {
        Throwable t = kind.equals("refused") ? new ConnectException("Connection refused") : new SocketTimeoutException("30,000 ms");
        assertEquals(Outcome.RETRY, FailureClassifier.classify(t));
    }
}
