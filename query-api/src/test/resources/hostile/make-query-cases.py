#!/usr/bin/env python3
"""Writes query-seed.ndjson and query-cases.ndjson, the injection corpus QueryInjectionIT runs against
the query API: one entry or case a line. Edit this script and run it to change either; commit all three.

The seed: realm "inj" holds app "shop" (the scoped token's only app) and app "crm" beside it, and realm
"other" holds app "shop" too; several entries carry the literal value "*" (who, op, instance, a changed
field), so that a value read as a pattern instead of a term would show in the answer. Each seed line:
realm, received_ms (after the export window's start), and the entry as the sender sent it.

Each case: name; token ("shop": realm inj, app shop only; "all": realm inj, every app; neither has
debug); method (GET, or POST with a JSON object body); path; params (name, value pairs, URL-encoded by
the runner; "${start}"/"${end}" are the export window) or raw_query (sent as written) or body (POST);
then the expected answer: status and, for a refusal, the error code; for a 200, "ids" (exactly these
entries, for getlogs, getchanges, export and ids) or "setvalues" (getset). Every 200 is also checked
to hold nothing outside the token's scope. Never a 5xx.

The expectations are computed here from the rules the README states (term matching on every filter,
typed parameters refused with their code, scope before search, app_not_found for an app in scope that
has no entry) and were checked against the server's actual answers.
"""
import json, os
from urllib.parse import quote_plus

LH = "/api/v1/logharbour/"
EXPORT = "/api/v1/logs/received"
IDS = "/api/v1/logs/ids/"
WHEN = "2026-01-01T00:00:00Z"  # the runner replaces it with an hour ago, so every window holds it

seed = []

def entry(realm, id, app, type="A", who="jim", op="update", cls="Order", instance="1", field=None, received_ms=0, pri="Info"):
    e = {"id": id, "app": app, "system": "vm", "module": "orders", "type": type, "pri": pri, "when": WHEN, "who": who,
         "op": op, "class": cls, "instance": instance, "status": 0, "remote_ip": "10.1.0.%d" % (len(seed) + 1),
         "msg": "injection corpus " + id}
    if type == "C":
        e["data"] = {"change_data": {"entity": cls, "op": "Update",
                                     "changes": [{"field": field, "old_value": "a", "new_value": "b"}]}}
    else:
        e["data"] = {"activity_data": "{}"}
    seed.append({"realm": realm, "received_ms": received_ms, "entry": e})

entry("inj", "2ZINJSHOP000000000000000001", "shop", received_ms=1000)
entry("inj", "2ZINJSHOP000000000000000002", "shop", who="*", op="*", instance="*", received_ms=2000)
entry("inj", "2ZINJSHOP000000000000000003", "shop", type="C", field="status", received_ms=3000)
entry("inj", "2ZINJSHOP000000000000000004", "shop", type="C", who="*", instance="*", field="*", received_ms=4000)
entry("inj", "2ZINJSHOPDEBUG0000000000005", "shop", type="D", who="*", op="*", pri="Debug1", received_ms=5000)
entry("inj", "2ZINJCRM0000000000000000006", "crm", who="*", op="*", received_ms=6000)
entry("inj", "2ZINJCRM0000000000000000007", "crm", type="C", field="status", received_ms=7000)
entry("other", "2ZOTHER00000000000000000008", "shop", who="*", op="*", instance="*", received_ms=8000)
entry("other", "2ZOTHER00000000000000000009", "shop", type="C", field="*", instance="1", received_ms=9000)

def visible(token):
    """The entries a token may read: realm inj, its apps, never type D (no debug)."""
    return [s["entry"] for s in seed if s["realm"] == "inj" and s["entry"]["type"] != "D"
            and (token == "all" or s["entry"]["app"] == "shop")]

