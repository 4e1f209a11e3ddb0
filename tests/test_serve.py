#!/usr/bin/env python3
"""dixit serve over HTTP: every endpoint, and every error path.

usage: test_serve.py PATH_TO_DIXIT SOURCE_DIR

Starts the server on a free port (--port 0; the port is read from its
"listening on" line), with small limits so that each can be reached:
404/405 routes, 415 media types, 400 bad JSON / bad lang / invalid UTF-8 /
NUL, 413 by Content-Length and by a chunked body, 503 when busy, a body
that trickles in past the timeout, and a graceful stop on SIGTERM that
finishes the request in flight.  The JSON of /v1/extract must equal the
CLI's for the same text.  Standard library only.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import checks
from checks import check

DIXIT = SRC = None


class Server:
    def __init__(self, *args):
        self.p = subprocess.Popen([DIXIT, "serve", "--port", "0", *args],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        line = self.p.stderr.readline().decode()
        m = re.search(r"listening on http://([^/]+):(\d+)/", line)
        if not m:
            self.p.kill()
            raise RuntimeError(f"server did not start: {line!r}")
        self.host, self.port = m.group(1), int(m.group(2))

    def request(self, method, path, body=None, headers=None, timeout=10):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
        finally:
            c.close()

    def raw(self):
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        if self.p.poll() is None:
            self.p.send_signal(sig)
        try:
            rc = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = "hung"
        self.p.stderr.close()
        return rc


def error_of(name, status, headers, body, want_status, want_code):
    """Checks an error answer: status, JSON content type, error.code."""
    check(f"{name}: status", status == want_status, f"{status} (wanted {want_status})")
    check(f"{name}: JSON", headers.get("content-type", "").startswith("application/json"),
          headers.get("content-type"))
    try:
        code = json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = f"unparsable: {body[:120]!r}"
    check(f"{name}: code", code == want_code, f"{code} (wanted {want_code})")


TEXT_PLAIN = {"Content-Type": "text/plain; charset=utf-8"}
JSON_TYPE = {"Content-Type": "application/json"}


def test_routes(s):
    st, h, b = s.request("GET", "/healthz")
    check("healthz", st == 200 and json.loads(b) == {"status": "ok"}, f"{st} {b!r}")
    c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=10)
    statuses = []
    for path in ("/healthz", "/", "/nope"):  # one connection, kept open
        c.request("GET", path)
        r = c.getresponse()
        r.read()
        statuses.append(r.status)
    c.close()
    check("keep-alive across GETs", statuses == [200, 200, 404], statuses)
    st, h, b = s.request("HEAD", "/healthz")
    check("HEAD healthz", st == 200 and b == b"", f"{st} {b!r}")
    st, h, b = s.request("GET", "/")
    check("page", st == 200 and b"<textarea" in b and h["content-type"].startswith("text/html"),
          f"{st} {h.get('content-type')}")
    check("page: CSP", "default-src 'none'" in h.get("content-security-policy", ""))
    check("page: nosniff", h.get("x-content-type-options") == "nosniff")
    error_of("404", *s.request("GET", "/nope"), 404, "not-found")
    error_of("404 deeper", *s.request("POST", "/v1/extract/x", b"x", TEXT_PLAIN), 404, "not-found")
    st, h, b = s.request("GET", "/v1/extract")
    error_of("405 GET extract", st, h, b, 405, "method-not-allowed")
    check("405: Allow", h.get("allow") == "POST", h.get("allow"))
    st, h, b = s.request("DELETE", "/")
    error_of("405 DELETE /", st, h, b, 405, "method-not-allowed")
    check("405 /: Allow", h.get("allow") == "GET, HEAD", h.get("allow"))
    error_of("405 POST healthz", *s.request("POST", "/healthz", b"", TEXT_PLAIN), 405,
             "method-not-allowed")


def cli_json(text, *args):
    p = subprocess.run([DIXIT, *args], input=text, capture_output=True, timeout=60)
    rec = json.loads(p.stdout)
    rec.pop("id", None)
    return rec


def test_extract(s):
    with open(os.path.join(SRC, "samples", "article-fr.txt"), "rb") as f:
        fr = f.read()
    st, h, b = s.request("POST", "/v1/extract", fr, TEXT_PLAIN)
    check("extract text/plain: 200", st == 200, f"{st} {b[:200]!r}")
    rec = json.loads(b)
    check("extract: id null", rec.get("id", "missing") is None, rec.get("id"))
    rec.pop("id", None)
    check("extract: same JSON as the CLI", rec == cli_json(fr))
    check("extract: one line", b.endswith(b"\n") and b.count(b"\n") == 1)

    body = json.dumps({"text": fr.decode(), "lang": "fr", "id": {"n": 7}}).encode()
    st, h, b = s.request("POST", "/v1/extract", body, JSON_TYPE)
    rec = json.loads(b)
    check("extract JSON: 200 and id round trip", st == 200 and rec["id"] == {"n": 7}, f"{st}")
    rec.pop("id")
    check("extract JSON: same as the CLI", rec == cli_json(fr, "--lang", "fr"))
    st, h, b = s.request("POST", "/v1/extract",
                         json.dumps({"text": "« Oui », a dit Paul.", "lang": None}), JSON_TYPE)
    check("extract JSON: lang null", st == 200 and json.loads(b)["lang"] == "fr", f"{st} {b!r}")

    st, h, b = s.request("POST", "/v1/extract?lang=en", fr, TEXT_PLAIN)
    check("?lang=en is forced", st == 200 and json.loads(b)["lang"] == "en", f"{st}")
    st, h, b = s.request("POST", "/v1/extract", b"", TEXT_PLAIN)
    check("empty body: no quotation", st == 200 and json.loads(b)["quotes"] == [], f"{st} {b!r}")

    st, h, b = s.request("POST", "/v1/report", fr, TEXT_PLAIN)
    check("report: 200 HTML", st == 200 and h["content-type"].startswith("text/html"), f"{st}")
    check("report: quotations marked", b.count(b'class="q direct') >= 5)
    check("report: CSP", "default-src 'none'" in h.get("content-security-policy", ""))
    st, h, b = s.request("POST", "/v1/report",
                         json.dumps({"text": "« <b>x</b> », a dit Paul.", "id": "<i>"}), JSON_TYPE)
    check("report: JSON, escaped", st == 200 and b"<b>x" not in b and b"<i>" not in b
          and b"&lt;i&gt;" in b, f"{st}")


def test_bad_bodies(s):
    for name, headers in [("no Content-Type", {}),
                          ("form", {"Content-Type": "application/x-www-form-urlencoded"}),
                          ("latin-1", {"Content-Type": "text/plain; charset=iso-8859-1"}),
                          ("html", {"Content-Type": "text/html"})]:
        st, h, b = s.request("POST", "/v1/extract", b"x", headers)
        error_of(f"415 {name}", st, h, b, 415, "unsupported-media-type")
    check("415: Accept-Post", "application/json" in h.get("accept-post", ""))
    st, h, b = s.request("POST", "/v1/extract", b"x", {"Content-Type": "TEXT/PLAIN;charset=UTF-8"})
    check("media type and charset in any case", st == 200, f"{st}")

    for name, body in [("not JSON", b"{\"text\":"), ("not an object", b"[1]"),
                       ("no text", b"{\"lang\":\"fr\"}"), ("text not a string", b"{\"text\":1}"),
                       ("duplicate key", b"{\"text\":\"a\",\"text\":\"b\"}"),
                       ("invalid UTF-8 in JSON", b"{\"text\":\"\xff\"}")]:
        error_of(f"400 {name}", *s.request("POST", "/v1/extract", body, JSON_TYPE), 400,
                 "invalid-json")
    error_of("400 bad lang in JSON",
             *s.request("POST", "/v1/extract", b'{"text":"a","lang":"de"}', JSON_TYPE), 400,
             "bad-lang")
    error_of("400 bad ?lang=", *s.request("POST", "/v1/extract?lang=xx", b"a", TEXT_PLAIN), 400,
             "bad-lang")
    st, h, b = s.request("POST", "/v1/extract", b"ab\xffcd", TEXT_PLAIN)
    error_of("400 invalid UTF-8", st, h, b, 400, "invalid-utf8")
    check("invalid UTF-8: offset", json.loads(b)["error"].get("offset") == 2, b)
    st, h, b = s.request("POST", "/v1/extract", b'{"text":"ab\\u0000","id":"n"}', JSON_TYPE)
    error_of("400 NUL", st, h, b, 400, "nul-byte")
    check("NUL: the id is echoed", json.loads(b).get("id") == "n", b)
    st, h, b = s.request("POST", "/v1/extract?lenient=1", b"ab\xffcd", TEXT_PLAIN)
    check("?lenient=1 takes invalid UTF-8", st == 200 and "warnings" in json.loads(b), f"{st} {b!r}")
    st, h, b = s.request("POST", "/v1/report?lenient=1", b"<\xff>", TEXT_PLAIN)
    check("report, lenient: U+FFFD", st == 200 and "&lt;\ufffd&gt;".encode() in b, f"{st}")


def test_limits(s, max_body):
    big = b"a" * (max_body + 1)
    error_of("413 by Content-Length", *s.request("POST", "/v1/extract", big, TEXT_PLAIN), 413,
             "too-big")
    st, h, b = s.request("POST", "/v1/extract", b"a" * max_body, TEXT_PLAIN)
    check("a body at the limit is fine", st == 200, f"{st}")

    # chunked: no length up front, so the body is read, dropped, then refused
    sock = s.raw()
    head = (b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    chunk = b"a" * 1000
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(max_body // 1000 + 2))
    sock.sendall(head + body + b"0\r\n\r\n")
    answer = read_all(sock)
    check("413 chunked", answer.startswith(b"HTTP/1.1 413") and b'"too-big"' in answer,
          answer[:80])


def read_all(sock):
    data = b""
    try:
        while True:
            piece = sock.recv(65536)
            if not piece:
                break
            data += piece
    except OSError:
        pass
    sock.close()
    return data


def partial_request(s, total=100, sent=10):
    """A request whose headers are in but whose body is not finished."""
    sock = s.raw()
    sock.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                 b"Connection: close\r\nContent-Length: %d\r\n\r\n" % total + b"a" * sent)
    return sock, total - sent


def held_request(s, total=100):
    """A request the server has surely taken in: its headers ask for
    "100 Continue", which libmicrohttpd sends only once our handler has
    accepted them (srv_handle's first call took an in-flight slot and queued
    no answer).  The body is held back: the request stays in flight until
    the caller sends its `total` bytes.  No timing guess involved."""
    sock = s.raw()
    sock.settimeout(60)  # generous: a slow (sanitized, loaded) server
    sock.sendall(b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                 b"Connection: close\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n"
                 % total)
    got = b""
    try:
        while not got.endswith(b"\r\n\r\n") and len(got) < 4096:
            piece = sock.recv(4096)
            if not piece:
                break
            got += piece
    except OSError as e:
        got += f" ({e})".encode()
    return sock, total, got


def until(fn, seconds=15):
    """fn() until it returns true or the deadline passes; its last value."""
    deadline = time.monotonic() + seconds
    while True:
        v = fn()
        if v or time.monotonic() > deadline:
            return v
        time.sleep(0.05)


def hold(s, n, seconds=15):
    """n held requests, all taken in.  The requests of the tests before
    give their slots back in MHD's completion callback, which may run a
    moment after the client saw the answer (a sanitized server under
    parallel tests): until then a held request gets 503.  So the set is
    let go and taken again until every one is in, or the deadline passes."""
    deadline = time.monotonic() + seconds
    while True:
        held = [held_request(s) for _ in range(n)]
        if all(got == b"HTTP/1.1 100 Continue\r\n\r\n" for _, _, got in held) or \
                time.monotonic() > deadline:
            return held
        for sock, _, _ in held:
            sock.close()
        time.sleep(0.1)


def test_busy(s, max_inflight):
    held = hold(s, max_inflight)
    for i, (_, _, got) in enumerate(held):
        check(f"held request {i + 1} taken in (100 Continue)",
              got == b"HTTP/1.1 100 Continue\r\n\r\n", got[:80])
    # every slot is taken now: one more request must be refused
    for name in ("503 when busy", "503 again"):
        st, h, b = s.request("POST", "/v1/extract", b"x", TEXT_PLAIN, timeout=60)
        error_of(name, st, h, b, 503, "busy")
        check(f"{name}: Retry-After", h.get("retry-after") == "1", h.get("retry-after"))
    for sock, total, _ in held:
        sock.sendall(b"a" * total)
        answer = read_all(sock)
        check("held requests finish", answer.startswith(b"HTTP/1.1 200"), answer[:60])
    # The client may see a held request's answer a moment before the server
    # gives its slot back (MHD's completion callback): allow it that moment.
    st = until(lambda: s.request("POST", "/v1/extract", b"x", TEXT_PLAIN, timeout=60)[0] == 200)
    check("not busy any more", st, "still 503 after the held requests finished")


def test_slow_body(s, timeout):
    sock, _ = partial_request(s)
    t0 = time.monotonic()
    sock.settimeout(timeout + 10)
    answer = read_all(sock)
    took = time.monotonic() - t0
    check("a stalled body is cut off", answer == b"" and took < timeout + 5,
          f"after {took:.1f}s: {answer[:60]!r}")
    # one that keeps trickling, a byte a second, past the limit
    sock, _ = partial_request(s, total=1000, sent=1)
    t0 = time.monotonic()
    closed = False
    while time.monotonic() - t0 < timeout + 6:
        try:
            sock.sendall(b"a")
        except OSError:
            closed = True
            break
        time.sleep(0.5)
        sock.setblocking(False)
        try:
            if sock.recv(100) == b"":
                closed = True
                break
        except BlockingIOError:
            pass
        except OSError:
            closed = True
            break
        sock.setblocking(True)
    took = time.monotonic() - t0
    sock.close()
    check("a trickling body is cut off", closed and took < timeout + 5, f"after {took:.1f}s")


def test_graceful_stop():
    s = Server("--drain", "30")
    sock, left, got = held_request(s)
    check("the request in flight was taken in", got == b"HTTP/1.1 100 Continue\r\n\r\n",
          got[:80])
    s.p.send_signal(signal.SIGTERM)

    def refused():
        try:
            socket.create_connection(("127.0.0.1", s.port), timeout=2).close()
        except OSError:
            return True
        return False
    check("after SIGTERM: no new connection", until(refused))
    check("after SIGTERM: still running for the request in flight", s.p.poll() is None)
    sock.sendall(b"a" * left)
    answer = read_all(sock)
    check("the request in flight finishes", answer.startswith(b"HTTP/1.1 200"), answer[:60])
    check("exit 0 after the drain", s.stop() == 0)

    s = Server()
    check("SIGINT stops it too", s.stop(signal.SIGINT) == 0)


def test_options():
    s = Server()
    check("binds 127.0.0.1 by default", s.host == "127.0.0.1", s.host)
    s.stop()
    for args in (["--port", "70000"], ["--threads", "0"], ["--max-body", "-1"], ["--bogus"],
                 ["--port"]):
        p = subprocess.run([DIXIT, "serve", *args], capture_output=True, timeout=10)
        check(f"serve {' '.join(args)}: usage error", p.returncode == 2, f"{p.returncode}")
    p = subprocess.run([DIXIT, "serve", "--host", "not an address", "--port", "0"],
                       capture_output=True, timeout=20)
    check("bad --host: error", p.returncode != 0 and b"host" in p.stderr, p.stderr[:200])
    p = subprocess.run([DIXIT, "serve", "--help"], capture_output=True, timeout=10)
    check("serve --help", p.returncode == 0 and b"/v1/extract" in p.stdout)


def main():
    global DIXIT, SRC
    DIXIT, SRC = sys.argv[1], sys.argv[2]
    max_body, max_inflight, timeout = 20000, 2, 2
    s = Server("--max-body", str(max_body), "--max-inflight", str(max_inflight),
               "--timeout", str(timeout), "--threads", "2")
    try:
        test_routes(s)
        test_extract(s)
        test_bad_bodies(s)
        test_limits(s, max_body)
        test_busy(s, max_inflight)
        test_slow_body(s, timeout)
    finally:
        check("stops cleanly", s.stop() == 0)
    test_graceful_stop()
    test_options()
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
