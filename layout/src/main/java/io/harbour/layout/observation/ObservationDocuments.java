package io.harbour.layout.observation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.DocumentIds;
import io.harbour.layout.DocumentKind;
import io.harbour.layout.IndexTimes;
import io.harbour.layout.IndexedDocument;
import io.harbour.layout.RecordContext;
import io.harbour.model.IpAddresses;
import io.harbour.model.observation.Observation;
import io.harbour.model.observation.ObservationBatch;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Each observation of an upload becomes one document, written with CREATE. The receiver writes
 * one observation per record, but an upload of several reads the same way.
 *
 * <p>Id: a hash of the realm, both addresses, the timestamp and the source. The same association
 * uploaded twice (a retried upload, a CSV imported again) is one document; addresses are
 * compared as addresses, so {@code ::ffff:192.0.2.1} and {@code 192.0.2.1} are the same.
 */
public final class ObservationDocuments {
    private final IndexTimes indexTimes;

    public ObservationDocuments(IndexTimes indexTimes) {
        this.indexTimes = indexTimes;
    }

    public List<IndexedDocument> build(RecordContext ctx, ObservationBatch batch) {
        List<IndexedDocument> out = new ArrayList<>(batch.observations().size());
        for (Observation o : batch.observations()) {
            String id = id(ctx.realm(), o, batch.source());
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            CommonFields.put(doc, id, ctx);
            doc.put(ObservationFields.IPADDR, o.ipaddr());
            doc.put(ObservationFields.ASSOCIATED_IPADDR, o.associatedIpaddr());
            doc.putArray(ObservationFields.ADDRESSES).add(o.ipaddr()).add(o.associatedIpaddr());
            doc.put(ObservationFields.OBSERVED_AT, CommonFields.time(o.observedAt()));
            doc.put(ObservationFields.TIMESTAMP, o.timestamp());
            doc.put(ObservationFields.SOURCE, batch.source());
            if (!o.extra().isEmpty()) {
                o.extra().forEach(doc.putObject(CommonFields.EXTRA)::set);
            }
            if (!batch.extra().isEmpty()) {
                batch.extra().forEach(doc.putObject(ObservationFields.UPLOAD_EXTRA)::set);
            }
            out.add(new IndexedDocument(DocumentKind.OBSERVATION, ctx.realm(),
                    indexTimes.indexTime(o.observedAt(), ctx.receivedAt()), id, doc, IndexedDocument.WriteMode.CREATE));
        }
        return out;
    }

    public static String id(String realm, Observation o, String source) {
        return DocumentIds.derive("observation", realm, address(o.ipaddr()), address(o.associatedIpaddr()),
                o.timestamp(), source);
    }

    /** The address's bytes in hex: one spelling per address, whatever text it came in. */
    private static String address(String literal) {
        return IpAddresses.parseLiteral(literal).map(InetAddress::getAddress)
                .map(java.util.HexFormat.of()::formatHex).orElse(literal);
    }
}
