package io.harbour.query.exchange;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harbour.layout.Mappings;
import io.harbour.layout.Times;
import io.harbour.layout.exchange.ExchangeFields;
import io.harbour.layout.exchange.ExchangeState;
import io.harbour.model.logharbour.Timestamp;
import io.harbour.query.http.ApiException;
import io.harbour.query.http.RequestParameters;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The filters of an exchange search or count, parsed from the request with their rules:
 * <ul>
 * <li>time, on {@code first_received_at} (the earlier receive time of the two halves: the
 * request's whenever it came first, and present on every exchange, pending and orphan ones opened
 * by a response included): fromts/tots RFC 3339, tots after fromts; ndays (1 to max) counted back
 * from now, ignored when either is given;</li>
 * <li>sensor: exact; method: exact, any case; uri: a prefix of the RequestURI as sent
 * (a keyword field, so a prefix query);</li>
 * <li>status: a code (100 to 599) or a class {@code 1xx} to {@code 5xx}, any case;</li>
 * <li>latency_above_ms: latency strictly above this many milliseconds (a decimal; exchanges
 * without both halves have no latency and never match);</li>
 * <li>state: complete, pending or orphan.</li>
 * </ul>
 * A value that breaks a rule is 400 naming the parameter ({@code invalid_parameter}, or
 * {@code invalid_days} for ndays as in GetLogs).
 *
 * @param from inclusive, or null; {@code to} likewise
 */
