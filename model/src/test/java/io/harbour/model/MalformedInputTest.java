package io.harbour.model;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Each bad input, read as a batch of its kind, gives exactly these problems, in this order. */
class MalformedInputTest {
    private static final String WHEN = "\"when\":\"2024-01-15T10:00:00Z\"";
    private static final String REQUEST = "\"request\":{\"Method\":\"GET\",\"RequestURI\":\"/\"}";

    /** A LogHarbour entry that is valid apart from {@code members}. */
    private static String entry(String members) {
        return "{\"app\":\"a\"," + WHEN + "," + members + "}";
    }

    private static String request(String requestMembers) {
        return "{\"sequence\":1,\"request\":{" + requestMembers + "}}";
    }

    private static String getRequest(String requestMembers) {
        return request("\"Method\":\"GET\",\"RequestURI\":\"/\"," + requestMembers);
    }

    private static String observation(String members) {
        return "{\"observations\":[{" + members + "}],\"source\":\"OpenVPN\"}";
    }

    private static Arguments logharbour(String input, String... problems) {
        return arguments(LogKind.LOGHARBOUR, input, List.of(problems));
    }

    private static Arguments extrahop(String input, String... problems) {
        return arguments(LogKind.EXTRAHOP, input, List.of(problems));
    }

    private static Arguments observations(String input, String... problems) {
        return arguments(LogKind.OBSERVATIONS, input, List.of(problems));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            // LogHarbour: required fields
            logharbour("{}", "line 1: app: required", "line 1: when: required"),
            logharbour("{" + WHEN + "}", "line 1: app: required"),
            logharbour("{\"app\":\"\"," + WHEN + "}", "line 1: app: must not be empty"),
            logharbour("{\"app\":5," + WHEN + "}", "line 1: app: must be a string, got number"),
            logharbour("{\"app\":null," + WHEN + "}", "line 1: app: must not be null"),
            // when
            logharbour("{\"app\":\"a\",\"when\":\"yesterday\"}", "line 1: when: not an RFC 3339 date-time: \"yesterday\""),
            logharbour("{\"app\":\"a\",\"when\":1704103810}", "line 1: when: must be a string, got number"),
            logharbour("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00.1234567891Z\"}",
                    "line 1: when: not an RFC 3339 date-time: \"2024-01-15T10:00:00.1234567891Z\""),
            logharbour("{\"app\":\"a\",\"when\":\"2024-01-15T10:00:00\"}",
                    "line 1: when: not an RFC 3339 date-time: \"2024-01-15T10:00:00\""),
            // pri, type, status
            logharbour(entry("\"pri\":\"Urgent\""), "line 1: pri: unknown priority \"Urgent\""),
            logharbour(entry("\"pri\":3"), "line 1: pri: must be a string, got number"),
            logharbour(entry("\"type\":\"X\""), "line 1: type: unknown type \"X\" (expected A, C, D or U)"),
            logharbour(entry("\"type\":\"a\""), "line 1: type: unknown type \"a\" (expected A, C, D or U)"),
            logharbour(entry("\"status\":2"), "line 1: status: must be 0 or 1, got 2"),
            logharbour(entry("\"status\":\"1\""), "line 1: status: must be an integer, got string"),
            logharbour(entry("\"status\":1.5"), "line 1: status: must be an integer, got 1.5"),
            logharbour(entry("\"status\":true"), "line 1: status: must be an integer, got boolean"),
            // remote_ip
            logharbour(entry("\"remote_ip\":\"999.1.1.1\""), "line 1: remote_ip: not an IP address or \"LOCAL\": \"999.1.1.1\""),
            logharbour(entry("\"remote_ip\":\"local\""), "line 1: remote_ip: not an IP address or \"LOCAL\": \"local\""),
            logharbour(entry("\"remote_ip\":\"example.com\""), "line 1: remote_ip: not an IP address or \"LOCAL\": \"example.com\""),
            logharbour(entry("\"remote_ip\":\"fe80::1%eth0\""), "line 1: remote_ip: not an IP address or \"LOCAL\": \"fe80::1%eth0\""),
            // other strings
            logharbour(entry("\"msg\":[\"x\"]"), "line 1: msg: must be a string, got array"),
            logharbour(entry("\"class\":{}"), "line 1: class: must be a string, got object"),
            // data
            logharbour(entry("\"data\":42"), "line 1: data: must be an object or a string, got number"),
            logharbour(entry("\"data\":[]"), "line 1: data: must be an object or a string, got array"),
            logharbour(entry("\"data\":{\"activity_data\":\"x\",\"debug_data\":{}}"),
                    "line 1: data: must hold exactly one of activity_data, change_data, debug_data; got activity_data, debug_data"),
            logharbour(entry("\"data\":{\"http_data\":{}}"),
                    "line 1: data.http_data: unknown data shape (expected activity_data, change_data or debug_data)"),
            logharbour(entry("\"data\":{\"activity_data\":5}"), "line 1: data.activity_data: must be a string, got number"),
            logharbour(entry("\"data\":{\"activity_data\":null}"), "line 1: data.activity_data: must not be null"),
            logharbour(entry("\"data\":{\"change_data\":\"x\"}"), "line 1: data.change_data: must be an object, got string"),
            logharbour(entry("\"data\":{\"change_data\":{\"changes\":{}}}"),
                    "line 1: data.change_data.changes: must be a list, got object"),
            logharbour(entry("\"data\":{\"change_data\":{\"changes\":[1]}}"),
                    "line 1: data.change_data.changes[0]: must be a JSON object, got number"),
            logharbour(entry("\"data\":{\"change_data\":{\"entity\":7,\"changes\":[{\"field\":\"f\"},{\"old_value\":\"1\"}]}}"),
                    "line 1: data.change_data.entity: must be a string, got number",
                    "line 1: data.change_data.changes[1].field: required"),
            logharbour(entry("\"data\":{\"debug_data\":{\"pid\":\"x\",\"line\":1.5,\"file\":false}}"),
                    "line 1: data.debug_data.pid: must be an integer, got string",
                    "line 1: data.debug_data.file: must be a string, got boolean",
                    "line 1: data.debug_data.line: must be an integer, got 1.5"),
            // every problem of an entry, not just the first
            logharbour("{\"app\":5,\"when\":\"x\",\"pri\":\"Loud\",\"status\":7,\"msg\":[]}",
                    "line 1: app: must be a string, got number",
                    "line 1: pri: unknown priority \"Loud\"",
                    "line 1: when: not an RFC 3339 date-time: \"x\"",
                    "line 1: status: must be 0 or 1, got 7",
                    "line 1: msg: must be a string, got array"),
            // not an object
            logharbour("\"just a string\"", "line 1: must be a JSON object, got string"),
            logharbour("null", "line 1: must be a JSON object, got null"),
            logharbour("[1, " + entry("\"pri\":\"Info\"") + ", []]",
                    "line 1: must be a JSON object, got number", "line 1: must be a JSON object, got array"),
            // malformed JSON
            logharbour("{\"app\":\"a\",}",
                    "line 1: malformed JSON at column 12: Unexpected character ('}' (code 125)): was expecting double-quote to start field name"),
            logharbour("{\"app\":\"a\"", "line 1: malformed JSON: unexpected end of input"),
            logharbour("{\"app\":\"a\",\"app\":\"b\"," + WHEN + "}",
                    "line 1: malformed JSON at column 17: duplicate field \"app\""),
            logharbour("{\"app\":tru}",
                    "line 1: malformed JSON at column 8: Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
            logharbour("{'app':'a'}",
                    "line 1: malformed JSON at column 2: Unexpected character (''' (code 39)): was expecting double-quote to start field name"),
            logharbour("{\"app\":\"a\"}{\"app\":\"b\"}", "line 1: unexpected content after the JSON value at column 12"),
            logharbour(entry("\"msg\":\"a\u0001b\""),
                    "line 1: malformed JSON at column 50: Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped using backslash to be included in string value"),
            logharbour(entry("\"status\":NaN"), "line 1: malformed JSON at column 54: Non-standard token 'NaN'"),
            logharbour(entry("\"status\":01"), "line 1: malformed JSON at column 52: Invalid numeric value: Leading zeroes not allowed"),
            logharbour("{/* c */" + WHEN + "}",
                    "line 1: malformed JSON at column 2: Unexpected character ('/' (code 47)): maybe a (non-standard) comment?"),
            logharbour("{app:\"a\"}",
                    "line 1: malformed JSON at column 2: Unexpected character ('a' (code 97)): was expecting double-quote to start field name"),
            logharbour("[" + entry("\"pri\":\"Info\"") + ",]",
                    "line 1: malformed JSON at column 57: Unexpected character (']' (code 93)): expected a value"),
            logharbour(entry("\"data\":{\"debug_data\":{\"data\":" + "[".repeat(62) + "]".repeat(62) + "}}"),
                    "line 1: JSON nested deeper than 64 levels"),
            logharbour("", "line 1: empty body"),
            logharbour(" \r\n\t\n", "line 1: empty body"),
            // NDJSON: each line on its own
            logharbour(entry("\"pri\":\"Info\"") + "\n{\"app\":\"b\"}\n\n{\"app\":\n" + entry("\"pri\":\"sec\"") + "\n",
                    "line 2: when: required", "line 4: malformed JSON: unexpected end of input"),

            // ExtraHop
            extrahop("{}", "line 1: sequence: required",
                    "line 1: neither a request log (no \"request\") nor a response log (no \"response_status_code\")"),
            extrahop("{\"sequence\":-1," + REQUEST + "}", "line 1: sequence: must be a non-negative integer, got -1"),
            extrahop("{\"sequence\":\"302\"," + REQUEST + "}", "line 1: sequence: must be an integer, got string"),
            extrahop("{\"sequence\":3.5," + REQUEST + "}", "line 1: sequence: must be an integer, got 3.5"),
            extrahop("{\"sequence\":99999999999999999999," + REQUEST + "}", "line 1: sequence: out of range: 99999999999999999999"),
            extrahop("{\"sequence\":1," + REQUEST + ",\"response_status_code\":200}",
                    "line 1: has both request and response members; a log is one or the other"),
            extrahop("{\"sequence\":1,\"request_body\":{}}", "line 1: request: required"),
            extrahop("{\"sequence\":1,\"request\":\"GET /\"}", "line 1: request: must be an object, got string"),
            extrahop(request(""), "line 1: request.Method: required", "line 1: request.RequestURI: required"),
            extrahop(request("\"Method\":\"GE T\",\"RequestURI\":\"/\""), "line 1: request.Method: not an HTTP method: \"GE T\""),
            extrahop(request("\"Method\":\"\",\"RequestURI\":\"\""),
                    "line 1: request.Method: must not be empty", "line 1: request.RequestURI: must not be empty"),
            extrahop(getRequest("\"ContentLength\":-2"), "line 1: request.ContentLength: must be -1 (unknown) or more, got -2"),
            extrahop(getRequest("\"ContentLength\":\"149\""), "line 1: request.ContentLength: must be an integer, got string"),
            extrahop(getRequest("\"Close\":\"false\""), "line 1: request.Close: must be true or false, got string"),
            extrahop(getRequest("\"Header\":{\"Accept\":5}"),
                    "line 1: request.Header.Accept: must be a string or a list of strings, got number"),
            extrahop(getRequest("\"Header\":{\"Accept\":[\"a\",1]}"), "line 1: request.Header.Accept[1]: must be a string, got number"),
            extrahop(getRequest("\"Header\":[]"), "line 1: request.Header: must be an object, got array"),
            extrahop(getRequest("\"TransferEncoding\":5"),
                    "line 1: request.TransferEncoding: must be a string or a list of strings, got number"),
            extrahop(getRequest("\"Trailer\":true"),
                    "line 1: request.Trailer: must be a string or a list of strings or a header map, got boolean"),
            extrahop(getRequest("\"Trailer\":{\"X\":{}}"),
                    "line 1: request.Trailer.X: must be a string or a list of strings, got object"),
            extrahop("{\"sequence\":1,\"response_status_code\":\"OK\"}", "line 1: response_status_code: not a status code: \"OK\""),
            extrahop("{\"sequence\":1,\"response_status_code\":42}", "line 1: response_status_code: must be between 100 and 599, got 42"),
            extrahop("{\"sequence\":1,\"response_status_code\":\"600\"}", "line 1: response_status_code: must be between 100 and 599, got 600"),
            extrahop("{\"sequence\":1,\"response_status_code\":\" 200\"}", "line 1: response_status_code: not a status code: \" 200\""),
            extrahop("{\"sequence\":1,\"response_status_code\":200.5}", "line 1: response_status_code: not a status code: 200.5"),
            extrahop("{\"sequence\":1,\"response_status_code\":true}", "line 1: response_status_code: must be a number or a string, got boolean"),
            extrahop("{\"sequence\":1,\"response_status_code\":null}", "line 1: response_status_code: must not be null"),
            extrahop("{\"sequence\":1,\"response_headers\":{}}", "line 1: response_status_code: required"),
            extrahop("{\"sequence\":1,\"response_status_code\":200,\"response_headers\":\"x\"}",
                    "line 1: response_headers: must be an object, got string"),

            // Observations
            observations("{}", "line 1: observations: required", "line 1: source: required"),
            observations("{\"observations\":[],\"source\":\"OpenVPN\"}", "line 1: observations: must not be empty"),
            observations("{\"observations\":{},\"source\":5}",
                    "line 1: observations: must be a list, got object", "line 1: source: must be a string, got number"),
            observations("{\"observations\":[\"10.0.0.1\"],\"source\":\"\"}",
                    "line 1: observations[0]: must be a JSON object, got string", "line 1: source: must not be empty"),
            observations(observation("\"ipaddr\":\"vpn.example.com\",\"associated_ipaddr\":\"1.2.3\",\"timestamp\":1"),
                    "line 1: observations[0].ipaddr: not an IP address: \"vpn.example.com\"",
                    "line 1: observations[0].associated_ipaddr: not an IP address: \"1.2.3\""),
            observations(observation("\"ipaddr\":\"01.2.3.4\",\"associated_ipaddr\":\"::ffff:1.2.3.4\",\"timestamp\":1"),
                    "line 1: observations[0].ipaddr: not an IP address: \"01.2.3.4\""),
            observations(observation("\"ipaddr\":\"10.0.0.1\",\"associated_ipaddr\":\"1.2.3.4\",\"timestamp\":-5"),
                    "line 1: observations[0].timestamp: must be epoch seconds from 0 to 253402300799, got -5"),
            observations(observation("\"ipaddr\":\"10.0.0.1\",\"associated_ipaddr\":\"1.2.3.4\",\"timestamp\":\"01/01/24 10:10:10\""),
                    "line 1: observations[0].timestamp: must be an integer, got string"),
            observations(observation("\"ipaddr\":\"10.0.0.1\",\"associated_ipaddr\":\"1.2.3.4\",\"timestamp\":1704103810.5"),
                    "line 1: observations[0].timestamp: must be an integer, got 1704103810.5"),
            observations(observation("\"ipaddr\":\"10.0.0.1\""),
                    "line 1: observations[0].associated_ipaddr: required", "line 1: observations[0].timestamp: required"),
            observations("{\"observations\":[{\"ipaddr\":\"10.0.0.1\",\"associated_ipaddr\":\"1.2.3.4\",\"timestamp\":1},"
                            + "{\"ipaddr\":\"10.0.0.256\",\"associated_ipaddr\":\"1.2.3.4\",\"timestamp\":1},"
                            + "{\"ipaddr\":\"10.0.0.2\",\"associated_ipaddr\":\"2001:db8:::1\",\"timestamp\":1}],\"source\":\"s\"}",
                    "line 1: observations[1].ipaddr: not an IP address: \"10.0.0.256\"",
                    "line 1: observations[2].associated_ipaddr: not an IP address: \"2001:db8:::1\"")
        );
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("cases")
    void reportsExactlyTheseProblems(LogKind kind, String input, List<String> expected) {
        Batch<?> batch = BatchReader.standard().read(input.getBytes(StandardCharsets.UTF_8), kind.format());
        assertEquals(expected, batch.problems().stream().map(Problem::toString).toList());
    }
}
