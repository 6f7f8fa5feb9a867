package io.harbour.query.logharbour;

import static io.harbour.query.logharbour.Refusals.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SetAttributeTest {
    @Test
    void discreteAttributesMapToTheirFields() {
        assertEquals("remote_ip_text", SetAttribute.parse("remote_ip").field());
        assertEquals("remote_ip_text", SetAttribute.parse("remoteIP").field());
        assertEquals("status", SetAttribute.parse("status").field());
        assertNull(SetAttribute.parse("pri").nestedPath());
        assertEquals("data.change_data.changes", SetAttribute.parse("field").nestedPath());
        assertEquals("data.change_data.changes.field", SetAttribute.parse("field").field());
    }

    @Test
    void continuousOrUnknownAttributesAreRefusedListingTheValidOnes() {
        for (String bad : new String[] {"when", "msg", "id", "error", "data", "Who"}) {
            var e = refused(400, "invalid_setattr", "setattr", () -> SetAttribute.parse(bad));
            assertTrue(e.getMessage().contains("app, type, who, class, instance, op, module, pri, status, remote_ip, system, field"), e.getMessage());
        }
    }
}
