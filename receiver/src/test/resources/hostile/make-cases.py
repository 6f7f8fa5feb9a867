#!/usr/bin/env python3
"""Writes cases.ndjson, the hostile-input corpus HostileInputIT runs: one case a line.

Each case: name; method (POST); path; headers ([[name, value]], sent in order; the runner adds
Host and Connection: close, and Content-Length for the body unless the case sets
"framing": "none" or sends its own); body (text), body_hex, or generator (made at run time, never
kept in git: deep, big, gzip_bomb, header_flood, slow_headers, slow_body); raw (the whole request
as text, sent as is, for smuggling); expect (status) and code (error code of the JSON answer);
accepted (records a 202 must produce). Edit this script and run it to change the corpus.
"""
import json, os

LH = "/api/v1/logharbour/entries"
EH = "/api/v1/extrahop/apilogs"
OB = "/api/v1/observations/associatedipaddrs"
KEY = [["X-Harbour-Key", "hostile"]]
JSON = [["Content-Type", "application/json"]]
cases = []
# Known issues (reported, not yet fixed): the runner checks everything else for these cases and
# reports them as skipped while the answer differs from "expect".
OVERLONG = "Jackson's UTF-8 decoder accepts overlong 2-byte forms (C0 xx, C1 xx), so the line is accepted and stored as sent"

def case(name, body=None, path=LH, expect=400, code="invalid_batch", headers=None, **kw):
    c = {"name": name, "method": kw.pop("method", "POST"), "path": path,
         "headers": (KEY + JSON) if headers is None else headers}
    if body is not None:
        c["body"] = body
    c["expect"] = expect
    if code:
        c["code"] = code
    c.update(kw)
    cases.append(c)

ENTRY = {"id": "2kF3pQ7rXy1ZcV9bN4mL8tHs6Wd", "app": "OnlineStore", "system": "vm", "module": "orders",
         "type": "A", "pri": "Info", "when": "2026-11-23T05:56:38.427582317Z", "who": "jim", "op": "update",
         "class": "Order", "instance": "456", "status": 0, "remote_ip": "203.0.113.45", "msg": "hostile corpus",
         "data": {"activity_data": "{}"}}
EXTRAHOP = {"sequence": 7, "request": {"Method": "POST", "Host": "h", "RemoteAddr": "127.0.0.1:1234",
            "RequestURI": "/api/v1/metrics", "Proto": "HTTP/1.1", "ContentLength": 2,
            "Header": {"Accept": ["application/json"]}}, "request_body": {}}
OBS = {"observations": [{"ipaddr": "10.8.0.6", "associated_ipaddr": "198.51.100.7", "timestamp": 1700000000}],
       "source": "OpenVPN"}
dumps = lambda o: json.dumps(o, separators=(",", ":"))

# --- accepted controls (their records are what Kafka may hold) ---
case("ok-logharbour-single", dumps(ENTRY), expect=202, code=None, accepted=1)
case("ok-logharbour-ndjson", dumps(ENTRY) + "\n" + dumps(dict(ENTRY, msg="two")) + "\n", expect=202, code=None, accepted=2,
     headers=KEY + [["Content-Type", "application/x-ndjson"]])
case("ok-logharbour-array", "[" + dumps(ENTRY) + "," + dumps(ENTRY) + "]", expect=202, code=None, accepted=2)
case("ok-extrahop", dumps(EXTRAHOP), path=EH, expect=202, code=None, accepted=1)
case("ok-extrahop-log-path", dumps(EXTRAHOP), path="/log", expect=202, code=None, accepted=1,
     headers=[["Authorization", "ExtraHop apikey=hostile"], ["Content-Type", "text/plain"]])
case("ok-observations", dumps(OBS), path=OB, expect=202, code=None, accepted=1,
     headers=[["Authorization", "ExtraHop apikey=hostile"], ["Content-Type", "application/json"]])
case("ok-gzip", None, expect=202, code=None, accepted=1, generator={"kind": "gzip", "text": dumps(ENTRY)},
     headers=KEY + JSON + [["Content-Encoding", "gzip"]])