record ExchangeFilter(Instant from, Instant to, boolean oldestFirst, String sensor, String method, String uriPrefix,
                      Integer statusCode, String statusClass, BigDecimal latencyAboveMs, ExchangeState state) {
    /** RFC 3339 with up to nine fraction digits: sort values and ranges on date_nanos. */
    static final String NANOS_FORMAT = "strict_date_optional_time_nanos";
    static final String TIME_FIELD = ExchangeFields.FIRST_RECEIVED_AT;
    private static final Pattern STATUS_CLASS = Pattern.compile("[1-5][xX][xX]");
    private static final Pattern STATUS_CODE = Pattern.compile("[1-5][0-9][0-9]");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static ExchangeFilter parse(RequestParameters p, Clock clock, int maxNdays) {
        Optional<Instant> from = p.get(ExchangeParam.FROMTS).map(text -> time(ExchangeParam.FROMTS, text));
        Optional<Instant> to = p.get(ExchangeParam.TOTS).map(text -> time(ExchangeParam.TOTS, text));
        if (from.isPresent() && to.isPresent() && !to.get().isAfter(from.get())) {
            throw ApiException.badRequest("invalid_parameter", ExchangeParam.TOTS, "tots must be after fromts");
        }
        Instant lower = from.orElse(null);
        if (from.isEmpty() && to.isEmpty() && p.has(ExchangeParam.NDAYS)) {
            lower = clock.instant().minus(Duration.ofDays(days(p.require(ExchangeParam.NDAYS), maxNdays)));
        }
        boolean oldestFirst = from.isPresent() && to.isEmpty();
        String sensor = p.get(ExchangeParam.SENSOR).orElse(null);
        String method = p.get(ExchangeParam.METHOD).map(String::strip).orElse(null);
        String uri = p.get(ExchangeParam.URI).orElse(null);
        if (uri != null && uri.length() > Mappings.LONG_KEYWORD_CHARS) {
            throw ApiException.badRequest("invalid_parameter", ExchangeParam.URI, "uri is longer than any indexed URI ("
                    + Mappings.LONG_KEYWORD_CHARS + " characters)");
        }
        Integer code = null;
        String statusClass = null;
        Optional<String> status = p.get(ExchangeParam.STATUS).map(String::strip);
        if (status.isPresent()) {
            if (STATUS_CODE.matcher(status.get()).matches()) {
                code = Integer.valueOf(status.get());
            } else if (STATUS_CLASS.matcher(status.get()).matches()) {
                statusClass = status.get().toLowerCase(Locale.ROOT);
            } else {
                throw ApiException.badRequest("invalid_parameter", ExchangeParam.STATUS,
                        "status must be a code from 100 to 599 (404) or a class from 1xx to 5xx, not \"" + status.get() + "\"");
            }
        }
        BigDecimal latency = p.get(ExchangeParam.LATENCY_ABOVE_MS).map(ExchangeFilter::latency).orElse(null);
        ExchangeState state = p.get(ExchangeParam.STATE).map(text -> ExchangeState.parse(text.strip().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> ApiException.badRequest("invalid_parameter", ExchangeParam.STATE,
                        "state must be complete, pending or orphan, not \"" + text + "\""))).orElse(null);
        return new ExchangeFilter(lower, to.orElse(null), oldestFirst, sensor, method, uri, code, statusClass, latency, state);
    }

    private static Instant time(String name, String text) {
        return Timestamp.parse(text.strip()).map(Timestamp::instant).orElseThrow(() -> ApiException.badRequest("invalid_parameter", name,
                name + " must be an RFC 3339 time such as 2026-11-23T05:56:38.427582317Z, not \"" + text + "\""));
    }

    private static int days(String text, int maxNdays) {
        int days;
        try {
            days = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            days = -1;
        }
        if (days < 1 || days > maxNdays) {
            throw ApiException.badRequest("invalid_days", ExchangeParam.NDAYS,
                    "ndays must be a whole number of days from 1 to " + maxNdays + ", not \"" + text + "\"");
        }
        return days;
    }

    private static BigDecimal latency(String text) {
        try {
            BigDecimal value = new BigDecimal(text.strip());
            // A bound beyond a day's worth of milliseconds many times over is a typo, and a huge exponent is no number at all.
            if (value.abs().compareTo(BigDecimal.valueOf(1_000_000_000_000L)) > 0) {
                throw new NumberFormatException("out of range");
            }
            return value;
        } catch (NumberFormatException | ArithmeticException e) {
            throw ApiException.badRequest("invalid_parameter", ExchangeParam.LATENCY_ABOVE_MS,
                    "latency_above_ms must be a number of milliseconds (250 or 0.5), not \"" + text + "\"");
        }
    }

    /** The bool query of this filter: every clause a filter (no scoring). */
    ObjectNode query() {
        ObjectNode root = NODES.objectNode();
        ArrayNode filter = root.putObject("bool").putArray("filter");
        if (from != null || to != null) {
            ObjectNode range = filter.addObject().putObject("range").putObject(TIME_FIELD);
            if (from != null) {
                range.put("gte", Times.format(from));
            }
            if (to != null) {
                range.put("lte", Times.format(to));
            }
            range.put("format", NANOS_FORMAT);
        }
        if (sensor != null) {
            filter.addObject().putObject("term").put(ExchangeFields.SENSOR, sensor);
        }
        if (method != null) {
            filter.addObject().putObject("term").putObject(ExchangeFields.REQUEST_METHOD).put("value", method).put("case_insensitive", true);
        }
        if (uriPrefix != null) {
            filter.addObject().putObject("prefix").putObject(ExchangeFields.REQUEST_URI).put("value", uriPrefix);
        }
        if (statusCode != null) {
            filter.addObject().putObject("term").put(ExchangeFields.RESPONSE_STATUS_CODE, statusCode.intValue());
        }
        if (statusClass != null) {
            filter.addObject().putObject("term").put(ExchangeFields.RESPONSE_STATUS_CLASS, statusClass);
        }
        if (latencyAboveMs != null) {
            filter.addObject().putObject("range").putObject(ExchangeFields.LATENCY_MS).put("gt", latencyAboveMs);
        }
        if (state != null) {
            filter.addObject().putObject("term").put(ExchangeFields.STATE, state.value());
        }
        return root;
    }

    /** ({@link #TIME_FIELD}, doc_id) in one direction: doc_id breaks ties, so exchanges sharing a time page exactly. */
    ArrayNode sort() {
        String order = oldestFirst ? "asc" : "desc";
        ArrayNode sort = NODES.arrayNode();
        sort.addObject().putObject(TIME_FIELD).put("order", order).put("format", NANOS_FORMAT);
        sort.addObject().putObject(io.harbour.layout.CommonFields.DOC_ID).put("order", order);
        return sort;
    }
}
