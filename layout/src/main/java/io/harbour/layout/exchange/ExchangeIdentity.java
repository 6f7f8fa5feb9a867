package io.harbour.layout.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.DocumentIds;
import io.harbour.layout.Times;
import java.time.Instant;
import java.util.Objects;

/**
 * What names one exchange for good: the key (realm, sensor, sequence) plus the record that opened
 * it. The id hashes all of it, so a sensor that starts its sequence again makes new exchanges
 * (the opening record differs) instead of overwriting old ones, while a re-read of the same
 * opening record makes the same id.
 *
 * @param openedAtNanos receive time of the opening half; it picks the daily index of every
 *                      write to this exchange, so all of them meet in one document
 */
public record ExchangeIdentity(String id, String realm, String sensor, long sequence, HalfKind openedBy,
                               long openedAtNanos, String topic, int partition, long offset) {

    public ExchangeIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(openedBy, "openedBy");
    }

    /** The identity of the exchange that {@code half} opens. */
    public static ExchangeIdentity openedBy(ExchangeHalf half) {
        String id = DocumentIds.derive("exchange", half.realm(), half.sensor(), half.sequence(),
                half.receivedAtNanos(), half.topic(), half.partition(), half.offset());
        return new ExchangeIdentity(id, half.realm(), half.sensor(), half.sequence(), half.kind(),
                half.receivedAtNanos(), half.topic(), half.partition(), half.offset());
    }

    public Instant openedAt() {
        return Times.instant(openedAtNanos);
    }

    /** The fields every write that may create the document carries. */
    void putInto(ObjectNode doc) {
        doc.put(CommonFields.DOC_ID, id);
        doc.put(ExchangeFields.EXCHANGE_ID, id);
        doc.put(CommonFields.REALM, realm);
        doc.put(ExchangeFields.SENSOR, sensor);
        doc.put(ExchangeFields.SEQUENCE, sequence);
        doc.put(ExchangeFields.OPENED_BY, openedBy.field());
        doc.put(ExchangeFields.OPENED_AT, CommonFields.time(openedAt()));
        ObjectNode kafka = doc.putObject(CommonFields.KAFKA);
        kafka.put("topic", topic);
        kafka.put("partition", partition);
        kafka.put("offset", offset);
    }
}
