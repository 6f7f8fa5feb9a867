package io.harbour.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GoJsonTest {

    @Test
    void escapesWhatGoEscapesAndNothingElse() {
        assertEquals("{\"msg\":\"a \\u003cb\\u003e \\u0026 c \\u2028\\u2029 é/\\t\"}",
                GoJson.escapeLikeGo("{\"msg\":\"a <b> & c \u2028\u2029 é/\\t\"}"));
    }

    @Test
    void textWithoutThoseCharactersIsReturnedAsIs() {
        String json = "{\"app\":\"OnlineStore\"}";
        assertEquals(json, GoJson.escapeLikeGo(json));
    }
}
