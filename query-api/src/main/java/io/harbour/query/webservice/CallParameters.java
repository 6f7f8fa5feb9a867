package io.harbour.query.webservice;

import io.harbour.query.http.ApiRequest;
import io.harbour.query.http.RequestParameters;

/**
 * The parameters of a seed-002 or UI call: a JSON object in the POST body, either plain
 * ({@code {"app":"shop","days":7}}) or wrapped as LogHarbour's service takes it
 * ({@code {"data":{"app":"shop","days":7}}}); a GET's query string otherwise. Values are text (a
 * JSON number becomes its text); an empty string or a null is the same as leaving it out (the UI
 * sends empty strings for unset filters).
 */
public final class CallParameters {
    public static final String WRAPPER = "data";

    private CallParameters() {
    }

    public static RequestParameters read(ApiRequest request) {
        return RequestParameters.of(request, WRAPPER);
    }
}
