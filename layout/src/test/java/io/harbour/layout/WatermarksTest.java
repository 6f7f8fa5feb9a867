package io.harbour.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WatermarksTest {

    @Test
    void aDocumentPerPartitionKeepsNanosecondsBothWays() {
        Watermarks.WatermarkDocument doc = new Watermarks.WatermarkDocument("harbour.logharbour", 3, "logharbour", 1234,
                Instant.parse("2024-05-06T15:21:48.427582317Z"), Instant.parse("2024-05-06T15:21:50Z"), "indexer-1");
        assertEquals("harbour.logharbour:3", doc.id());
        ObjectNode source = doc.source();
        assertEquals("2024-05-06T15:21:48.427582317Z", source.get(Watermarks.WATERMARK).asText());
        assertEquals(doc, Watermarks.WatermarkDocument.fromSource(source));
        assertTrue(MappingWalker.unmapped(Watermarks.createIndexBody(IndexTemplates.Settings.singleNode())
                .path("mappings").path("properties"), source).isEmpty());
    }

    @Test
    void theMinimumIsTheFirstHitSortedAscending() {
        ObjectNode query = Watermarks.minimumQuery(List.of("harbour.extrahop"));
        assertEquals("{\"size\":1,\"query\":{\"terms\":{\"topic\":[\"harbour.extrahop\"]}},\"sort\":[{\"watermark\":{\"order\":\"asc\"}}]}",
                query.toString());
        assertEquals("{\"size\":1,\"sort\":[{\"watermark\":{\"order\":\"asc\"}}]}", Watermarks.minimumQuery(List.of()).toString());
        String answer = "{\"hits\":{\"hits\":[{\"_source\":" + new Watermarks.WatermarkDocument("t", 0, null, 5,
                Instant.parse("2024-05-06T00:00:00.000000001Z"), Instant.EPOCH, null).source() + "}]}}";
        assertEquals(Optional.of(Instant.parse("2024-05-06T00:00:00.000000001Z")), Watermarks.minimum(Records.json(answer)));
        assertEquals(Optional.empty(), Watermarks.minimum(Records.json("{\"hits\":{\"hits\":[]}}")));
    }
}