PAYLOADS = {
    "star": "*",
    "qs-or": "app:* OR realm:other",
    "qs-match-all": "*:*",
    "qs-bool": "shop OR crm",
    "wildcard-prefix": "sh*",
    "regex": "/.*/",
    "nul-char": "\u0000",
    "escaped-nul-text": "\\u0000",
    "percent-00-text": "%00",
    "json-match-all": '{"match_all":{}}',
    "json-bool-other-realm": '{"bool":{"should":[{"term":{"realm":"other"}}]}}',
    "dot-dot": "../",
    "dot-dot-index": "../../harbour-logharbour-other/_search",
    "index-pattern": "harbour-logharbour-*",
    "sql": "' OR '1'='1",
    "script-painless": "doc['app'].value == 'shop'",
    "script-json": '{"script":{"source":"ctx._source.app","lang":"painless"}}',
    "mustache": "{{#toJson}}_source{{/toJson}}",
    "jndi": "${jndi:ldap://127.0.0.1:1389/a}",
    "html": "<script>alert(1)</script>",
    "crlf": "shop\r\nX-Injected: 1",
    "fullwidth-shop": "\uff53\uff48\uff4f\uff50",
    "other-realm-name": "other",
    "long-4000": "a" * 4000,
    "long-20000": "a" * 20000,
}
REQUEST_LINE_LIMIT = 16 * 1024  # http.max_initial_line_length of the query API

cases = []

def add(name, token, path, expect, params=None, method="GET", raw_query=None, body=None, code=None, ids=None,
        setvalues=None):
    c = {"name": name, "token": token, "method": method, "path": path}
    if params is not None:
        c["params"] = params
    if raw_query is not None:
        c["raw_query"] = raw_query
    if body is not None:
        c["body"] = body
    c["expect"] = expect
    if code:
        c["code"] = code
    if ids is not None:
        c["ids"] = sorted(ids)
    if setvalues is not None:
        c["setvalues"] = setvalues
    cases.append(c)

def request_line(path, params):
    q = "&".join(quote_plus(k) + "=" + quote_plus(v) for k, v in params)
    return len("GET " + path + ("?" + q if q else "") + " HTTP/1.1")

FILTERS = {"app": "app", "who": "who", "class": "class", "instance": "instance", "op": "op"}

def matching(token, params, types=None):
    out = []
    for e in visible(token):
        if types and e["type"] not in types:
            continue
        if all(e.get(FILTERS[k]) == v for k, v in params if k in FILTERS):
            out.append(e)
    return out

def lh_expectation(route, token, params):
    """(status, code, ids or setvalues) of a LogHarbour call, by the README's rules, in the order the server checks."""
    p = dict(params)
    if route == "getset" and "setattr" in p and p["setattr"] not in ("who", "app", "op", "class", "instance"):
        return 400, "invalid_setattr", None
    if route == "getchanges":
        for required in ("app", "class", "instance"):
            if required not in p:
                return 400, "missing_parameter", None
    if "instance" in p and "class" not in p:
        return 400, "invalid_parameter", None
    if "type" in p and p["type"].strip().upper() not in ("A", "C", "D", "U"):
        return 400, "invalid_type", None
    if "pri" in p:
        return 400, "invalid_priority", None
    if "remoteIP" in p:
        return 400, "invalid_ip", None
    for t in ("fromts", "tots"):
        if t in p:
            return 400, "invalid_parameter", None
    if "ndays" in p:
        return 400, "invalid_days", None
    if "observations" in p and route != "getset":
        # getset takes GetLogs' parameter names but has no use for observations, and ignores it
        return 400, "invalid_parameter", None
    if ("searchAfterTS" in p) != ("searchAfterDocID" in p):
        return 400, "pagination_error", None
    if "searchAfterTS" in p and p["searchAfterTS"] != "2100-01-01T00:00:00Z":
        return 400, "pagination_error", None
    if "searchAfterDocID" in p and len(p["searchAfterDocID"]) > 512:
        return 400, "pagination_error", None
    if "app" in p and token == "shop" and p["app"] != "shop":
        return 403, "app_not_allowed", None
    if route == "getchanges":
        found = [e for e in matching(token, [(k, v) for k, v in params if k in ("app", "class", "instance", "who")], types="C")
                 if "field" not in p or e["data"]["change_data"]["changes"][0]["field"] == p["field"]]
    else:
        found = matching(token, params, types=("A", "C"))
    if not found and "app" in p and not [e for e in visible(token) if e["app"] == p["app"]]:
        return 404, "app_not_found", None
    if route == "getset":
        values = {}
        for e in found:
            values[e[p["setattr"]]] = values.get(e[p["setattr"]], 0) + 1
        return 200, None, values
    return 200, None, [e["id"] for e in found]

