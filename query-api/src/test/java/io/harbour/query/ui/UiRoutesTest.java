package io.harbour.query.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UiRoutesTest {
    @Test
    void getsetTakesTheServicesNames() {
        assertEquals(Map.of("setattr", "who", "instance", "7", "app", "shop"),
                UiRoutes.asGetSet(RequestParameters.of(Map.of("setAttr", "who", "instance_id", "7", "app", "shop"))).asMap());
        assertEquals("missing_parameter", assertThrows(ApiException.class,
                () -> UiRoutes.asGetSet(RequestParameters.of(Map.of("app", "shop")))).code());
        assertEquals("invalid_parameter", assertThrows(ApiException.class,
                () -> UiRoutes.asGetSet(RequestParameters.of(Map.of("setAttr", "who", "instance", "1", "instance_id", "2")))).code());
    }
}
