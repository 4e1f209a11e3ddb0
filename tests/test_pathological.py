#!/usr/bin/env python3
"""Pathological inputs through the CLI: no crash, no hang, linear time.

usage: test_pathological.py PATH_TO_DIXIT SOURCE_DIR

Each input is made here, at two sizes (x and 2x, the larger being the size
the issue names: 100,000 unmatched «, a 10 MB sentence, a million lines...),
and run through build/dixit.  Every run must give one valid JSON record per
document, either a result or an error record with the expected code, and
must finish within a generous multiple of the target (2 s per 10 MB, in CPU
seconds of the dixit process, which the machine's load disturbs far less
than wall time);
time(2x) / time(x) must stay well below 4, the ratio of a quadratic stage.
The limits (--max-doc-bytes) are checked here too: a document over the
limit gets a too-big record, under an address-space limit that an attempt
to hold it whole would break.

Under the sanitizers or valgrind (DX_SANITIZED=1, set by CMake for
-DDX_SANITIZE=ON builds) the inputs are ten times smaller and no time is
checked: the run is there to find memory errors.  DIXIT_PATHO_VERBOSE=1
prints the timings of every case.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import checks
from checks import check

DIXIT = None
TMP = None
SANITIZED = os.environ.get("DX_SANITIZED", "") == "1"
SCALE = 10 if SANITIZED else 1
VERBOSE = os.environ.get("DIXIT_PATHO_VERBOSE", "") == "1"
MB = 1 << 20
# The target is 2 s per 10 MB; the assertion allows 3x that (a shared CI
# machine) plus the start-up of a process.
TARGET_S_PER_MB = 0.2
SLACK = 3.0
STARTUP_S = 0.5
MAX_RATIO = 3.0  # linear gives ~2, quadratic ~4
TIMINGS = []


def repeat_to(unit, size):
    """unit (str or bytes) repeated to about size bytes of UTF-8."""
    b = unit.encode() if isinstance(unit, str) else unit
    return b * max(1, size // len(b))


def records(out):
    """The output lines, parsed; an unparsable line is a failure."""
    lines = out.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    parsed = []
    for raw in lines:
        try:
            parsed.append(json.loads(raw.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            parsed.append({"__unparsable__": repr(raw[:120]), "why": str(e)})
    return parsed


def run(args, data, name, rlimit_as=None):
    """Runs dixit on data (written to a file); returns (status, records,
    stderr, seconds)."""
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(data)
    out_path = path + ".out"

    def limit():
        if rlimit_as:
            resource.setrlimit(resource.RLIMIT_AS, (rlimit_as, rlimit_as))

    with open(out_path, "wb") as out:
        # CPU seconds (user + system) of the child, not wall time: on a
        # shared machine, and beside the other tests ctest runs at once,
        # the wall clock measures the neighbours as much as dixit
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([DIXIT, *args, path], stdout=out, stderr=subprocess.PIPE,
                           timeout=600, preexec_fn=limit if rlimit_as else None)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        dt = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    with open(out_path, "rb") as f:
        out = f.read()
    os.unlink(path)
    os.unlink(out_path)
    return p.returncode, records(out), p.stderr.decode("utf-8", "replace"), dt


def expect_result(name, rc, recs, err, n_docs=1):
    ok = rc == 0 and len(recs) == n_docs and all("quotes" in r for r in recs)
    check(f"{name}: {n_docs} result record(s), exit 0", ok,
          f"exit {rc}, {[list(r)[:3] for r in recs[:3]]}, stderr {err[:300]!r}")


def expect_error(code, offset=None):
    def judge(name, rc, recs, err):
        e = recs[0].get("error") if len(recs) == 1 else None
        check(f"{name}: one {code} error record, exit 1",
              rc == 1 and e is not None and e.get("code") == code,
              f"exit {rc}, {str(recs)[:300]}, stderr {err[:300]!r}")
        if offset is not None and e:
            check(f"{name}: error at byte {offset}", e.get("offset") == offset, e)
    return judge


def case(name, make, size, judge=expect_result, args=(), timed=True):
    """Runs make(size / 2) and make(size); checks the outcome of both, the
    time of the larger against the target and the growth between them."""
    size = max(2, size // SCALE)
    results = []
    for n in (size // 2, size):
        data = make(n)
        rc, recs, err, dt = run(list(args), data, name.replace(" ", "_"))
        if rc < 0 or rc > 2:
            check(f"{name} ({len(data)} bytes): exit status", False, f"{rc}: {err[-500:]}")
            return
        judge(f"{name} ({len(data)} bytes)", rc, recs, err)
        results.append((len(data), dt))
    (n1, t1), (n2, t2) = results
    TIMINGS.append((name, n2, t2, t2 / t1 if t1 > 0 else 0.0))
    if VERBOSE:
        print(f"  {name}: {n1} B {t1:.3f} s, {n2} B {t2:.3f} s, ratio {t2 / t1:.2f}")
    if SANITIZED or not timed:
        return
    limit = SLACK * TARGET_S_PER_MB * n2 / MB + STARTUP_S
    if t2 > limit:  # once more, to rule out a burst of load
        t2 = min(t2, run(list(args), make(size), "again")[3])
    check(f"{name}: {n2} bytes in {t2:.2f} s, limit {limit:.2f} s", t2 <= limit)
    # Below a few tenths of a second, start-up and noise are the time:
    # growth is only measured on runs long enough to show it.
    if t1 > 0.2:
        ratio = t2 / t1
        for _ in range(2):  # twice more at most, to rule out bursts of load
            if ratio < MAX_RATIO:
                break
            t1 = min(t1, run(list(args), make(size // 2), "again")[3])
            t2 = min(t2, run(list(args), make(size), "again")[3])
            ratio = t2 / t1
        check(f"{name}: time({n2} B) / time({n1} B) = {ratio:.2f} < {MAX_RATIO}",
              ratio < MAX_RATIO)


def jsonl(*recs):
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in recs)


# ------------------------------------------------------------------
# The inputs

MARKS = ["«", "»", "“", "”", "‘", "’", "„", "‹", "›", "\"", "'", "‚", "「", "」"]


def pathological():
    fr = ("--lang", "fr")
    en = ("--lang", "en")
    case("100,000 unmatched «", lambda n: ("« " * n).encode(), 100_000, args=fr)
    case("100,000 unmatched « with words",
         lambda n: ("« Le ministre a dit " * n).encode(), 100_000, args=fr)
    case("100,000 nested quotations",
         lambda n: ("« a " * n + "» " * n + ", a déclaré Jean Dupont.").encode(), 100_000, args=fr)
    case("100,000 nested quotations, alternating marks",
         lambda n: ("« “ ‹ " * (n // 3) + "› ” » " * (n // 3)).encode(), 100_000, args=fr)
    case("100,000 quote marks of every kind",
         lambda n: "".join(m + " " + m + "x " for m in MARKS * (n // len(MARKS))).encode(),
         100_000 * len(MARKS))
    case("10 MB sentence",
         lambda n: repeat_to("le ministre a dit que la réforme passera et ", n),
         10 * MB, args=fr)
    case("10 MB sentence in one quotation",
         lambda n: "« ".encode() + repeat_to("nous ne céderons pas sur ce point ", n)
         + "», a dit Marie Dupont.".encode(), 10 * MB, args=fr)
    # one line in ten a quotation: a million quotations would make 300 MB
    # of output, which would time the writing, not the reading
    case("1,000,000-line document",
         lambda n: ("Il pleut.\n" * 9 + "« Oui », a dit Paul Martin.\n").encode() * (n // 10),
         1_000_000, args=fr)
    case("10 MB of newlines", lambda n: b"\n" * n, 10 * MB)
    case("10 MB word", lambda n: b"a" * n, 10 * MB)
    case("10 MB capitalised word", lambda n: b"A" + b"b" * n, 10 * MB)
    case("1 MB of French cue words", lambda n: repeat_to("a déclaré ", n), MB, args=fr)
    case("1 MB of English cue words", lambda n: repeat_to("said told according to ", n),
         MB, args=en)
    case("1 MB of incises",
         lambda n: repeat_to("« Non », a-t-il dit, « jamais ». ", n), MB, args=fr)
    case("100,000 quotations with named speakers",
         lambda n: "".join(f"« Oui {i} », a dit Paul Martin{i % 977}. " for i in range(n // 10)).encode(),
         1_000_000, args=fr)
    case("1 MB of distinct names",
         lambda n: "".join(f"Marie Durand{i} a parlé à Jean Petit{i}. " for i in range(n // 40)).encode(),
         MB, args=fr)
    case("right-to-left and combining marks",
         lambda n: repeat_to("« \u05e9\u05dc\u05d5\u05dd \u200f\u0627\u0644\u0633\u0644\u0627\u0645 »,"
                             " a dit e\u0301\u0301\u0301 \u202e Ame\u0301lie. ", n),
         MB, args=fr)
    case("10 MB of one emoji and no-break spaces",
         lambda n: repeat_to("\U0001F600\u00a0\u202f", n), 10 * MB)

    # bytes the library refuses, and tolerates when asked
    every = bytes(range(256))
    # byte 0 comes first: the record names the NUL
    case("every byte value", lambda n: every * (n // 256), MB, judge=expect_error("nul-byte", 0))
    case("every byte value but NUL", lambda n: every[1:] * (n // 255), MB,
         judge=expect_error("invalid-utf8", 127))
    case("every byte value, --lenient-utf8", lambda n: every * (n // 256), MB,
         args=("--lenient-utf8",))
    nul = "« Nous ne \0 céderons pas », a dit Marie Dupont.".encode()
    case("NUL in a quotation", lambda n: nul, 2, judge=expect_error("nul-byte", nul.index(b"\0")),
         timed=False)
    case("NUL in a quotation, --lenient-utf8", lambda n: nul, 2, args=("--lenient-utf8",),
         timed=False)
    bad = [b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80",
           b"\xf8\x88\x80\x80\x80"]
    for b in bad:
        doc = "« Nous ".encode() + b + " partirons », a dit Marie Dupont.".encode()
        case(f"invalid sequence {b.hex()}", lambda n, doc=doc: doc, 2,
             judge=expect_error("invalid-utf8", doc.index(b)), timed=False)
    case("overlong forms and surrogates, --lenient-utf8",
         lambda n: repeat_to(b"\xc0\xaf \xed\xa0\x80 \xe0\x80\xaf \xf4\x90\x80\x80 mot ", n), MB,
         args=("--lenient-utf8",))

    # JSON Lines
    def deep(n):
        return b'{"id": "deep", "text": ' + b"[" * n + b"]" * n + b"}\n" + jsonl({"id": "next", "text": "ok"})

    def deep_judge(name, rc, recs, err):
        check(f"{name}: an error record, then the next document",
              rc == 1 and len(recs) == 2 and "error" in recs[0] and "quotes" in recs[1],
              f"exit {rc}, {str(recs)[:300]}")

    case("JSON line nested 100,000 deep", deep, 100_000, judge=deep_judge, args=("--jsonl",))
    case("JSON line of 100,000 open brackets", lambda n: b"[" * n + b"\n", 100_000,
         judge=expect_error("invalid-json"), args=("--jsonl",))

    def big_id(n):
        return jsonl({"id": "x" * n, "text": "« Oui », a dit Paul Martin."})

    def big_id_judge(name, rc, recs, err):
        check(f"{name}: the id comes back whole",
              rc == 0 and len(recs) == 1 and len(recs[0].get("id", "")) >= 500_000 // SCALE,
              f"exit {rc}, {str(recs)[:200]}")

    case("id of 1 MB", big_id, MB, judge=big_id_judge, args=("--jsonl",))
    case("numeric id of 1 MB", lambda n: b'{"id": ' + b"7" * n + b', "text": "x"}\n', MB,
         judge=lambda name, rc, recs, err: check(
             f"{name}: one record", rc in (0, 1) and len(recs) == 1, f"exit {rc}, {str(recs)[:200]}"),
         args=("--jsonl",))
    case("200,000 tiny records", lambda n: b'{"text": ""}\n' * n, 200_000,
         judge=lambda name, rc, recs, err: check(
             f"{name}: one record each", rc == 0 and len(recs) == len(recs) and
             all("quotes" in r for r in recs), f"exit {rc}"),
         args=("--jsonl",))
    case("10 MB text of escapes", lambda n: jsonl({"text": repeat_to("\u00ab\u0001\"\\ ", n).decode()}),
         10 * MB // 4, args=("--jsonl",))
    case("10 MB of commas", lambda n: b"," * n, 10 * MB)
    case("10 MB of straight double quotes", lambda n: b'"' * n, 10 * MB)


def limits():
    # The default is documented in --help (and docs/FORMAT.md).
    p = subprocess.run([DIXIT, "--help"], capture_output=True, timeout=60)
    check("--help documents the --max-doc-bytes default", b"default 64M" in p.stdout)

    # Over the limit: an error record, without holding the document.  The
    # address-space limit would kill a process that tried.
    rlimit = None if SANITIZED else 48 * MB
    size = 40 * MB // SCALE
    rc, recs, err, _ = run(["--max-doc-bytes", "1M"], b"a " * (size // 2), "big.txt", rlimit)
    expect_error("too-big")("text file over --max-doc-bytes, 48 MB address space", rc, recs, err)
    data = jsonl({"id": "big", "text": "a " * (size // 2)}, {"id": "small", "text": "oui"})
    rc, recs, err, _ = run(["--max-doc-bytes", "1M"], data, "big.jsonl", rlimit)
    check("JSON line over the limit: too-big, then the next document",
          rc == 1 and len(recs) == 2 and (recs[0].get("error") or {}).get("code") == "too-big"
          and recs[1].get("id") == "small", f"exit {rc}, {str(recs)[:300]}")
    # the limit holds on stdin too, where the size is not known in advance
    p = subprocess.run([DIXIT, "--max-doc-bytes", "1M"], input=b"a " * (size // 2),
                       capture_output=True, timeout=600,
                       preexec_fn=(lambda: resource.setrlimit(resource.RLIMIT_AS, (rlimit, rlimit)))
                       if rlimit else None)
    recs = records(p.stdout)
    expect_error("too-big")("stdin over --max-doc-bytes", p.returncode, recs, p.stderr.decode())
    # exactly the limit is fine
    rc, recs, err, _ = run(["--max-doc-bytes", "1K"], b"a" * 1024, "exact.txt")
    expect_result("a document of exactly --max-doc-bytes", rc, recs, err)
    rc, recs, err, _ = run(["--max-doc-bytes", "1K"], b"a" * 1025, "over.txt")
    expect_error("too-big")("a document one byte over --max-doc-bytes", rc, recs, err)


def main():
    global DIXIT, TMP
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    DIXIT = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        TMP = tmp
        t0 = time.perf_counter()
        pathological()
        limits()
        print(f"{len(TIMINGS)} pathological inputs in {time.perf_counter() - t0:.1f} s"
              + (" (sanitized: 1/10 size, untimed)" if SANITIZED else ""))
        slowest = sorted(TIMINGS, key=lambda t: -t[2] / max(t[1], 1))[:5]
        for name, n, t, r in slowest:
            print(f"  {name}: {n / MB:.1f} MB in {t:.3f} s ({t / max(n / MB, 1e-9) * 10:.2f} s per 10 MB),"
                  f" growth x{r:.2f}")
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
