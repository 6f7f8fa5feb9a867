package io.harbour.query.logharbour;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.logharbour.LogFields;
import io.harbour.query.observation.ObservationLinks;
import io.harbour.query.http.ApiReply;
import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.Handler;
import io.harbour.query.http.RequestParameters;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Seed 003's {@code GetLogs}: up to MAXREC entries matching the filter, oldest first when only
 * fromts is given and newest first otherwise, the exact total as {@code nrec}, and the cursor of
 * the next page. See {@link EntryPages} for the answer. With {@code observations=true} and a
 * remoteIP address, the entries of the addresses observations link it to come too, each marked
 * {@code linked_by} (see {@link ObservationLinks}).
 */
public final class GetLogsHandler implements Handler {
    static final Set<String> PARAMETERS = Set.of(Param.APP, Param.TYPE, Param.WHO, Param.CLASS, Param.INSTANCE, Param.OP,
            Param.FROMTS, Param.TOTS, Param.NDAYS, Param.REMOTE_IP, Param.PRI, Param.SEARCH_AFTER_TS, Param.SEARCH_AFTER_DOC_ID,
            Param.OBSERVATIONS);

    private final LogHarbourContext ctx;

    public GetLogsHandler(LogHarbourContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ApiReply handle(ApiRequest request) throws IOException {
        RequestParameters p = RequestParameters.of(request).allowOnly(PARAMETERS);
        CallerScope scope = CallerScope.of(request.caller());
        LogFilter filter = ctx.parser().parse(p);
        scope.check(filter.app(), filter.objectClass(), filter.type());
        Optional<Cursor> cursor = Cursor.parse(p);
        ObservationLinks.Links links = links(request, p, filter);
        ObjectNode query;
        if (links.isEmpty()) {
            query = Queries.bool(filter, scope);
        } else {
            // The asked address or any address observations link it to, in the same window.
            LogFilter withoutAddress = new LogFilter(filter.app(), filter.type(), filter.who(), filter.objectClass(), filter.instance(),
                    filter.op(), filter.window(), null, filter.minimumPriority());
            ObjectNode terms = JsonNodeFactory.instance.objectNode();
            ArrayNode addresses = terms.putObject("terms").putArray(LogFields.REMOTE_IP).add(filter.remoteAddress().value());
            links.addresses().forEach(addresses::add);
            query = Queries.withFilter(Queries.bool(withoutAddress, scope), terms);
        }
        ObjectNode answer = EntryPages.fetch(ctx.index(), scope.index(), query, filter.window().oldestFirst(), cursor, ctx.maxrec());
        answer.path("logs").forEach(e -> ObservationLinks.mark((ObjectNode) e, links));
        if (answer.path("nrec").asLong() == 0) {
            KnownApps.require(ctx, scope, filter.app());
        }
        return ApiReply.json(answer);
    }

    /**
     * With {@code observations=true} (off by default here, so the function answers as seed 003
     * says unless asked) and a remoteIP that is one address: the addresses observations link it
     * to inside the filter's window. A CIDR range or LOCAL is never linked.
     */
    private ObservationLinks.Links links(ApiRequest request, RequestParameters p, LogFilter filter) throws IOException {
        boolean on = ObservationLinks.enabled(p.get(Param.OBSERVATIONS), false, Param.OBSERVATIONS);
        RemoteAddress remote = filter.remoteAddress();
        if (!on || remote == null || !remote.ipField() || remote.value().contains("/")) {
            return ObservationLinks.Links.NONE;
        }
        return ObservationLinks.find(new LogHarbourAccess(ctx), request.caller(), List.of(remote.value()), filter.window().from(),
                filter.window().to());
    }
}