case("ok-no-content-type", dumps(ENTRY), expect=202, code=None, accepted=1, headers=KEY)
case("ok-bom", "\ufeff" + dumps(ENTRY), expect=202, code=None, accepted=1)
case("ok-partial-with-bad-line", dumps(ENTRY) + "\n{\"app\":5}\n", path=LH + "?partial=true", expect=202, code=None, accepted=1)

# --- malformed JSON, many shapes, on each route ---
shapes = {
    "open-brace": "{", "close-brace": "}", "open-bracket": "[", "close-bracket": "]", "name-only": '{"app"}',
    "missing-value": '{"app":}', "trailing-comma": '{"app":"a",}', "leading-comma": '[,{}]', "array-trailing-comma": '[{},]',
    "garbage-after": '{"app":"a"}x', "single-quotes": "{'app':'a'}", "unquoted-names": '{app:"a"}', "nan": '{"status":NaN}',
    "infinity": '{"status":Infinity}', "missing-comma": '{"app":"a" "when":"x"}', "unterminated-string": '{"app":"a',
    "control-char": '{"app":"a\u0001b"}', "bad-escape": '{"app":"\\x41"}', "short-unicode-escape": '{"app":"\\u12"}',
    "block-comment": '/* c */{"app":"a"}', "line-comment": '// c\n{"app":"a"}', "truncated-array": '[{"app":"a"},{"app":',
    "null": "null", "true": "true", "number": "1", "string": '"entry"', "empty-body": "", "whitespace-body": "  \n\t\n ",
    "array-then-garbage": "[{}]x", "two-values-one-line": "{} {}", "colon-colon": '{"app"::"a"}', "lone-minus": '{"status":-}',
    "leading-zero": '{"status":01}', "hex-number": '{"status":0x10}', "plus-number": '{"status":+1}', "dot-number": '{"status":.5}',
    "nul-byte": '{"app":"a"}\u0000', "unclosed-nested": '{"data":{"a":[1,2}}', "mismatched": '{"data":[}]',
}
for name, text in shapes.items():
    case("malformed-lh-" + name, text)
for name in ["open-brace", "missing-value", "single-quotes", "unterminated-string", "truncated-array", "null", "empty-body",
             "garbage-after", "nan", "control-char"]:
    case("malformed-eh-" + name, shapes[name], path=EH)
    case("malformed-ob-" + name, shapes[name], path=OB)
case("malformed-ndjson-line-3", dumps(ENTRY) + "\n" + dumps(ENTRY) + "\n{\"app\":\n", headers=KEY + [["Content-Type", "application/x-ndjson"]])

# --- invalid UTF-8 ---
bad_utf8 = {"ff": "ff", "overlong-slash": "c0af", "surrogate": "eda080", "truncated-3-byte": "e282", "lone-continuation": "80",
            "fe": "fe", "overlong-nul": "c080", "5-byte": "f888808080"}
for name, hx in bad_utf8.items():
    pre = dumps(dict(ENTRY, msg="X")).split('"X"')
    case("utf8-lh-msg-" + name, None, body_hex=pre[0].encode().hex() + "22" + hx + "22" + pre[1].encode().hex(),
         **({"known_issue": OVERLONG} if name.startswith("overlong") else {}))
for name in ["ff", "surrogate", "overlong-slash"]:
    hx = bad_utf8[name]
    pre = dumps(dict(EXTRAHOP, request=dict(EXTRAHOP["request"], Host="X"))).split('"X"')
    case("utf8-eh-host-" + name, None, path=EH, body_hex=pre[0].encode().hex() + "22" + hx + "22" + pre[1].encode().hex(),
         **({"known_issue": OVERLONG} if name.startswith("overlong") else {}))
    pre = dumps(dict(OBS, source="X")).split('"X"')
    case("utf8-ob-source-" + name, None, path=OB, body_hex=pre[0].encode().hex() + "22" + hx + "22" + pre[1].encode().hex(),
         **({"known_issue": OVERLONG} if name.startswith("overlong") else {}))
