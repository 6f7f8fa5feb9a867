package io.harbour.layout.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.CommonFields;
import io.harbour.layout.DocumentIds;
import io.harbour.layout.IndexNames;
import io.harbour.layout.MalformedRecordException;
import io.harbour.layout.RecordBodies;
import io.harbour.layout.RecordContext;
import io.harbour.layout.Times;
import io.harbour.model.extrahop.ExtraHopLog;
import io.harbour.model.extrahop.ExtraHopLogFormat;
import io.harbour.model.extrahop.ExtraHopRequest;
import io.harbour.model.extrahop.ExtraHopRequestLog;
import io.harbour.model.extrahop.ExtraHopResponseLog;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One ExtraHop log read from its record: which half it is, the join key (realm, sensor,
 * sequence), where and when it was received, a fingerprint of its bytes, and its fields as they
 * go under {@code request} or {@code response} in the exchange document.
 *
 * @param sensor the record's sender identity: sequence numbers are per sensor, so two sensors'
 *               302s are two exchanges. Empty when the header is missing.
 * @param sha256 of the log's bytes as sent: the same half sent twice has the same bytes (ExtraHop's
 *               request log even carries the client's port in {@code RemoteAddr}), a new request
 *               after a sequence reset almost never does
 */
public record ExchangeHalf(HalfKind kind, String realm, String sensor, long sequence, long receivedAtNanos,
                           String topic, int partition, long offset, String sha256, ObjectNode fields) {

    public ExchangeHalf {
        Objects.requireNonNull(kind, "kind");
        IndexNames.requireRealm(realm);
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(fields, "fields");
    }

    /** Reads the record's body with the model. */
    public static ExchangeHalf read(RecordContext ctx, byte[] body) throws MalformedRecordException {
        if (!IndexNames.isValidRealm(ctx.realm())) {
            throw new MalformedRecordException("no valid realm header: " + ctx.realm());
        }
        return of(ctx, RecordBodies.read(ExtraHopLogFormat.INSTANCE, body), body);
    }

    public static ExchangeHalf of(RecordContext ctx, ExtraHopLog log, byte[] body) {
        String sensor = ctx.senderIdentity() == null ? "" : ctx.senderIdentity();
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        HalfKind kind;
        if (log instanceof ExtraHopRequestLog request) {
            kind = HalfKind.REQUEST;
            requestFields(fields, request);
        } else {
            kind = HalfKind.RESPONSE;
            responseFields(fields, (ExtraHopResponseLog) log);
        }
        CommonFields.putOrigin(fields, ctx);
        String sha = DocumentIds.sha256Hex(body);
        fields.put(ExchangeFields.LOG_SHA256, sha);
        return new ExchangeHalf(kind, ctx.realm(), sensor, log.sequence(), ctx.receivedAtNanos(),
                ctx.topic(), ctx.partition(), ctx.offset(), sha, fields);
    }

    public Instant receivedAt() {
        return Times.instant(receivedAtNanos);
    }

    private static void requestFields(ObjectNode out, ExtraHopRequestLog log) {
        ExtraHopRequest r = log.request();
        putIfPresent(out, "method", r.method());
        putIfPresent(out, "uri", r.requestUri());
        if (r.requestUri() != null) {
            int query = r.requestUri().indexOf('?');
            out.put("path", query < 0 ? r.requestUri() : r.requestUri().substring(0, query));
        }
        putIfPresent(out, "host", r.host());
        putIfPresent(out, "remote_addr", r.remoteAddr());
        putIfPresent(out, "tls_version", r.tlsVersion());
        putIfPresent(out, "proto", r.proto());
        if (r.contentLength() != null) {
            out.put("content_length", r.contentLength());
        }
        if (r.close() != null) {
            out.put("close", r.close());
        }
        putIfPresent(out, "transfer_encoding", r.transferEncoding());
        putIfPresent(out, "trailer", r.trailer());
        if (r.header() != null) {
            out.set("headers", r.header().json());
        }
        putIfPresent(out, "body", log.requestBody());
        ObjectNode extra = extra(log.extra());
        if (!r.extra().isEmpty()) {
            // "request" cannot be an unknown top-level member, so it cannot collide here.
            extra = extra == null ? JsonNodeFactory.instance.objectNode() : extra;
            r.extra().forEach(extra.putObject(ExchangeFields.REQUEST)::set);
        }
        putIfPresent(out, CommonFields.EXTRA, extra);
    }

    private static void responseFields(ObjectNode out, ExtraHopResponseLog log) {
        out.put("status_code", log.statusCode());
        out.put("status_class", (log.statusCode() / 100) + "xx");
        if (log.responseHeaders() != null) {
            out.set("headers", log.responseHeaders().json());
        }
        putIfPresent(out, "body", log.responseBody());
        putIfPresent(out, CommonFields.EXTRA, extra(log.extra()));
    }

    private static ObjectNode extra(Map<String, JsonNode> members) {
        if (members.isEmpty()) {
            return null;
        }
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        members.forEach(extra::set);
        return extra;
    }

    private static void putIfPresent(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    private static void putIfPresent(ObjectNode out, String name, JsonNode value) {
        if (value != null) {
            out.set(name, value);
        }
    }
}