# ---- every parameter of getlogs, getset and getchanges, every payload, as query parameters ----
ROUTES = {
    "getlogs": ([], ["app", "type", "who", "class", "instance", "op", "fromts", "tots", "ndays", "remoteIP", "pri",
                     "searchAfterTS", "searchAfterDocID", "observations"]),
    "getset": ([("setattr", "who")], ["app", "type", "who", "class", "instance", "op", "fromts", "tots", "ndays", "remoteIP",
                                      "pri", "observations", "setattr"]),
    "getchanges": ([("app", "shop"), ("class", "Order"), ("instance", "1")],
                   ["app", "who", "class", "instance", "field", "fromts", "tots", "ndays", "searchAfterTS", "searchAfterDocID"]),
}
# A cursor half alone is a pagination_error whatever it holds; with the other half valid, the payload is what is read.
PARTNER = {"searchAfterTS": ("searchAfterDocID", "2ZINJSHOP000000000000000001"),
           "searchAfterDocID": ("searchAfterTS", "2100-01-01T00:00:00Z"),
           "instance": ("class", "Order")}

for route, (base, names) in ROUTES.items():
    for pname in names:
        tokens = ["shop", "all"] if pname in ("app", "class") else ["shop"]
        for token in tokens:
            for key, value in PAYLOADS.items():
                params = [(k, v) for k, v in base if k != pname]
                if pname in PARTNER and PARTNER[pname][0] not in dict(params):
                    params.append(PARTNER[pname])
                params.append((pname, value))
                name = f"{route}-{pname}-{key}" + ("" if token == "shop" else "-all-apps")
                if request_line(LH + route, params) > REQUEST_LINE_LIMIT:
                    add(name, token, LH + route, 414, params=params, code="request_line_too_long")
                    continue
                status, code, result = lh_expectation(route, token, params)
                if pname == "searchAfterDocID" and status == 200:
                    # getlogs is newest first: after (2100-01-01, payload) comes every entry, whatever the payload;
                    # getchanges is oldest first: nothing comes after 2100
                    status, code, result = lh_expectation(route, token, [(k, v) for k, v in params if not k.startswith("searchAfter")])
                    if route == "getchanges":
                        result = []
                if route == "getset":
                    add(name, token, LH + route, status, params=params, code=code, setvalues=result)
                else:
                    add(name, token, LH + route, status, params=params, code=code, ids=result)

# ---- the same as a POSTed JSON object, where JSON itself is the weapon ----
for route, (base, names) in ROUTES.items():
    for key, value in {"object": {"match_all": {}}, "array": ["shop", "crm"], "bool-query": {"bool": {"should": []}},
                       "nested-array": [[{"term": {"realm": "other"}}]]}.items():
        for pname in ["app", "who", "class"]:
            body = dict(base)
            body[pname] = value
            add(f"post-{route}-{pname}-json-{key}", "shop", LH + route, 400, method="POST", body=json.dumps(body),
                code="invalid_parameter")
    for key, text in {"duplicate-names": '{"who":"jim","who":"*"' + "".join(',"%s":"%s"' % kv for kv in base) + '}',
                      "number-out-of-range": '{"who":1e99999999999' + "".join(',"%s":"%s"' % kv for kv in base) + '}',
                      "not-an-object": '["who","*"]', "truncated": '{"who":', "nul-name": '{"\\u0000":"x"}',
                      "realm-member": '{"realm":"other"' + "".join(',"%s":"%s"' % kv for kv in base) + '}',
                      "index-member": '{"index":"harbour-logharbour-other"' + "".join(',"%s":"%s"' % kv for kv in base) + '}'}.items():
        status, code = (400, "unknown_parameter") if key in ("realm-member", "index-member", "nul-name") else (400, "malformed_json")
        add(f"post-{route}-{key}", "shop", LH + route, status, method="POST", body=text, code=code)
    for key, value in {"long-100000": "a" * 100000, "long-8191": "b" * 8191, "star": "*", "qs-or": "app:* OR realm:other",
                       "nul-char": "\u0000"}.items():
        params = list(base) + [("who", value)]
        status, code, result = lh_expectation(route, "shop", params)
        if len(value) > 8191:
            # longer than any term the indices keep (layout's Mappings.LONG_KEYWORD_CHARS); past Lucene's term limit
            # Elasticsearch refuses the whole search, which was a 500
            status, code, result = 400, "invalid_parameter", None
        body = json.dumps(dict(params))
        if route == "getset":
            add(f"post-{route}-who-{key}", "shop", LH + route, status, method="POST", body=body, code=code, setvalues=result)
        else:
            add(f"post-{route}-who-{key}", "shop", LH + route, status, method="POST", body=body, code=code, ids=result)

