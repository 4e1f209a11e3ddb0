#!/usr/bin/env python3
"""The CLI on bad and unusual input: one output line per document, always.

usage: test_cli_input.py PATH_TO_DIXIT SOURCE_DIR

Invalid UTF-8, NUL bytes (raw and as \\u0000), CRLF, a BOM, empty input, a
50 MB single-line document, malformed JSON lines, wrong field types, odd ids,
options.  Every stdout line must be valid UTF-8 JSON, the documents must come
out in input order, and the exit status must say whether any failed.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import checks
from checks import check

DIXIT = None
TMP = None

FR = "« Nous ne céderons pas », a déclaré jeudi le ministre Jean Dupont aux journalistes.\n"
EN = '"We will not give in," the minister John Smith told reporters on Thursday.\n'


def write(name, data):
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


def dixit(*args, stdin=b"", timeout=120):
    """Runs dixit; returns (exit status, parsed stdout lines, stderr text)."""
    p = subprocess.run([DIXIT, *args], input=stdin, capture_output=True, timeout=timeout)
    lines = []
    pieces = p.stdout.split(b"\n")
    if pieces[-1] == b"":  # every line ends with a newline; else the last is flagged
        pieces.pop()
    for raw in pieces:
        try:
            lines.append(json.loads(raw.decode("utf-8")))  # strict: must be UTF-8
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            lines.append({"__unparsable__": repr(raw[:200]), "error_text": str(e)})
    return p.returncode, lines, p.stderr.decode("utf-8", "replace")


def is_doc(rec):
    return isinstance(rec, dict) and "quotes" in rec and "entities" in rec and "lang" in rec


def error_of(rec):
    return rec.get("error") if isinstance(rec, dict) else None


# ----------------------------------------------------------------- text files

def test_invalid_utf8():
    bad = write("bad.txt", b"Il a dit : \xff\xfe bonjour.\nDeuxieme ligne \xc3")
    good = write("good.txt", FR)
    rc, out, err = dixit(bad, good)
    check("invalid utf-8: two lines", len(out) == 2, out)
    e = error_of(out[0]) if out else None
    check("invalid utf-8: error record", e and e["code"] == "invalid-utf8" and e["offset"] == 11, out)
    check("invalid utf-8: id is the path", out and out[0].get("id") == bad, out)
    check("invalid utf-8: next document still done", len(out) > 1 and is_doc(out[1]), out)
    check("invalid utf-8: exit status", rc == 1, rc)
    check("invalid utf-8: stderr names file, byte, line, column",
          re.search(re.escape(bad) + r".*invalid UTF-8 byte 0xFF at byte 11 \(line 1, column 12\)", err), err)


def test_lenient_utf8():
    bad = write("bad2.txt", b"\xc3\x28 Il a dit \xe2\x80 \xff : \xab oui \xbb.\n")
    rc, out, err = dixit("--lenient-utf8", bad)
    check("lenient: one document", len(out) == 1 and is_doc(out[0]), out)
    w = out[0].get("warnings", []) if out else []
    check("lenient: warning with offset", any(x["code"] == "invalid-utf8" and x["offset"] == 0 for x in w), w)
    check("lenient: exit 0", rc == 0, (rc, err))


def test_nul_in_text_file():
    path = write("nul.txt", b"abc\x00def")
    rc, out, err = dixit(path)
    e = error_of(out[0]) if len(out) == 1 else None
    check("NUL byte: error record", e and e["code"] == "nul-byte" and e["offset"] == 3, out)
    check("NUL byte: exit 1", rc == 1, rc)
    check("NUL byte: stderr", "NUL" in err and "line 1, column 4" in err, err)


def test_crlf_bom_empty():
    crlf = write("crlf.txt", FR.replace("\n", "\r\n") * 3)
    bom = write("bom.txt", b"\xef\xbb\xbf" + FR.encode())
    empty = write("empty.txt", b"")
    rc, out, err = dixit(crlf, bom, empty)
    check("crlf/bom/empty: three documents", len(out) == 3 and all(is_doc(r) for r in out), out)
    check("crlf/bom/empty: ids", [r.get("id") for r in out] == [crlf, bom, empty], out)
    check("crlf/bom/empty: exit 0", rc == 0, (rc, err))
    check("empty document: no quotes", out and out[-1]["quotes"] == [], out)
    if len(out) == 3 and out[1]["quotes"]:  # offsets stay offsets into the file
        q = out[1]["quotes"][0]
        raw = (b"\xef\xbb\xbf" + FR.encode())[q["start"]:q["end"]].decode()
        check("bom: offsets into the file as given", raw == q["text"], q)


def test_stdin():
    rc, out, err = dixit(stdin=b"")
    check("empty stdin: one document", len(out) == 1 and is_doc(out[0]) and out[0]["id"] == "-", out)
    check("empty stdin: exit 0", rc == 0, (rc, err))
    rc, out, err = dixit("-", stdin=FR.encode())
    check("stdin as '-'", len(out) == 1 and out[0].get("id") == "-", out)
    rc, out, err = dixit("--jsonl", stdin=b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n')
    check("stdin as JSON Lines", [r.get("id") for r in out] == ["a", "b"], out)


def run_to_file(args, timeout=600):
    """Runs dixit with stdout in a file (outputs may be large); returns
    (exit status, seconds, output path)."""
    out = os.path.join(TMP, "out.bin")
    t0 = time.time()
    with open(out, "wb") as f:
        p = subprocess.run([DIXIT, *args], stdout=f, stderr=subprocess.DEVNULL, timeout=timeout)
    return p.returncode, time.time() - t0, out


def one_json_line(path):
    """The file holds exactly one line, and it is a JSON object."""
    with open(path, "rb") as f:
        data = f.read()
    if data.count(b"\n") != 1 or not data.endswith(b"\n"):
        return None
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def big_text(size, unit):
    text = (unit * (size // len(unit.encode()) + 1)).encode()[:size]
    return text.decode("utf-8", "ignore").encode()  # cut on a character boundary


def test_big_document():
    """50 MB in one line, as a text file and as a JSON line without newline:
    the input side must cope (time and memory are the extractor's)."""
    text = big_text(50 * 1024 * 1024, "Le chat dort sur le tapis du salon pendant que la pluie tombe. ")
    path = write("big.txt", text)
    rc, dt, out = run_to_file([path])
    rec = one_json_line(out)
    check("50 MB document: one line", rec is not None and rec.get("id") == path)
    check("50 MB document: exit 0", rc == 0, rc)
    check("50 MB document: finishes", dt < 120, f"{dt:.1f} s")
    print(f"note: 50 MB text document in {dt:.1f} s")
    jl = write("big.jsonl", json.dumps({"id": "big", "text": text.decode()}).encode())
    rc, dt, out = run_to_file([jl])
    rec = one_json_line(out)
    check("50 MB JSON line without newline: one line", rec is not None and rec.get("id") == "big")
    check("50 MB JSON line: finishes", dt < 120, f"{dt:.1f} s")
    print(f"note: 50 MB JSON line in {dt:.1f} s")
    os.remove(path)
    os.remove(jl)
    # A large document full of quotations still gives one valid line.
    dense = write("dense.txt", big_text(4 * 1024 * 1024, FR + EN.replace('"', "« ", 1)))
    rc, dt, out = run_to_file(["--lang", "fr", dense])
    rec = one_json_line(out)
    check("4 MB of quotations: one valid JSON line", rec is not None and "quotes" in rec)


def test_too_big():
    path = write("twenty.txt", "x" * 20)
    rc, out, err = dixit("--max-doc-bytes", "10", path)
    e = error_of(out[0]) if len(out) == 1 else None
    check("--max-doc-bytes: too-big record", e and e["code"] == "too-big", out)
    check("--max-doc-bytes: exit 1", rc == 1, rc)
    jl = write("twenty.jsonl", json.dumps({"id": 1, "text": "y" * 20}) + "\n"
               + json.dumps({"id": 2, "text": "short"}) + "\n")
    rc, out, err = dixit("--max-doc-bytes=10", jl)
    check("--max-doc-bytes in JSON Lines",
          len(out) == 2 and error_of(out[0]) and error_of(out[0])["code"] == "too-big"
          and is_doc(out[1]), out)
    longl = write("long.jsonl", json.dumps({"id": "long", "text": "x" * 2000000}) + "\n"
                  + json.dumps({"id": "ok", "text": "y"}) + "\n"
                  + json.dumps({"id": "long2", "text": "x" * 3000000}))
    rc, out, err = dixit("--max-doc-bytes", "1", longl)
    check("over-long JSON lines are skipped, the others read",
          [(error_of(r) or {}).get("code") for r in out] == ["too-big", None, "too-big"]
          and [(error_of(r) or {}).get("line") for r in out] == [1, None, 3], out)
    rc, out, err = dixit("--max-doc-bytes", "1K", path)
    check("--max-doc-bytes with a suffix", rc == 0 and len(out) == 1 and is_doc(out[0]), out)


def test_unreadable():
    missing = os.path.join(TMP, "no-such-file.txt")
    good = write("good2.txt", EN)
    # A directory is now a corpus (its .txt/.jsonl files), so the second
    # unreadable input is a path through a file: "Not a directory".
    rc, out, err = dixit(missing, os.path.join(good, "x.txt"), good)
    check("unreadable: one record each", len(out) == 3, out)
    check("unreadable: error records",
          all(error_of(r) and error_of(r)["code"] == "unreadable" for r in out[:2]), out)
    check("unreadable: next input done", len(out) == 3 and is_doc(out[2]), out)
    check("unreadable: exit 1", rc == 1, rc)
    check("unreadable: stderr", "no-such-file.txt" in err, err)


# ---------------------------------------------------------------- JSON Lines

def test_malformed_line():
    path = write("mal.jsonl", '{"id": "one", "text": "Bonjour."}\n'
                 '{"id": "two", "text": "unterminated}\n'
                 '{"id": "three", "text": "Hello."}\n')
    rc, out, err = dixit(path)
    check("malformed line: three lines", len(out) == 3, out)
    check("malformed line: neighbours fine",
          len(out) == 3 and out[0].get("id") == "one" and out[2].get("id") == "three"
          and is_doc(out[0]) and is_doc(out[2]), out)
    e = error_of(out[1]) if len(out) == 3 else None
    check("malformed line: error names line 2",
          e and e["code"] == "invalid-json" and f"{path}:2:" in e["message"]
          and "column" in e["message"] and e.get("line") == 2, out)
    check("malformed line: stderr names file, line and byte",
          re.search(re.escape(path) + r":2: .*byte \d+", err), err)
    check("malformed line: exit 1", rc == 1, rc)


def test_field_types():
    path = write("types.jsonl", "\n".join([
        json.dumps({"id": "num", "text": 42}),
        json.dumps({"id": "none", "text": None}),
        json.dumps({"id": "missing"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "lang", "text": "x", "lang": 5}),
        "",
        "   \t",
        json.dumps({"id": "ok", "text": "fine"}),
    ]) + "\n")
    rc, out, err = dixit(path)
    check("field types: one line per record, blank lines skipped", len(out) == 6, out)
    codes = [error_of(r)["code"] if error_of(r) else None for r in out]
    check("field types: invalid-input records", codes == ["invalid-input"] * 5 + [None], codes)
    check("field types: ids kept", [r.get("id") for r in out] == ["num", "none", "missing", None, "lang", "ok"],
          [r.get("id") for r in out])
    check("field types: message says what", out and "number" in error_of(out[0])["message"], out)
    check("field types: exit 1", rc == 1, rc)


def test_nul_escape_in_jsonl():
    path = write("nul.jsonl", '{"id": "z", "text": "ab\\u0000cd"}\n{"id": "k", "text": "ok"}\n')
    rc, out, err = dixit(path)
    e = error_of(out[0]) if out else None
    check("\\u0000 in JSONL: nul-byte with the offset in the text",
          e and e["code"] == "nul-byte" and e["offset"] == 2, out)
    check("\\u0000 in JSONL: next line done", len(out) == 2 and is_doc(out[1]), out)
    check("\\u0000 in JSONL: exit 1", rc == 1, rc)
    check("\\u0000 in JSONL: stderr names line and id", "nul.jsonl:1" in err and "z" in err, err)


def test_ids_round_trip():
    raw_ids = ["7", "-3", "0", "1.5", "0.1", "1e3", "12345678901234", '"s"', '"\\u00e9\\n"',
               "null", "true", "[1, 2]", '{"a": 1}']
    lines = [f'{{"id": {i}, "text": "Bonjour."}}' for i in raw_ids] + ['{"text": "no id"}']
    path = write("ids.jsonl", "\n".join(lines) + "\n")
    rc, out, err = dixit(path)
    want = [json.loads(i) for i in raw_ids] + [None]
    check("ids: values round-trip", [r.get("id") for r in out] == want, [r.get("id") for r in out])
    p = subprocess.run([DIXIT, path], capture_output=True)
    firsts = [line.split(b',"lang"')[0] for line in p.stdout.splitlines()]
    check("ids: integers keep their spelling", firsts[:3] == [b'{"id":7', b'{"id":-3', b'{"id":0'],
          firsts[:3])
    check("ids: reals keep Python's spelling", firsts[3:6] == [b'{"id":1.5', b'{"id":0.1', b'{"id":1000.0'],
          firsts[3:6])


def test_order_and_count():
    n = 300
    lines = []
    for i in range(n):
        if i % 37 == 5:
            lines.append("{broken")
        elif i % 41 == 7:
            lines.append(json.dumps({"id": i, "text": "a\u0000b"}))
        else:
            lines.append(json.dumps({"id": i, "text": (FR if i % 2 else EN) * (i % 5)}))
    path = write("many.jsonl", "\n".join(lines))  # no final newline
    rc, out, err = dixit(path)
    check("order: one line per document", len(out) == n, len(out))
    ids = [r.get("id") for r in out]
    want = [None if i % 37 == 5 else i for i in range(n)]
    check("order: input order kept", ids == want, ids[:20])
    check("order: every line valid JSON", all("__unparsable__" not in r for r in out))


def test_lang():
    fr = write("fr.txt", FR * 3)
    rc, out, err = dixit("--lang", "en", fr)
    check("--lang en forces", out and out[0].get("lang") == "en", out)
    rc, out, err = dixit("--lang=fr", fr)
    check("--lang=fr forces", out and out[0].get("lang") == "fr", out)
    jl = write("lang.jsonl", json.dumps({"id": 1, "text": FR, "lang": "en"}) + "\n"
               + json.dumps({"id": 2, "text": FR}) + "\n")
    rc, out, err = dixit("--lang", "fr", jl)
    check("a record's lang wins over --lang", [r.get("lang") for r in out] == ["en", "fr"], out)
    rc, out, err = dixit("--lang", "de", fr)
    check("--lang de: usage error", rc == 2 and out == [] and "de" in err, (rc, err))


def test_format_text():
    fr = write("fr2.txt", FR * 2)
    en = write("en2.txt", EN)
    p = subprocess.run([DIXIT, "--format", "text", "--lang", "fr", fr], capture_output=True)
    text = p.stdout.decode("utf-8")
    check("--format text: exit 0", p.returncode == 0, p.stderr)
    pat = re.compile(r"^.+ \[(direct|indirect|mixed)(, [^\]]*)?\]: (« .* »|“.*”)$")
    bad = [ln for ln in text.splitlines() if not pat.match(ln)]
    check("--format text: one quotation a line", not bad, bad)
    check("--format text: not JSON", not text.startswith("{"), text[:100])
    p = subprocess.run([DIXIT, "--format=text", fr, en], capture_output=True)
    heads = [ln for ln in p.stdout.decode().splitlines() if ln.startswith("# ")]
    check("--format text: a header per document", heads == [f"# {fr}", f"# {en}"], heads)
    bad = write("bad3.txt", b"\xff")
    p = subprocess.run([DIXIT, "--format", "text", bad], capture_output=True)
    check("--format text: error line", b"(error:" in p.stdout and p.returncode == 1, p.stdout)


def test_options():
    p = subprocess.run([DIXIT, "--help"], capture_output=True)
    check("--help", p.returncode == 0 and b"usage: dixit" in p.stdout, p.stdout[:100])
    p = subprocess.run([DIXIT, "--version"], capture_output=True)
    check("--version", p.returncode == 0 and re.match(rb"dixit \d+\.\d+\.\d+", p.stdout), p.stdout)
    for bad in (["--frobnicate"], ["--format", "xml"], ["--max-doc-bytes", "-5"],
                ["--max-doc-bytes", "lots"], ["--format"]):
        p = subprocess.run([DIXIT, *bad], capture_output=True, input=b"")
        check(f"usage error {bad}", p.returncode == 2 and p.stdout == b"", (p.returncode, p.stdout))
    odd = write("-odd.txt", "x")
    rc, out, err = dixit("--", odd)
    check("-- ends the options", len(out) == 1 and out[0].get("id") == odd, out)
    jl = write("notjsonl.txt", '{"id": 1, "text": "x"}\n')
    rc, out, err = dixit(jl)
    check("a .txt file is text", out and out[0].get("id") == jl, out)
    rc, out, err = dixit("--jsonl", jl)
    check("--jsonl reads any file as JSON Lines", out and out[0].get("id") == 1, out)


def main():
    global DIXIT, TMP
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    DIXIT = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        TMP = tmp
        for name, fn in sorted(globals().items()):
            if name.startswith("test_") and callable(fn):
                try:
                    fn()
                except Exception as e:  # a crash or a timeout is a failure, not the end
                    check(name, False, f"{type(e).__name__}: {e}")
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
