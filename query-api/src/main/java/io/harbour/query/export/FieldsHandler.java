package io.harbour.query.export;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.Handler;
import io.harbour.query.http.RequestParameters;
import java.util.List;

/**
 * {@code GET /api/v1/logs/received/fields}: {@code {"logharbour":{"field":"description",..},"exchanges":{..},"observations":{..}}},
 * every kind's catalogue whatever the token reads (it describes the format, not data), each kind
 * an object of field to one line of description, as Logpull's answer is one such object.
 */
final class FieldsHandler implements Handler {

    @Override
    public ApiReply handle(ApiRequest request) {
        RequestParameters.of(request).allowOnly(List.of());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (ExportKind kind : ExportKind.values()) {
            ObjectNode fields = body.putObject(kind.wireName());
            FieldCatalogue.fields(kind).forEach(f -> fields.put(f.name(), f.description()));
        }
        return ApiReply.json(body);
    }
}
