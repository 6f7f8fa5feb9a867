package io.harbour.query.logharbour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harbour.query.http.ApiException;
import org.junit.jupiter.api.function.Executable;

/** Asserts a refusal's status, code and field. */
final class Refusals {
    private Refusals() {
    }

    static ApiException refused(int status, String code, String field, Executable call) {
        ApiException e = assertThrows(ApiException.class, call);
        assertEquals(status, e.status().code(), e.getMessage());
        assertEquals(code, e.code(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }
}
