package io.harbour.query.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final Handler OK = r -> ApiReply.empty(HttpResponseStatus.OK);
    private final RouteTable table = RouteTable.builder().getOrPost("/api/v1/logharbour/getlogs", OK).get("/healthz", OK, false, true).build();

    @Test
    void exactPathThenMethod() {
        assertInstanceOf(RouteTable.Match.Found.class, table.match(HttpMethod.POST, "/api/v1/logharbour/getlogs"));
        assertInstanceOf(RouteTable.Match.WrongMethod.class, table.match(HttpMethod.DELETE, "/api/v1/logharbour/getlogs"));
        assertInstanceOf(RouteTable.Match.WrongMethod.class, table.match(HttpMethod.POST, "/healthz"));
        assertInstanceOf(RouteTable.Match.NotFound.class, table.match(HttpMethod.GET, "/api/v1/logharbour/getlogs/"));
        assertInstanceOf(RouteTable.Match.NotFound.class, table.match(HttpMethod.GET, "/nothing"));
    }

    @Test
    void allowListsTheMethodsAndOptions() {
        Route route = ((RouteTable.Match.Found) table.match(HttpMethod.GET, "/api/v1/logharbour/getlogs")).route();
        assertEquals("GET, POST, OPTIONS", route.allow());
        assertEquals(true, route.authenticated());
    }

    @Test
    void aPathHasOneRoute() {
        assertThrows(IllegalArgumentException.class, () -> RouteTable.builder().get("/a", OK, false, false).get("/a", OK, false, false));
    }
}
