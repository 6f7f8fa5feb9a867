#!/usr/bin/env python3
"""Writes cases.ndjson, the hostile-input corpus HostileInputIT runs, and connection-cases.ndjson, the
TLS, client-certificate and HTTP/2 cases HostileConnectionIT runs (described where they are made):
one case a line.

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
# A case may carry "known_issue" (reported, not yet fixed): the runner then checks everything else
# and reports it as skipped while the answer differs from "expect". None is open: the overlong
# UTF-8 forms Jackson decodes (C0 AF, E0 80 AF, F0 80 80 AF, above U+10FFFF) are refused by the
# model's BatchReader since it checks the bytes of every value that parsed.

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
            "fe": "fe", "overlong-nul": "c080", "5-byte": "f888808080",
            "overlong-c1": "c1bf", "overlong-3-byte-slash": "e080af", "overlong-3-byte-max": "e09fbf",
            "overlong-4-byte-slash": "f08080af", "overlong-4-byte-max": "f08fbfbf", "above-10ffff": "f4908080", "f5-lead": "f5808080"}
for name, hx in bad_utf8.items():
    pre = dumps(dict(ENTRY, msg="X")).split('"X"')
    case("utf8-lh-msg-" + name, None, body_hex=pre[0].encode().hex() + "22" + hx + "22" + pre[1].encode().hex())
for name in ["ff", "surrogate", "overlong-slash", "overlong-3-byte-slash", "above-10ffff"]:
    hx = bad_utf8[name]
    pre = dumps(dict(EXTRAHOP, request=dict(EXTRAHOP["request"], Host="X"))).split('"X"')
    case("utf8-eh-host-" + name, None, path=EH, body_hex=pre[0].encode().hex() + "22" + hx + "22" + pre[1].encode().hex())
    pre = dumps(dict(OBS, source="X")).split('"X"')
    case("utf8-ob-source-" + name, None, path=OB, body_hex=pre[0].encode().hex() + "22" + hx + "22" + pre[1].encode().hex())
# in a field name, in an array element, on line 2 of NDJSON (the scanner's path), as the only content of a string
case("utf8-overlong-in-field-name", None, body_hex=b'{"app":"a","'.hex() + "c0af" + b'":1,"when":"2026-11-23T05:56:38Z"}'.hex())
case("utf8-overlong-in-array-element-2", None,
     body_hex=("[" + dumps(ENTRY) + ",").encode().hex() + dumps(dict(ENTRY, msg="X")).split('"X"')[0].encode().hex() + "22c0af22"
     + dumps(dict(ENTRY, msg="X")).split('"X"')[1].encode().hex() + b"]".hex())
case("utf8-overlong-ndjson-line-2", None, headers=KEY + [["Content-Type", "application/x-ndjson"]],
     body_hex=(dumps(ENTRY) + "\n").encode().hex() + dumps(dict(ENTRY, app="X")).split('"X"')[0].encode().hex() + "22e080af22"
     + dumps(dict(ENTRY, app="X")).split('"X"')[1].encode().hex())
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
# percent escapes Netty's decoder cannot decode, in the query and in the path
case("uri-bad-escape-lone-percent", dumps(ENTRY), path=LH + "?partial=%", code="malformed_request")
case("uri-bad-escape-not-hex", dumps(ENTRY), path=LH + "?partial=%zz", code="malformed_request")
case("uri-bad-escape-in-path", dumps(ENTRY), path="/api/v1/logharbour/entries%zz", code="malformed_request")
case("uri-bad-escape-in-name", dumps(ENTRY), path=LH + "?%=true", code="malformed_request")
case("uri-percent-00-in-path", dumps(ENTRY), path="/api/v1/logharbour/entries%00", expect=404, code="not_found")

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

# ===== connection-cases.ndjson: TLS handshakes, client certificates, HTTP/2 abuse (HostileConnectionIT) =====
# Receivers: "ec" (P-256 certificate) and "rsa" (RSA 2048, so that RSA-only weak suites could be chosen
# at all), each with the OpenSSL (BoringSSL) provider and with the JDK provider. After every case the
# runner checks that the receiver it hit still answers a good POST 202.
#
# kind "hello": a ClientHello written byte by byte, so exactly these versions and suites are offered
# (no client library still offers RC4 or EXPORT suites, and the JDK refuses TLS 1.0/1.1 itself).
# record/version: the record layer's and the ClientHello's version; tls13: add supported_versions
# (0x0304 only) and an X25519 key_share; expect "refused" (an alert or a close, never a ServerHello)
# or "server_hello" with the suite the server must choose.
# kind "sslv2": an SSLv2-format ClientHello (version 0x0002, or 0x0301 as old TLS 1.0 clients sent).
# kind "openssl": the same refusals through a real client, `openssl s_client ARGS` (skipped where
# openssl is missing); refused means the server sent an alert or closed, not a local refusal.
# kind "client_cert": a TLS connection presenting that certificate (the runner's key manager shows it
# whatever CAs the server names), then a POST without a key; receivers run client_auth optional
# with the test CA, and the realm "conn" lists the subject CN=sensor-1,O=acme. expect is "refused"
# (the handshake fails: an alert or a close before any HTTP answer) or the HTTP status and code.
# kind "h2": raw HTTP/2 frames over TLS with ALPN h2 (see the runner for each attack).
conn = []

def hello(name, suites, servers=("ec", "rsa"), record="0303", version="0303", tls13=False, expect="refused", suite=None,
          extensions=("sni", "groups", "points", "sigalgs", "reneg", "ems")):
    c = {"name": name, "kind": "hello", "servers": list(servers), "record": record, "version": version,
         "suites": suites, "extensions": list(extensions), "tls13": tls13, "expect": expect}
    if suite:
        c["suite"] = suite
    conn.append(c)

GOOD12_EC = ["c02b", "c02c", "cca9"]
GOOD12_RSA = ["c02f", "c030", "cca8"]
GOOD13 = ["1301", "1302", "1303"]
OLD_CBC = ["c009", "c00a", "c013", "c014", "002f", "0035", "000a"]
# controls: the hand-written hello does reach a handshake when it offers what the policy allows
hello("control-tls12-ecdhe-ecdsa-gcm", ["c02b"], servers=("ec",), expect="server_hello", suite="c02b")
hello("control-tls12-ecdhe-rsa-gcm", ["c02f"], servers=("rsa",), expect="server_hello", suite="c02f")
hello("control-tls12-chacha20", ["cca9", "cca8"], expect="server_hello")
hello("control-tls13-aes128-gcm", ["1301"], tls13=True, expect="server_hello", suite="1301")
hello("control-weak-first-then-one-good-ec", ["0005", "000a", "0001", "0003", "c009", "c02b"], servers=("ec",),
      expect="server_hello", suite="c02b")
hello("control-weak-first-then-one-good-rsa", ["0005", "000a", "0001", "0003", "c013", "c02f"], servers=("rsa",),
      expect="server_hello", suite="c02f")
# old protocol versions, offering every suite a client of that time would, good ones included
for vname, ver in [("ssl3", "0300"), ("tls10", "0301"), ("tls11", "0302")]:
    hello(vname + "-only", GOOD12_EC + GOOD12_RSA + OLD_CBC, record="0300" if ver == "0300" else "0301", version=ver)
    hello(vname + "-only-cbc-suites", OLD_CBC, record="0301", version=ver)
hello("tls10-record-tls11-hello", GOOD12_EC + GOOD12_RSA + OLD_CBC, record="0301", version="0302")
# weak suites offered alone with TLS 1.2, for both certificate types (each in RSA, ECDHE-RSA and ECDHE-ECDSA forms where they exist)
hello("tls12-rc4-only", ["0004", "0005", "c011", "c007", "0018"])
hello("tls12-3des-only", ["000a", "0016", "c012", "c008"])
hello("tls12-des-only", ["0009", "0015", "0012"])
hello("tls12-null-only", ["0001", "0002", "003b", "c010", "c006"])
hello("tls12-export-only", ["0003", "0006", "0008", "000b", "000e", "0011", "0014", "0062", "0063", "0064", "0065"])
hello("tls12-anon-only", ["0018", "0034", "003a", "006c", "00a6", "c018", "c019"])
hello("tls12-cbc-only-ecdhe", ["c009", "c00a", "c023", "c024", "c013", "c014", "c027", "c028"])
hello("tls12-cbc-only-rsa-kx", ["002f", "0035", "003c", "003d"])
hello("tls12-rsa-key-transport-gcm", ["009c", "009d"])
hello("tls12-dhe-only", ["009e", "009f", "0033", "0039", "ccaa"])
hello("tls12-every-weak-suite", ["0001", "0002", "0003", "0004", "0005", "0006", "0008", "0009", "000a", "0012", "0014", "0015",
                                  "0016", "0018", "002f", "0033", "0034", "0035", "0039", "003b", "003c", "003d", "0062", "0064",
                                  "009c", "009d", "009e", "009f", "00a6", "c006", "c007", "c008", "c009", "c00a", "c010", "c011",
                                  "c012", "c013", "c014", "c018", "c023", "c024", "c027", "c028"])
hello("tls13-ccm-only", ["1304", "1305"], tls13=True)
hello("tls13-tls12-suites-only", GOOD12_EC + GOOD12_RSA, tls13=True, expect="refused")
conn.append({"name": "sslv2-hello", "kind": "sslv2", "servers": ["ec", "rsa"], "version": "0002",
             "specs": ["010080", "020080", "030080", "040080", "060040", "0700c0", "080080"], "expect": "refused"})
conn.append({"name": "sslv2-format-hello-for-tls10", "kind": "sslv2", "servers": ["ec", "rsa"], "version": "0301",
             "specs": ["00c02b", "00c02f", "00c013", "00002f", "000035", "00000a", "010080"], "expect": "refused"})
for name, args in [("openssl-tls1", ["-tls1", "-cipher", "ALL:@SECLEVEL=0"]),
                   ("openssl-tls1_1", ["-tls1_1", "-cipher", "ALL:@SECLEVEL=0"]),
                   ("openssl-tls1_2-null", ["-tls1_2", "-cipher", "NULL:@SECLEVEL=0"]),
                   ("openssl-tls1_2-cbc", ["-tls1_2", "-cipher", "AES128-SHA:AES256-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:"
                                           "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:@SECLEVEL=0"]),
                   ("openssl-tls1_2-rsa-kx", ["-tls1_2", "-cipher", "AES128-GCM-SHA256:AES256-GCM-SHA384:@SECLEVEL=0"]),
                   ("openssl-tls1_2-dhe", ["-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-CHACHA20-POLY1305:@SECLEVEL=0"])]:
    conn.append({"name": name, "kind": "openssl", "servers": ["ec", "rsa"], "args": args, "expect": "refused"})
conn.append({"name": "openssl-control-tls1_2", "kind": "openssl", "servers": ["ec", "rsa"], "args": ["-tls1_2"], "expect": "accepted"})
conn.append({"name": "openssl-control-tls1_3", "kind": "openssl", "servers": ["ec", "rsa"], "args": ["-tls1_3"], "expect": "accepted"})

MAPPED = "CN=sensor-1,O=acme"
def client_cert(name, cert, expect, code=None, subject=MAPPED):
    for proto in ["TLSv1.3", "TLSv1.2"]:
        c = {"name": name + "-" + proto.lower().replace("v1.", "1"), "kind": "client_cert", "servers": ["ec"], "protocol": proto,
             "cert": cert, "subject": subject, "expect": expect}
        if code:
            c["code"] = code
        conn.append(c)
# controls: the test CA's certificate for the mapped subject gets in; one for another subject and none at all do not
client_cert("cert-control-mapped", "trusted", 202)
client_cert("cert-trusted-unmapped-subject", "trusted", 401, code="unknown_certificate", subject="CN=sensor-9,O=elsewhere")
client_cert("cert-none", "none", 401, code="missing_credentials")
# a second CA made with CertificateAuthority, issuing the mapped subject; the same with the trusted CA's own name
client_cert("cert-wrong-ca-mapped-subject", "wrong-ca", "refused")
client_cert("cert-wrong-ca-named-like-the-trusted-ca", "wrong-ca-same-name", "refused")
# self-signed with the mapped subject; the same with the trusted CA's certificate appended as if it were the issuer
client_cert("cert-self-signed-mapped-subject", "self-signed", "refused")
client_cert("cert-self-signed-with-trusted-ca-appended", "self-signed-with-ca", "refused")
# the trusted CA's certificates, but expired, not yet valid, or for servers only
client_cert("cert-trusted-ca-expired", "expired", "refused")
client_cert("cert-trusted-ca-not-yet-valid", "not-yet-valid", "refused")
client_cert("cert-trusted-ca-server-usage-only", "server-usage", "refused")

# HTTP/2 (ALPN h2), each attack on one connection; after it the server must have ended that connection
# and still answer others. Rapid reset (CVE-2023-44487): HEADERS then RST_STREAM(CANCEL), 10,000 pairs as
# fast as the socket takes them; Netty's server default allows 200 client resets in 30 s, then GOAWAY
# ENHANCE_YOUR_CALM. "handled_below": the streams the server answered or reset before it cut the connection.
conn.append({"name": "h2-rapid-reset-10000", "kind": "h2", "attack": "rapid_reset", "count": 10000, "servers": ["ec"],
             "expect": "goaway", "error": "ENHANCE_YOUR_CALM", "handled_below": 1000})
# "MadeYouReset" (CVE-2025-8671): streams the server must reset itself, each open (a write key, no body
# yet) and then broken by a WINDOW_UPDATE of 0. Netty counts the resets a server sends (200 in 30 s) but
# not CANCEL, which is what a stream's plain close sends: the handlers reset such streams with the
# error's own code (PROTOCOL_ERROR) so that the limit applies.
conn.append({"name": "h2-made-you-reset-10000", "kind": "h2", "attack": "made_you_reset", "count": 10000, "servers": ["ec"],
             "expect": "goaway", "error": "ENHANCE_YOUR_CALM", "handled_below": 1000})
# a header block that never ends: CONTINUATION frames of 1 KiB without END_HEADERS (CVE-2024-27316 class)
conn.append({"name": "h2-continuation-flood", "kind": "h2", "attack": "continuation_flood", "count": 10000, "servers": ["ec"],
             "expect": "goaway", "error": "ENHANCE_YOUR_CALM"})
# far more open streams than the 100 allowed, none finished: those past the limit refused (REFUSED_STREAM),
# and since those are resets the server sends, the connection ends after 200 of them
conn.append({"name": "h2-stream-limit-1000", "kind": "h2", "attack": "open_streams", "count": 1000, "servers": ["ec"],
             "expect": "goaway", "error": "ENHANCE_YOUR_CALM", "refused_streams": True})
# PING frames without reading a byte of the answers (CVE-2019-9512): the connection is cut, and far fewer
# than all the PINGs were answered (the GOAWAY may or may not reach a client that reads nothing)
conn.append({"name": "h2-ping-flood-unread", "kind": "h2", "attack": "ping_flood", "count": 1000000, "servers": ["ec"],
             "expect": "closed"})

here = os.path.dirname(os.path.abspath(__file__))
for file, items in [("cases.ndjson", cases), ("connection-cases.ndjson", conn)]:
    names = [c["name"] for c in items]
    assert len(names) == len(set(names)), "duplicate names in " + file
    with open(os.path.join(here, file), "w") as f:
        for c in items:
            f.write(json.dumps(c, ensure_ascii=True) + "\n")
print(len(cases), "cases,", len(conn), "connection cases")