# ---- query strings written by hand: bad escapes, pollution, names that are not parameters ----
for route, (base, _) in ROUTES.items():
    prefix = "".join(quote_plus(k) + "=" + quote_plus(v) + "&" for k, v in base)
    raws = {
        "who-raw-percent-00": ("who=%00", lambda: lh_expectation(route, "shop", list(base) + [("who", "\u0000")])),
        "who-raw-lone-percent": ("who=%", (400, "malformed_request", None)),
        "who-raw-bad-escape": ("who=%zz", (400, "malformed_request", None)),
        "name-raw-bad-escape": ("%zz=1", (400, "malformed_request", None)),
        # bytes that are not UTF-8 are decoded as U+FFFD by Netty: a value like any other, matching nothing
        "who-raw-invalid-utf8": ("who=%ff%fe", lambda: lh_expectation(route, "shop", list(base) + [("who", "\ufffd\ufffd")])),
        "who-raw-overlong-utf8": ("who=%c0%af", lambda: lh_expectation(route, "shop", list(base) + [("who", "\ufffd\ufffd")])),
        "who-twice": ("who=jim&who=*", (400, "invalid_parameter", None)),
        "app-bracket": ("app[]=shop", (400, "unknown_parameter", None)),
        "app-mongo-ne": ("app[$ne]=x", (400, "unknown_parameter", None)),
        "realm-param": ("realm=other", (400, "unknown_parameter", None)),
        "index-param": ("index=harbour-logharbour-other", (400, "unknown_parameter", None)),
        "q-param": ("q=*", (400, "unknown_parameter", None)),
        "source-param": ("_source=true", (400, "unknown_parameter", None)),
        "size-param": ("size=10000", (400, "unknown_parameter", None)),
        "name-nul": ("%00=x", (400, "unknown_parameter", None)),
    }
    for key, (raw, expectation) in raws.items():
        c = {"name": f"raw-{route}-{key}", "token": "shop", "method": "GET", "path": LH + route, "raw_query": prefix + raw}
        status, code, result = expectation() if callable(expectation) else expectation
        c["expect"] = status
        if code:
            c["code"] = code
        if status == 200:
            c["setvalues" if route == "getset" else "ids"] = result if route == "getset" else sorted(result)
        cases.append(c)
    add(f"raw-{route}-path-bad-escape", "shop", LH + route + "%zz", 400, raw_query=prefix.rstrip("&"), code="malformed_request")

# ---- export: every parameter, every payload ----
EXPORT_BASE = [("start", "${start}"), ("end", "${end}")]
EXPORT_CODES = {"start": "invalid_time", "end": "invalid_time", "count": "invalid_count", "sample": "invalid_sample",
                "fields": "invalid_field", "timestamps": "invalid_timestamps", "kind": "invalid_kind", "cursor": "invalid_cursor"}
for pname, code in EXPORT_CODES.items():
    for key, value in PAYLOADS.items():
        params = [(k, v) for k, v in EXPORT_BASE if k != pname] + [(pname, value)]
        name = f"export-{pname}-{key}"
        if request_line(EXPORT, params) > REQUEST_LINE_LIMIT:
            add(name, "shop", EXPORT, 414, params=params, code="request_line_too_long")
        elif pname == "fields" and not value.strip(" \t\r\n\x00"):
            # the field list is split at commas and each name trimmed (Java's trim takes NUL too): no names is all fields
            add(name, "shop", EXPORT, 200, params=params, ids=[e["id"] for e in visible("shop")])
        else:
            add(name, "shop", EXPORT, 400, params=params, code=code)
