package io.harbour.query.webservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.harbour.model.Json;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.ApiReply;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class LogHarbourEnvelopeTest {
    @Test
    void successIsStatusDataAndEmptyMessages() {
        JsonNode body = LogHarbourEnvelope.success(JsonNodeFactory.instance.arrayNode().add("shop"));
        assertEquals("{\"status\":\"success\",\"data\":[\"shop\"],\"messages\":[]}", body.toString());
    }

    @Test
    void anErrorKeepsItsStatusAndCarriesMsgidErrcodeAndField() throws Exception {
        ApiReply reply = LogHarbourEnvelope.error(ApiException.badRequest("invalid_days", "days", "days must be ..."));
        assertEquals(400, reply.status().code());
        assertEquals("invalid_days", reply.code());
        JsonNode body = Json.mapper().readTree(reply.body());
        assertEquals("error", body.path("status").asText());
        assertTrue(body.path("data").isNull());
        JsonNode m = body.path("messages").path(0);
        assertEquals(1102, m.path("msgid").asInt());
        assertEquals("invalid_days", m.path("errcode").asText());
        assertEquals("days", m.path("field").asText());
    }

    @Test
    void aRefusalAboutTheWholeRequestHasNoField() throws Exception {
        JsonNode body = Json.mapper().readTree(LogHarbourEnvelope.error(io.netty.handler.codec.http.HttpResponseStatus.UNAUTHORIZED,
                "missing_credentials", null, "send a token").body());
        assertFalse(body.path("messages").path(0).has("field"));
        assertEquals(1001, body.path("messages").path(0).path("msgid").asInt());
    }

    @Test
    void msgidsAreDistinctAndUnknownCodesGetTheCatchAll() {
        assertEquals(LogHarbourEnvelope.MSGIDS.size(), new HashSet<>(LogHarbourEnvelope.MSGIDS.values()).size());
        assertFalse(LogHarbourEnvelope.MSGIDS.containsValue(LogHarbourEnvelope.OTHER_MSGID));
        assertEquals(LogHarbourEnvelope.OTHER_MSGID, LogHarbourEnvelope.msgid("something_new"));
    }
}
