package io.harbour.layout;

import com.fasterxml.jackson.databind.JsonNode;
import io.harbour.model.BatchItem;
import io.harbour.model.BatchReader;
import io.harbour.model.Json;
import io.harbour.model.LogKind;
import io.harbour.model.logharbour.LogEntry;
import io.harbour.model.logharbour.LogEntryFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Record contexts and bodies for tests: what the indexer would hand the layout. */
public final class Records {
    public static final String REALM = "acme";
    /** 2024-05-06T15:30:00Z, near the test data's {@code when} values. */
    public static final Instant RECEIVED = Instant.parse("2024-05-06T15:30:00Z");

    private Records() {
    }

    public static RecordContext context(LogKind kind, long offset) {
        return context(kind, REALM, offset, RECEIVED);
    }

    public static RecordContext context(LogKind kind, String realm, long offset, Instant received) {
        return new RecordContext(kind.defaultTopic(), 0, offset, kind, realm, Times.nanos(received),
                "192.0.2.10", "key:sensor-1", "01HZRECEIPT0000000000000000");
    }

    public static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The 202 entries of the LogHarbour project's test data, each as its exact bytes. */
    public static List<byte[]> testData() {
        return testDataItems().stream().map(BatchItem::raw).toList();
    }

    public static List<BatchItem<LogEntry>> testDataItems() {
        return BatchReader.standard().read(resource("logharbour-testdata.json"), LogEntryFormat.INSTANCE).items();
    }

    public static byte[] resource(String name) {
        try (InputStream in = Records.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
