package io.harbour.layout;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.model.IpAddresses;
import java.io.IOException;
import java.time.Instant;

/**
 * Fields every document kind has: its id as a searchable field, its realm, and where it came
 * from. The query API and export read them by these names.
 */
public final class CommonFields {
    /**
     * The document's {@code _id} again, as a keyword with doc values: the tie-breaker of every
     * sort ({@code when} or {@code received_at}, then this). Sorting on {@code _id} itself needs
     * fielddata, which Elasticsearch 8 refuses by default.
     */
    public static final String DOC_ID = "doc_id";
    public static final String REALM = "realm";
    /** The receiver's receive time (date_nanos): what export orders by and the watermark measures. */
    public static final String RECEIVED_AT = "received_at";
    /** The sender's identity: {@code key:<id>}, {@code cert:<subject>} or {@code addr:<ip>}. */
    public static final String SENDER = "sender";
    /** The sender's IP address (type ip). */
    public static final String SENDER_ADDRESS = "sender_address";
    /** The id of the HTTP request that brought the log. */
    public static final String RECEIPT_ID = "receipt_id";
    /** {@code {topic, partition, offset}} of the record: for tracing a document to its record. */
    public static final String KAFKA = "kafka";
    public static final String KAFKA_TOPIC = "kafka.topic";
    public static final String KAFKA_PARTITION = "kafka.partition";
    public static final String KAFKA_OFFSET = "kafka.offset";
    /** Fields the sender sent that the model does not know, kept as sent, never searched. */
    public static final String EXTRA = "extra";

    private CommonFields() {
    }

    /** Writes doc_id, realm, received_at, sender, sender_address, receipt_id and kafka. */
    public static void put(ObjectNode doc, String id, RecordContext ctx) {
        doc.put(DOC_ID, id);
        doc.put(REALM, ctx.realm());
        putOrigin(doc, ctx);
    }

    /** received_at, sender, sender_address, receipt_id, kafka: what one record says about itself. */
    public static void putOrigin(ObjectNode doc, RecordContext ctx) {
        doc.put(RECEIVED_AT, time(ctx.receivedAt()));
        if (ctx.senderIdentity() != null) {
            doc.put(SENDER, ctx.senderIdentity());
        }
        // Only an IP literal: anything else would cost the document its ip mapping.
        if (ctx.senderAddress() != null && IpAddresses.isLiteral(ctx.senderAddress())) {
            doc.put(SENDER_ADDRESS, ctx.senderAddress());
        }
        if (ctx.receiptId() != null) {
            doc.put(RECEIPT_ID, ctx.receiptId());
        }
        ObjectNode kafka = doc.putObject(KAFKA);
        kafka.put("topic", ctx.topic());
        kafka.put("partition", ctx.partition());
        kafka.put("offset", ctx.offset());
    }

    /** {@link #put} on a generator inside an object: the same fields in the same order. */
    public static void write(JsonGenerator g, String id, RecordContext ctx) throws IOException {
        g.writeStringField(DOC_ID, id);
        g.writeStringField(REALM, ctx.realm());
        g.writeStringField(RECEIVED_AT, Times.format(ctx.receivedAtNanos()));
        if (ctx.senderIdentity() != null) {
            g.writeStringField(SENDER, ctx.senderIdentity());
        }
        if (ctx.senderAddress() != null && IpAddresses.isLiteral(ctx.senderAddress())) {
            g.writeStringField(SENDER_ADDRESS, ctx.senderAddress());
        }
        if (ctx.receiptId() != null) {
            g.writeStringField(RECEIPT_ID, ctx.receiptId());
        }
        g.writeObjectFieldStart(KAFKA);
        g.writeStringField("topic", ctx.topic());
        g.writeNumberField("partition", ctx.partition());
        g.writeNumberField("offset", ctx.offset());
        g.writeEndObject();
    }

    /** The mappings of {@link #put}'s fields, added to {@code properties}. */
    public static void map(ObjectNode properties) {
        properties.set(DOC_ID, Mappings.keyword());
        properties.set(REALM, Mappings.keyword());
        mapOrigin(properties);
    }

    public static void mapOrigin(ObjectNode properties) {
        properties.set(RECEIVED_AT, Mappings.dateNanos());
        properties.set(SENDER, Mappings.keyword());
        properties.set(SENDER_ADDRESS, Mappings.ip());
        properties.set(RECEIPT_ID, Mappings.keyword());
        ObjectNode kafka = Mappings.object();
        Mappings.propertiesOf(kafka).set("topic", Mappings.keyword());
        Mappings.propertiesOf(kafka).set("partition", Mappings.integer());
        Mappings.propertiesOf(kafka).set("offset", Mappings.longNumber());
        properties.set(KAFKA, kafka);
    }

    /** An instant as stored: {@link Times#format(Instant)}. */
    public static String time(Instant instant) {
        return Times.format(instant);
    }
}