case("utf8-in-field-name", None, body_hex=b'{"app":"a","'.hex() + "ff" + b'":1,"when":"2026-11-23T05:56:38Z"}'.hex())
case("utf16le-body", None, body_hex=dumps(ENTRY).encode("utf-16-le").hex())
case("utf16be-body-with-bom", None, body_hex=dumps(ENTRY).encode("utf-16").hex())
case("utf16le-array", None, body_hex=("[" + dumps(ENTRY) + "]").encode("utf-16-le").hex())
case("utf16le-ndjson-line-2", None, body_hex=(dumps(ENTRY) + "\n").encode().hex() + dumps(ENTRY).encode("utf-16-le").hex(),
     headers=KEY + [["Content-Type", "application/x-ndjson"]])
case("utf32-body", None, body_hex=dumps(ENTRY).encode("utf-32-le").hex())

# --- wrong types for each field of each format ---
WRONG = {"number": 5, "bool": True, "array": [1], "object": {"a": 1}}
for field in ["id", "app", "system", "module", "type", "pri", "when", "who", "op", "class", "instance", "remote_ip", "msg"]:
    for tname, value in WRONG.items():
        case(f"type-lh-{field}-{tname}", dumps(dict(ENTRY, **{field: value})))
for tname, value in {"string": "0", "bool": True, "array": [0], "object": {}, "fraction": 0.5}.items():
    case(f"type-lh-status-{tname}", dumps(dict(ENTRY, status=value)))
for tname, value in {"number": 1, "bool": True, "array": [1]}.items():
    case(f"type-lh-data-{tname}", dumps(dict(ENTRY, data=value)))
for tname, value in {"string": "7", "bool": True, "array": [7], "object": {}, "fraction": 7.5}.items():
    case(f"type-eh-sequence-{tname}", dumps(dict(EXTRAHOP, sequence=value)), path=EH)
for field in ["Method", "RequestURI"]:
    for tname, value in WRONG.items():
        case(f"type-eh-request-{field}-{tname}", dumps(dict(EXTRAHOP, request=dict(EXTRAHOP["request"], **{field: value}))), path=EH)
for tname, value in {"string": "x", "number": 1, "array": [1]}.items():
    case(f"type-eh-request-{tname}", dumps(dict(EXTRAHOP, request=value)), path=EH)
for tname, value in {"string": "x", "object": {}, "number": 1}.items():
    case(f"type-ob-observations-{tname}", dumps(dict(OBS, observations=value)), path=OB)
for field in ["ipaddr", "associated_ipaddr"]:
    for tname, value in WRONG.items():
        case(f"type-ob-{field}-{tname}", dumps(dict(OBS, observations=[dict(OBS["observations"][0], **{field: value})])), path=OB)
for tname, value in {"bool": True, "array": [1], "object": {}, "string-word": "yesterday"}.items():
    case(f"type-ob-timestamp-{tname}", dumps(dict(OBS, observations=[dict(OBS["observations"][0], timestamp=value)])), path=OB)
for tname, value in {"number": 1, "array": ["x"], "object": {}}.items():
    case(f"type-ob-source-{tname}", dumps(dict(OBS, source=value)), path=OB)

# --- huge numbers ---
for name, num in {"exp-huge": "1e99999999999", "exp-neg-huge": "-1e99999999999", "exp-400": "1e400", "long-overflow": "92233720368547758080",
                  "thousand-digits": "9" * 1001, "tiny": "1e-99999999999"}.items():
    case("number-lh-status-" + name, dumps(ENTRY).replace('"status":0', '"status":' + num))
    case("number-eh-sequence-" + name, dumps(EXTRAHOP).replace('"sequence":7', '"sequence":' + num), path=EH)
case("number-ob-timestamp-exp-huge", dumps(OBS).replace("1700000000", "1e99999999999"), path=OB)
case("number-in-array-exp-huge", "[" + dumps(ENTRY).replace('"status":0', '"status":1e99999999999') + "]")

# --- nesting ---
case("deep-10000-arrays", None, generator={"kind": "deep", "depth": 10000, "open": "[", "close": "]"})
case("deep-10000-objects", None, generator={"kind": "deep", "depth": 10000, "open": '{"a":', "close": "}", "inner": "1"})
case("deep-10000-in-data", None, generator={"kind": "deep", "depth": 10000, "open": '[', "close": "]",
     "prefix": dumps(ENTRY)[:-1].replace('"data":{"activity_data":"{}"}', '"data":{"x":').rstrip(",") , "suffix": "}}"})
