package io.harbour.query.exchange;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.exchange.ExchangeFields;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.Handler;
import io.harbour.query.http.RequestParameters;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/extrahop/exchanges/counts?by=...}: how many exchanges hold each value of one
 * attribute among those the same filters match, every value (a composite aggregation paged to its
 * end, as GetSet). {@code {"by":"status","field":"response.status_code","counts":{"200":7,...}}};
 * exchanges without the attribute (a pending request has no status) count for no value.
 * {@code by=uri} counts the URI without its query string ({@code request.path}), so parameters do
 * not make every URI a value of its own.
 */
final class ExchangeCountsHandler implements Handler {
    /** by -> field, in the order the error message lists them. */
    static final Map<String, String> BY;

    static {
        Map<String, String> by = new LinkedHashMap<>();
        by.put("uri", ExchangeFields.REQUEST_PATH);
        by.put("status", ExchangeFields.RESPONSE_STATUS_CODE);
        by.put("status_class", ExchangeFields.RESPONSE_STATUS_CLASS);
        by.put("method", ExchangeFields.REQUEST_METHOD);
        by.put("host", ExchangeFields.REQUEST_HOST);
        by.put("sensor", ExchangeFields.SENSOR);
        by.put("state", ExchangeFields.STATE);
        BY = java.util.Collections.unmodifiableMap(by);
    }

    static final Set<String> PARAMETERS = ExchangeSearchHandler.union(ExchangeSearchHandler.FILTERS, Set.of(ExchangeParam.BY));

    private final ExchangeContext ctx;

    ExchangeCountsHandler(ExchangeContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ApiReply handle(ApiRequest request) throws IOException {
        RequestParameters p = RequestParameters.of(request).allowOnly(PARAMETERS);
        String index = ExchangeScope.index(request.caller());
        String by = p.require(ExchangeParam.BY).strip();
        String field = field(by);
        ExchangeFilter filter = ExchangeFilter.parse(p, ctx.clock(), ctx.maxNdays());
        Map<String, Long> counts = ctx.index().countsByValue(index, filter.query(), field, null);
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("by", by);
        answer.put("field", field);
        ObjectNode values = answer.putObject("counts");
        counts.forEach(values::put);
        return ApiReply.json(answer);
    }

    static String field(String by) {
        String field = BY.get(by);
        if (field == null) {
            throw ApiException.badRequest("invalid_parameter", ExchangeParam.BY,
                    "by must be one of " + String.join(", ", BY.keySet()) + ", not \"" + by + "\"");
        }
        return field;
    }
}
