package io.harbour.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harbour.model.LogKind;
import org.junit.jupiter.api.Test;

class DocumentBuilderTest {
    private final DocumentBuilder builder = new DocumentBuilder();
    private final byte[] entry = Records.bytes("{\"app\":\"a\",\"when\":\"2024-05-06T15:21:48Z\"}");

    @Test
    void aRecordWithoutAValidRealmIsMalformed() {
        for (String realm : new String[] {null, "", "Bad Realm"}) {
            RecordContext ctx = Records.context(LogKind.LOGHARBOUR, realm, 1, Records.RECEIVED);
            assertThrows(MalformedRecordException.class, () -> builder.build(ctx, entry));
        }
    }

    @Test
    void extraHopLogsAreForTheJoinerNotTheBuilder() {
        assertThrows(IllegalArgumentException.class, () -> builder.build(Records.context(LogKind.EXTRAHOP, 1),
                Records.resource("extrahop-request.json")));
    }

    @Test
    void aBodyOfAnotherKindIsMalformed() {
        assertThrows(MalformedRecordException.class, () -> builder.build(Records.context(LogKind.OBSERVATIONS, 1), entry));
    }

    @Test
    void theDocumentGoesToItsRealmsDailyIndex() throws Exception {
        IndexedDocument d = builder.build(Records.context(LogKind.LOGHARBOUR, "acme-eu", 1, Records.RECEIVED), entry).get(0);
        assertEquals("harbour-logharbour-acme-eu-2024.05.06", d.index());
        assertEquals(new IndexName(DocumentKind.LOGHARBOUR, "acme-eu", java.time.LocalDate.of(2024, 5, 6)),
                IndexNames.parse(d.index()).orElseThrow());
    }
}
