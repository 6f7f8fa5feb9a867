package io.harbour.layout.exchange;

import static io.harbour.layout.Mappings.bool;
import static io.harbour.layout.Mappings.dateNanos;
import static io.harbour.layout.Mappings.doubleNumber;
import static io.harbour.layout.Mappings.integer;
import static io.harbour.layout.Mappings.keyword;
import static io.harbour.layout.Mappings.longKeyword;
import static io.harbour.layout.Mappings.longNumber;
import static io.harbour.layout.Mappings.opaque;
import static io.harbour.layout.Mappings.propertiesOf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.Mappings;

/**
 * The mapping of exchange documents. Headers and bodies are opaque (kept, never parsed): bodies
 * are any JSON the sensor relayed, and mapping them would let one sensor's field types refuse
 * another's documents. Each half carries its own origin fields (receive time, receipt, record).
 */
public final class ExchangeMapping {

    private ExchangeMapping() {
    }

    public static ObjectNode properties() {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.set(CommonFields.DOC_ID, keyword());
        p.set(CommonFields.REALM, keyword());
        p.set(CommonFields.KAFKA, kafka());
        p.set(ExchangeFields.EXCHANGE_ID, keyword());
        p.set(ExchangeFields.SENSOR, keyword());
        p.set(ExchangeFields.SEQUENCE, longNumber());
        p.set(ExchangeFields.STATE, keyword());
        p.set(ExchangeFields.OPENED_BY, keyword());
        p.set(ExchangeFields.OPENED_AT, dateNanos());
        p.set(ExchangeFields.FIRST_RECEIVED_AT, dateNanos());
        p.set(ExchangeFields.LATENCY_MS, doubleNumber());
        p.set(ExchangeFields.ORPHANED_AT, dateNanos());
        p.set(ExchangeFields.REQUEST, request());
        p.set(ExchangeFields.RESPONSE, response());
        return p;
    }

    private static ObjectNode request() {
        ObjectNode request = half();
        ObjectNode p = propertiesOf(request);
        p.set("method", keyword());
        p.set("uri", longKeyword());
        p.set("path", longKeyword());
        p.set("host", keyword());
        p.set("remote_addr", keyword());
        p.set("tls_version", keyword());
        p.set("proto", keyword());
        p.set("content_length", longNumber());
        p.set("close", bool());
        p.set("transfer_encoding", opaque());
        p.set("trailer", opaque());
        p.set("headers", opaque());
        p.set("body", opaque());
        return request;
    }

    private static ObjectNode response() {
        ObjectNode response = half();
        ObjectNode p = propertiesOf(response);
        p.set("status_code", integer());
        p.set("status_class", keyword());
        p.set("headers", opaque());
        p.set("body", opaque());
        return response;
    }

    /** What both halves have: origin, fingerprint, and the members nobody declared. */
    private static ObjectNode half() {
        ObjectNode half = Mappings.object();
        ObjectNode p = propertiesOf(half);
        CommonFields.mapOrigin(p);
        p.set(ExchangeFields.LOG_SHA256, keyword());
        p.set(CommonFields.EXTRA, opaque());
        return half;
    }

    private static ObjectNode kafka() {
        ObjectNode kafka = Mappings.object();
        propertiesOf(kafka).set("topic", keyword());
        propertiesOf(kafka).set("partition", integer());
        propertiesOf(kafka).set("offset", longNumber());
        return kafka;
    }
}