for raw_key, raw in {"realm-param": "realm=other", "index-param": "index=harbour-*", "q-param": "q=*", "start-twice": "start=0"}.items():
    add(f"raw-export-{raw_key}", "shop", EXPORT, 400, raw_query="start=${start}&end=${end}&" + raw,
        code="invalid_parameter" if raw_key == "start-twice" else "unknown_parameter")
# controls: the window itself, for each token: exactly its entries of the window
for token in ["shop", "all"]:
    add(f"export-control-{token}", token, EXPORT, 200, params=EXPORT_BASE, ids=[e["id"] for e in visible(token)])
    add(f"export-kind-logharbour-{token}", token, EXPORT, 200, params=EXPORT_BASE + [("kind", "logharbour")],
        ids=[e["id"] for e in visible(token)])

# ---- the ids route: the id is a path segment ----
for key, value in PAYLOADS.items():
    if len(value) > 4000:
        continue
    encoded = IDS + quote_plus(value).replace("+", "%20")
    if "/" in value:
        # the path is decoded before routing: a "/" makes it another path, which no route serves
        add(f"ids-{key}", "shop", encoded, 404, code="not_found")
    elif len(value) > 512:
        add(f"ids-{key}", "shop", encoded, 400, code="invalid_id")
    else:
        add(f"ids-{key}", "shop", encoded, 200, ids=[])
for key, raw, expect in [("raw-dot-dot", "../../_search", 404), ("raw-percent-00", "%00", 200),
                         ("raw-encoded-slash", "..%2F..%2F_search", 404), ("raw-double-slash", "/2ZOTHER00000000000000000008", 404),
                         ("raw-bad-escape", "%zz", 400)]:
    add(f"ids-{key}", "shop", IDS + raw, expect, ids=[] if expect == 200 else None,
        code={404: "not_found", 400: "malformed_request"}.get(expect))
add("ids-other-realm-entry", "shop", IDS + "2ZOTHER00000000000000000008", 200, ids=[])
add("ids-other-realm-entry-all-apps", "all", IDS + "2ZOTHER00000000000000000008", 200, ids=[])
add("ids-other-app-entry", "shop", IDS + "2ZINJCRM0000000000000000006", 200, ids=[])
add("ids-debug-entry", "all", IDS + "2ZINJSHOPDEBUG0000000000005", 200, ids=[])
add("ids-control-own-entry", "shop", IDS + "2ZINJSHOP000000000000000002", 200, ids=["2ZINJSHOP000000000000000002"])
add("ids-control-other-app-all-apps", "all", IDS + "2ZINJCRM0000000000000000006", 200, ids=["2ZINJCRM0000000000000000006"])

# ---- controls on the LogHarbour routes ----
add("control-getlogs-shop", "shop", LH + "getlogs", 200, params=[], ids=[e["id"] for e in visible("shop")])
add("control-getlogs-all", "all", LH + "getlogs", 200, params=[], ids=[e["id"] for e in visible("all")])
add("control-getset-who-all", "all", LH + "getset", 200, params=[("setattr", "who")],
    setvalues=lh_expectation("getset", "all", [("setattr", "who")])[2])
add("control-getchanges-star-instance", "shop", LH + "getchanges", 200,
    params=[("app", "shop"), ("class", "Order"), ("instance", "*")], ids=["2ZINJSHOP000000000000000004"])

here = os.path.dirname(os.path.abspath(__file__))
names = [c["name"] for c in cases]
dupes = {n for n in names if names.count(n) > 1}
assert not dupes, dupes
with open(os.path.join(here, "query-seed.ndjson"), "w") as f:
    for s in seed:
        f.write(json.dumps(s, ensure_ascii=True) + "\n")
with open(os.path.join(here, "query-cases.ndjson"), "w") as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=True) + "\n")
print(len(seed), "seed entries,", len(cases), "cases")