case("deep-10000-eh", None, path=EH, generator={"kind": "deep", "depth": 10000, "open": '{"a":', "close": "}", "inner": "1"})
case("deep-10000-ob", None, path=OB, generator={"kind": "deep", "depth": 10000, "open": '[', "close": "]"})
case("deep-100-ndjson-line-2", dumps(ENTRY) + "\n" + "[" * 100 + "]" * 100 + "\n")

# --- size ---
case("big-100MB-content-length", None, expect=413, code="body_too_large", generator={"kind": "big", "bytes": 100 << 20})
case("big-100MB-chunked", None, expect=413, code="body_too_large", generator={"kind": "big", "bytes": 100 << 20, "chunked": True})
case("big-16MiB-plus-one", None, expect=413, code="body_too_large", generator={"kind": "big", "bytes": (16 << 20) + 1})
case("big-declared-huge-length", "x", expect=413, code="body_too_large", framing="none",
     headers=KEY + JSON + [["Content-Length", "9999999999999"]])
case("big-one-item-over-1MiB", None, generator={"kind": "big_item", "bytes": (1 << 20) + 100}, expect=400, code="invalid_batch")
case("gzip-bomb-512MiB", None, expect=413, code="body_too_large", generator={"kind": "gzip_bomb", "bytes": 512 << 20},
     headers=KEY + JSON + [["Content-Encoding", "gzip"]])
case("gzip-bomb-65MiB", None, expect=413, code="body_too_large", generator={"kind": "gzip_bomb", "bytes": 65 << 20},
     headers=KEY + JSON + [["Content-Encoding", "gzip"]])
case("gzip-not-gzip", dumps(ENTRY), code="invalid_gzip", headers=KEY + JSON + [["Content-Encoding", "gzip"]])
case("gzip-truncated", None, code="invalid_gzip", generator={"kind": "gzip", "text": dumps(ENTRY), "truncate": 20},
     headers=KEY + JSON + [["Content-Encoding", "gzip"]])
for enc in ["br", "deflate", "compress", "zstd", "gzip, gzip"]:
    case("encoding-" + enc.replace(", ", "-twice-"), dumps(ENTRY), expect=415, code="unsupported_content_encoding",
         headers=KEY + JSON + [["Content-Encoding", enc]])

# --- headers ---
case("header-flood-2000", dumps(ENTRY), expect=431, code="headers_too_large", generator={"kind": "header_flood", "count": 2000})
case("header-one-20KB", dumps(ENTRY), expect=431, code="headers_too_large", headers=KEY + JSON + [["X-Pad", "p" * 20000]])
case("request-line-9KB", dumps(ENTRY), path=LH + "?x=" + "a" * 9000, expect=414, code="request_line_too_long")
case("request-line-64KB", dumps(ENTRY), path="/" + "a" * 65536, expect=414, code="request_line_too_long")
case("header-no-colon", None, raw="POST " + LH + " HTTP/1.1\r\nHost: x\r\nX-Harbour-Key: hostile\r\nNoColonHere\r\nContent-Length: 2\r\n\r\n{}",
     expect=400, code=None)
case("header-space-before-colon", None, raw="POST " + LH + " HTTP/1.1\r\nHost: x\r\nX-Harbour-Key : hostile\r\nContent-Length: 2\r\n\r\n{}",
     expect=400, code=None)
case("http-version-garbage", None, raw="POST " + LH + " HTTP/9.9\r\nHost: x\r\n\r\n", expect=505, code="http_version_not_supported")
case("request-line-garbage", None, raw="\x16\x03\x01garbage\r\n\r\n", expect=400, code=None)

