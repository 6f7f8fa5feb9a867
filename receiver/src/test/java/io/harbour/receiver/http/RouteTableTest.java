package io.harbour.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.harbour.model.LogKind;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    @Test
    void everyIngestRouteReadsItsKind() {
        assertEquals(new RouteTable.Match.Found(Route.EXTRAHOP_LOG), RouteTable.match(HttpMethod.POST, "/log"));
        assertEquals(LogKind.EXTRAHOP, Route.EXTRAHOP_APILOGS.kind());
        assertEquals(LogKind.OBSERVATIONS, Route.OBSERVATIONS.kind());
        assertEquals(LogKind.LOGHARBOUR, Route.LOGHARBOUR_ENTRIES.kind());
    }

    @Test
    void aKnownPathWithAnotherMethodIsAWrongMethodNotAMissingRoute() {
        assertInstanceOf(RouteTable.Match.WrongMethod.class, RouteTable.match(HttpMethod.HEAD, "/healthz"));
        assertInstanceOf(RouteTable.Match.NotFound.class, RouteTable.match(HttpMethod.GET, "/healthz/"));
    }
}
