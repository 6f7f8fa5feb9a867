package io.harbour.layout.observation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.DocumentBuilder;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.Records;
import io.harbour.model.LogKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservationDocumentsTest {
    private final DocumentBuilder builder = new DocumentBuilder();

    private List<IndexedDocument> build(long offset, String body) throws Exception {
        return builder.build(Records.context(LogKind.OBSERVATIONS, offset), Records.bytes(body));
    }

    @Test
    void anObservationIsSearchableByEitherAddressAndByTime() throws Exception {
        List<IndexedDocument> docs = build(1, "{\"observations\":[{\"ipaddr\":\"10.8.0.2\",\"associated_ipaddr\":\"203.0.113.45\","
                + "\"timestamp\":1714999000}],\"source\":\"OpenVPN\"}");
        assertEquals(1, docs.size());
        ObjectNode doc = docs.get(0).source();
        assertEquals(DocumentKind.OBSERVATION, docs.get(0).kind());
        assertEquals("10.8.0.2", doc.get(ObservationFields.IPADDR).asText());
        assertEquals("203.0.113.45", doc.get(ObservationFields.ASSOCIATED_IPADDR).asText());
        assertEquals("[\"10.8.0.2\",\"203.0.113.45\"]", doc.get(ObservationFields.ADDRESSES).toString());
        assertEquals("2024-05-06T12:36:40Z", doc.get(ObservationFields.OBSERVED_AT).asText());
        assertEquals(1714999000L, doc.get(ObservationFields.TIMESTAMP).asLong());
        assertEquals("OpenVPN", doc.get(ObservationFields.SOURCE).asText());
        assertEquals(Records.REALM, doc.get("realm").asText());
        // Three hours before the receive time: past the tolerance, so the receive time picks the day.
        assertEquals(Records.RECEIVED, docs.get(0).indexTime());
    }

    @Test
    void theSameAssociationUploadedAgainIsTheSameDocumentWhateverTheAddressSpelling() throws Exception {
        String a = build(1, "{\"observations\":[{\"ipaddr\":\"10.8.0.2\",\"associated_ipaddr\":\"2001:db8::1\",\"timestamp\":5}],"
                + "\"source\":\"OpenVPN\"}").get(0).id();
        String b = build(9, "{\"observations\":[{\"ipaddr\":\"::ffff:10.8.0.2\",\"associated_ipaddr\":\"2001:0db8:0:0:0:0:0:1\","
                + "\"timestamp\":5}],\"source\":\"OpenVPN\"}").get(0).id();
        assertEquals(a, b);
        assertNotEquals(a, build(1, "{\"observations\":[{\"ipaddr\":\"10.8.0.2\",\"associated_ipaddr\":\"2001:db8::1\","
                + "\"timestamp\":6}],\"source\":\"OpenVPN\"}").get(0).id());
        assertNotEquals(a, build(1, "{\"observations\":[{\"ipaddr\":\"10.8.0.2\",\"associated_ipaddr\":\"2001:db8::1\","
                + "\"timestamp\":5}],\"source\":\"WireGuard\"}").get(0).id());
        assertNotEquals(a, build(1, "{\"observations\":[{\"ipaddr\":\"2001:db8::1\",\"associated_ipaddr\":\"10.8.0.2\","
                + "\"timestamp\":5}],\"source\":\"OpenVPN\"}").get(0).id());
    }

    @Test
    void anUploadOfSeveralBecomesOneDocumentEachAndKeepsUnknownMembers() throws Exception {
        List<IndexedDocument> docs = build(1, "{\"observations\":[{\"ipaddr\":\"10.8.0.2\",\"associated_ipaddr\":\"203.0.113.45\","
                + "\"timestamp\":1714999000,\"user\":\"jim\"},{\"ipaddr\":\"10.8.0.3\",\"associated_ipaddr\":\"203.0.113.46\","
                + "\"timestamp\":1715000000}],\"source\":\"OpenVPN\",\"site\":\"hq\"}");
        assertEquals(2, docs.size());
        assertEquals("jim", docs.get(0).source().at("/extra/user").asText());
        assertEquals("hq", docs.get(1).source().at("/upload_extra/site").asText());
        assertEquals(Instant.parse("2024-05-06T12:53:20Z"), Instant.parse(docs.get(1).source().get("observed_at").asText()));
    }
}