# --- request smuggling ---
smuggled = "POST " + LH + " HTTP/1.1\r\nHost: x\r\nX-Harbour-Key: hostile\r\nContent-Length: " + str(len(dumps(ENTRY))) + "\r\n\r\n" + dumps(ENTRY)
head = "POST " + LH + " HTTP/1.1\r\nHost: x\r\nX-Harbour-Key: hostile\r\nContent-Type: application/json\r\n"
case("smuggle-cl-te", None, raw=head + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, expect=400, code=None)
case("smuggle-te-cl", None, raw=head + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n2\r\n{}\r\n0\r\n\r\n" + smuggled, expect=400, code=None)
case("smuggle-two-content-lengths", None, raw=head + "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}" + smuggled, expect=400, code=None)
case("smuggle-content-length-list", None, raw=head + "Content-Length: 2, 40\r\n\r\n{}" + smuggled, expect=400, code=None)
case("smuggle-te-obfuscated", None, raw=head + "Transfer-Encoding: xchunked\r\nContent-Length: 2\r\n\r\n{}", expect=400, code=None)
case("smuggle-te-space", None, raw=head + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", expect=400, code=None)
case("smuggle-te-chunked-identity", None, raw=head + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", expect=400, code=None)
case("chunk-size-not-hex", None, raw=head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", expect=400, code=None)
case("chunk-size-overflow", None, raw=head + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n{}\r\n0\r\n\r\n", expect=400, code=None)
case("chunk-size-negative", None, raw=head + "Transfer-Encoding: chunked\r\n\r\n-2\r\n{}\r\n0\r\n\r\n", expect=400, code=None)
case("content-length-negative", None, raw=head + "Content-Length: -1\r\n\r\n{}", expect=400, code=None)
case("content-length-plus", None, raw=head + "Content-Length: +2\r\n\r\n{}", expect=400, code=None)
case("content-length-letters", None, raw=head + "Content-Length: two\r\n\r\n{}", expect=400, code=None)

# --- methods and routes ---
for m in ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]:
    for p in [LH, EH, OB]:
        case(f"method-{m}-{p.split('/')[-1]}", "", path=p, method=m, expect=405, code="method_not_allowed", headers=KEY)
case("method-unknown", "", method="FOO", expect=405, code="method_not_allowed", headers=KEY)
case("path-unknown", dumps(ENTRY), path="/api/v1/nothing", expect=404, code="not_found")
case("path-traversal", dumps(ENTRY), path="/api/v1/logharbour/../../etc/passwd", expect=404, code="not_found")
case("partial-not-boolean", dumps(ENTRY), path=LH + "?partial=maybe", code="invalid_parameter")

# --- content types ---
for t in ["text/html", "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
          "image/png", "application/octet-stream", "////", "application/jsonx"]:
    case("content-type-" + t.split(";")[0].replace("/", "-"), dumps(ENTRY), expect=415, code="unsupported_media_type",
         headers=KEY + [["Content-Type", t]])

# --- authentication ---
case("auth-none", dumps(ENTRY), expect=401, code=None, headers=JSON)
case("auth-unknown-key", dumps(ENTRY), expect=401, code=None, headers=[["X-Harbour-Key", "nope"]] + JSON)
case("auth-bearer-unknown", dumps(ENTRY), expect=401, code=None, headers=[["Authorization", "Bearer nope"]] + JSON)
case("auth-bearer-empty", dumps(ENTRY), expect=401, code=None, headers=[["Authorization", "Bearer "]] + JSON)
case("auth-basic", dumps(ENTRY), expect=401, code=None, headers=[["Authorization", "Basic aG9zdGlsZTp4"]] + JSON)
case("auth-extrahop-empty", dumps(OBS), path=OB, expect=401, code=None, headers=[["Authorization", "ExtraHop apikey="]] + JSON)
case("auth-key-10KB", dumps(ENTRY), expect=401, code=None, headers=[["X-Harbour-Key", "k" * 10000]] + JSON)
case("auth-key-injection", dumps(ENTRY), expect=401, code=None, headers=[["X-Harbour-Key", "' OR '1'='1"]] + JSON)
case("auth-blocked-address", dumps(ENTRY), expect=403, code=None, headers=[["X-Harbour-Key", "blocked"]] + JSON)
case("auth-blocked-observations", dumps(OBS), path=OB, expect=403, code=None, headers=[["Authorization", "ExtraHop apikey=blocked"]] + JSON)

# --- slow senders ---
case("slow-headers", None, expect=408, code="request_timeout", generator={"kind": "slow_headers"})
case("slow-body", None, expect=408, code="request_timeout", generator={"kind": "slow_body"})

here = os.path.dirname(os.path.abspath(__file__))
names = [c["name"] for c in cases]
assert len(names) == len(set(names)), "duplicate names"
with open(os.path.join(here, "cases.ndjson"), "w") as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=True) + "\n")
print(len(cases), "cases")
