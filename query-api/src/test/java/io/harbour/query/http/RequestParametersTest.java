package io.harbour.query.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestParametersTest {
    @Test
    void getAndPostGiveTheSameParameters() {
        Map<String, String> fromGet = RequestParameters.of(Requests.get("/x?app=shop&ndays=7&who=")).asMap();
        Map<String, String> fromPost = RequestParameters.of(Requests.post("/x", "application/json; charset=utf-8",
                "{\"app\":\"shop\",\"ndays\":7,\"who\":null}")).asMap();
        assertEquals(Map.of("app", "shop", "ndays", "7"), fromGet);
        assertEquals(fromGet, fromPost);
        assertEquals(Map.of(), RequestParameters.of(Requests.post("/x", null, "")).asMap());
    }

    @Test
    void badShapesAreRefused() {
        assertEquals("invalid_parameter", assertThrows(ApiException.class,
                () -> RequestParameters.of(Requests.get("/x?app=a&app=b"))).code());
        assertEquals("invalid_parameter", assertThrows(ApiException.class,
                () -> RequestParameters.of(Requests.post("/x", "application/json", "{\"app\":[\"a\"]}"))).code());
        assertEquals("malformed_json", assertThrows(ApiException.class,
                () -> RequestParameters.of(Requests.post("/x", "application/json", "{\"app\":"))).code());
        assertEquals("malformed_json", assertThrows(ApiException.class,
                () -> RequestParameters.of(Requests.post("/x", "application/json", "[1]"))).code());
        ApiException type = assertThrows(ApiException.class, () -> RequestParameters.of(Requests.post("/x", "text/plain", "app=a")));
        assertEquals(415, type.status().code());
        assertEquals("unsupported_media_type", type.code());
    }

    /** Past the longest stored keyword a term can match nothing, and past Lucene's limit the search fails (QueryInjectionIT). */
    @Test
    void aValueLongerThanAnyStoredOneIsRefused() {
        String longest = "w".repeat(RequestParameters.MAX_VALUE_CHARS);
        assertEquals(longest, RequestParameters.of(Requests.post("/x", "application/json", "{\"who\":\"" + longest + "\"}"))
                .get("who").orElseThrow());
        ApiException tooLong = assertThrows(ApiException.class, () -> RequestParameters.of(Requests.post("/x", "application/json",
                "{\"who\":\"" + longest + "w\"}")));
        assertEquals("invalid_parameter", tooLong.code());
        assertEquals("who", tooLong.field());
    }

    @Test
    void unknownNamesAndMissingRequiredOnesAreNamed() {
        RequestParameters p = RequestParameters.of(Map.of("ap", "shop"));
        ApiException unknown = assertThrows(ApiException.class, () -> p.allowOnly(Set.of("app")));
        assertEquals("unknown_parameter", unknown.code());
        assertEquals("ap", unknown.field());
        ApiException missing = assertThrows(ApiException.class, () -> p.require("app"));
        assertEquals("missing_parameter", missing.code());
        assertEquals("app", missing.field());
    }
}
