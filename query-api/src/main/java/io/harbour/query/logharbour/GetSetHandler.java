package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.Handler;
import io.harbour.query.http.RequestParameters;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Seed 003's {@code GetSet}: how many entries hold each value of one discrete attribute, among
 * the entries GetLogs would match (same filters, same scope), every value.
 * {@code {"setattr":"who","setvalues":{"jim":3,...}}}; entries without the attribute count for no value.
 */
public final class GetSetHandler implements Handler {
    static final Set<String> PARAMETERS;

    static {
        Set<String> names = new HashSet<>(GetLogsHandler.PARAMETERS);
        names.remove(Param.SEARCH_AFTER_TS);
        names.remove(Param.SEARCH_AFTER_DOC_ID);
        names.add(Param.SETATTR);
        PARAMETERS = Set.copyOf(names);
    }

    private final LogHarbourContext ctx;

    public GetSetHandler(LogHarbourContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ApiReply handle(ApiRequest request) throws IOException {
        RequestParameters p = RequestParameters.of(request).allowOnly(PARAMETERS);
        SetAttribute attribute = SetAttribute.parse(p.require(Param.SETATTR));
        CallerScope scope = CallerScope.of(request.caller());
        LogFilter filter = ctx.parser().parse(p);
        scope.check(filter.app(), filter.objectClass(), filter.type());
        Map<String, Long> counts = ctx.index().countsByValue(scope.index(), Queries.bool(filter, scope), attribute.field(),
                attribute.nestedPath());
        if (counts.isEmpty()) {
            KnownApps.require(ctx, scope, filter.app());
        }
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("setattr", attribute.attributeName());
        ObjectNode values = answer.putObject("setvalues");
        counts.forEach(values::put);
        return ApiReply.json(answer);
    }
}
