package io.harbour.query.openapi;

import io.harbour.query.http.ApiReply;
import io.harbour.query.http.RouteTable;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /openapi.json}: the OpenAPI 3 document of every route, kept as the resource
 * {@code openapi.json} next to the code (written by hand, so each answer and error code is
 * described as it is, not guessed from a handler's type). No token: the document tells how to
 * call, not what is stored. {@code OpenApiDocumentTest} proves that it lists every route of the
 * table {@link io.harbour.query.QueryApi#routes} builds, and nothing else.
 */
public final class OpenApiRoutes {
    public static final String PATH = "/openapi.json";
    public static final String RESOURCE = "openapi.json";

    private OpenApiRoutes() {
    }

    public static RouteTable.Builder addTo(RouteTable.Builder routes) {
        String document = document();
        // Answered on the event loop: a constant held in memory never blocks.
        return routes.get(PATH, r -> ApiReply.text(HttpResponseStatus.OK, ApiReply.JSON, document), false, true);
    }

    /** The document's text, read once. */
    public static String document() {
        try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the query API's jar has no " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
