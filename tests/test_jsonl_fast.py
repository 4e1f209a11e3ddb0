#!/usr/bin/env python3
"""The fast JSON Lines reader (cli/jsonl_fast.c) changes nothing but speed.

usage: test_jsonl_fast.py PATH_TO_DIXIT SOURCE_DIR

Every input file is read twice, once as usual and once with
DIXIT_NO_FAST_JSON=1 (every line parsed by jansson, as before the fast
reader): stdout, stderr and the exit status must be byte for byte the same.
The files hold the lines the fast reader must read itself (escapes of every
kind, surrogate pairs, keys in any order, extra members, odd ids, CRLF, very
long lines) and the ones it must leave to jansson (lone surrogates, invalid
escapes, invalid UTF-8, duplicate fields, nested values, numbers out of
range, syntax errors, trailing garbage), then random mutations of them.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import checks
from checks import check

DIXIT = None
TMP = None

FR = "« Nous ne céderons pas », a déclaré jeudi le ministre Jean Dupont aux journalistes."
EN = '"We will not give in," the minister John Smith told reporters on Thursday.'


def run(path, args, fast):
    env = dict(os.environ)
    env.pop("DIXIT_NO_FAST_JSON", None)
    if not fast:
        env["DIXIT_NO_FAST_JSON"] = "1"
    p = subprocess.run([DIXIT, "--jsonl", *args, path], capture_output=True, env=env, timeout=300)
    return p.returncode, p.stdout, p.stderr


def first_difference(a, b):
    """The first differing line of two outputs, for the failure message."""
    la, lb = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}:\n  fast: {x[:300]!r}\n  ref:  {y[:300]!r}"
    return f"{len(la)} lines against {len(lb)}"


def same(name, lines, args=(), ending=b"\n"):
    """Writes the lines as one file, runs both readers on it, compares."""
    path = os.path.join(TMP, name.replace(" ", "_").replace("/", "_") + ".jsonl")
    with open(path, "wb") as f:
        f.write(ending.join(lines) + ending)
    fast, ref = run(path, args, True), run(path, args, False)
    label = f"{name} {' '.join(args)}".strip()
    check(f"{label}: stdout", fast[1] == ref[1], first_difference(fast[1], ref[1]))
    check(f"{label}: stderr", fast[2] == ref[2], first_difference(fast[2], ref[2]))
    check(f"{label}: exit status", fast[0] == ref[0], (fast[0], ref[0]))
    return ref


def rec(text=FR, id_=b'"x"', extra=b""):
    """{"id": ID, "text": TEXT EXTRA} with ID and EXTRA given as raw JSON."""
    t = text if isinstance(text, bytes) else json.dumps(text, ensure_ascii=False).encode()
    return b'{"id": ' + id_ + b', "text": ' + t + extra + b"}"


def q(raw):
    """A JSON string token from raw bytes put between quotes as they are."""
    return b'"' + raw + b'"'


# ------------------------------------------------------------ the cases

def escapes():
    t = FR.encode()
    cases = [b"\\\"", b"\\\\", b"\\/", b"\\b", b"\\f", b"\\n", b"\\r", b"\\t",
             b"\\u00e9", b"\\u00E9", b"\\u00AB", b"\\u20ac", b"\\u2019", b"\\uFFFF",
             b"\\ud83d\\ude00", b"\\uD83D\\uDE00", b"\\uDBFF\\uDFFF", b"\\ud800\\udc00",
             b"\\u0000", b"\\u001f", b"\\u007f", b"\\u0041\\u0042", b"\\u0800", b"\\u07ff",
             # the fallback's: lone, reversed or broken surrogates, bad escapes
             b"\\ud800", b"\\udc00", b"\\ud800\\u0041", b"\\ud800\\n", b"\\ud83d",
             b"\\ude00\\ud83d", b"\\ud800\\ud800", b"\\ud800\\udbff", b"\\ud800\\u00",
             b"\\x41", b"\\u12", b"\\u12G4", b"\\U0041", b"\\'", b"\\a", b"\\0", b"\\ ",
             b"\\u+123", b"\\u-123"]
    lines = []
    for i, c in enumerate(cases):
        lines.append(rec(q(t[:10] + c + t[10:]), b'"e%d"' % i))
        lines.append(rec(q(c), b'"only%d"' % i))
        lines.append(rec(q(t + c), b'"end%d"' % i))
        lines.append(rec(q(c * 50 + t), b'"many%d"' % i))
    lines.append(rec(q(t + b"\\")))  # a backslash, then the closing quote
    lines.append(b'{"id": "bs", "text": "abc\\')  # a backslash at the end of the line
    lines.append(b'{"id": "bs2", "text": "abc\\u00')
    lines.append(rec(json.dumps(FR, ensure_ascii=True).encode(), b'"ascii"'))
    lines.append(rec(json.dumps(EN + "\n" + FR + "\t\u2028😀").encode(), b'"mixed"'))
    return lines


def ids():
    out = []
    for raw in [b"0", b"-0", b"1", b"-1", b"42", b"123456789012345678", b"9223372036854775807",
                b"-9223372036854775808", b"9223372036854775808", b"-9223372036854775809",
                b"99999999999999999999999", b"1.0", b"-1.5", b"0.1", b"1e5", b"1E5", b"1e+5",
                b"1e-5", b"1E-05", b"-0.0", b"0.0", b"2.5e-3", b"1e308", b"1.7976931348623157e308",
                b"1e309", b"-1e309", b"1e-400", b"4.9e-324", b"123456789.123456789",
                b"0." + b"1" * 80, b"1" + b"0" * 70 + b".5", b"01", b"-01", b"1.", b".5", b"-",
                b"+1", b"0x10", b"1e", b"1e+", b"--1", b"1.5.5", b"NaN", b"Infinity", b"-Infinity",
                b"true", b"false", b"null", b"True", b"nul", b"nullx", b"tru", b"truee",
                b'"a\\"b"', b'"a\\\\b"', b'"tab\\t"', b'"\\u0000x"', b'"x\\u0000"', b'"\\u001f"',
                b'"\\u007f"', b'"\xc3\xa9t\xc3\xa9"', b'"\\u00e9t\\u00e9"', b'"\\ud83d\\ude00"',
                b'"\xf0\x9f\x98\x80"', b'"/"', b'"\\/"', b'"\\b\\f\\n\\r"', b'""', b'" "',
                b'"a.jsonl:1"', b'"\xe2\x80\xa8"', b'"x\\ud800"', b'"\xff"', b"{}", b'{"a": 1}',
                b"[]", b"[1]", b'"' + b"long" * 500 + b'"']:
            out.append(rec(FR, raw))
    out.append(b'{"text": "' + FR.encode() + b'"}')  # no id at all
    out.append(b'{"text": "x", "id": 1, "id": 2}')  # duplicate id
    return out


def keys_and_members():
    t = json.dumps(FR, ensure_ascii=False).encode()
    return [
        b'{"text": ' + t + b', "id": "t-first"}',
        b'{"lang": "fr", "text": ' + t + b', "id": "lang-first"}',
        b'{"id": "l", "lang": "en", "text": ' + t + b'}',
        b'{"id": "l2", "lang": "de", "text": ' + t + b'}',
        b'{"id": "l3", "lang": null, "text": ' + t + b'}',
        b'{"id": "l4", "lang": "", "text": ' + t + b'}',
        b'{"id": "l5", "lang": "f\\u0072", "text": ' + t + b'}',
        b'{"id": "l6", "lang": "fr\\u0000x", "text": ' + t + b'}',
        b'{"id": "l7", "lang": 1, "text": ' + t + b'}',
        b'{"id": "l8", "lang": true, "text": ' + t + b'}',
        b'{"id": "l9", "lang": ["fr"], "text": ' + t + b'}',
        b'{"id": "l10", "lang": "fr", "lang": "en", "text": ' + t + b'}',
        b'{"id": "l11", "lang": "\xff", "text": ' + t + b'}',
        b'{"id": "l12", "lang": "EN", "text": ' + t + b'}',
        b'{"id": "x1", "text": ' + t + b', "source": "AFP", "n": 3, "r": -2.5e3, "ok": true,'
        b' "no": false, "nil": null, "": "", "\xc3\xa9": "\xc3\xa9"}',
        b'{"id": "x2", "meta": {"a": [1, 2]}, "text": ' + t + b'}',
        b'{"id": "x3", "tags": [], "text": ' + t + b'}',
        b'{"id": "x4", "text": ' + t + b', "big": 99999999999999999999}',
        b'{"id": "x5", "text": ' + t + b', "huge": 1e999}',
        b'{"id": "x6", "text": ' + t + b', "bad": "\\ud800"}',
        b'{"id": "x7", "text": ' + t + b', "bad": "\xc0\xaf"}',
        b'{"id": "x8", "text": ' + t + b', "n": 01}',
        b'{"id": "x9", "text": ' + t + b', "dup": 1, "dup": 2}',
        b'{"id": "d1", "text": "first", "text": ' + t + b'}',
        b'{"id": "d2", "text": ' + t + b', "text": 5}',
        b'{"\\u0074ext": ' + t + b', "\\u0069d": "escaped-keys"}',
        b'{"te\\u0000xt": ' + t + b', "id": "nul-key"}',
        b'{"id": "nul-key2", "text": ' + t + b', "a\\u0000": 1}',
        b'{"t\\"ext": ' + t + b', "id": "quote-key"}',
        b'{"TEXT": ' + t + b', "id": "upper"}',
        b'{"text ": ' + t + b', "id": "space"}',
        b'{"id": "k\xff", "text": ' + t + b', "\xff": 1}',
        b'{"id": "no-text"}',
        b'{"id": "t1", "text": 1}',
        b'{"id": "t2", "text": null}',
        b'{"id": "t3", "text": true}',
        b'{"id": "t4", "text": ["a"]}',
        b'{"id": "t5", "text": {"a": "b"}}',
        b'{"id": "t6", "text": ""}',
        b'{"id": "t7", "text": "\\u0000"}',
        b'{}', b'[]', b'"text"', b'123', b'null', b'[{"id": 1, "text": "x"}]',
    ]


def syntax():
    t = json.dumps(FR, ensure_ascii=False).encode()
    good = b'{"id": "s", "text": ' + t + b'}'
    return [
        good,
        b' \t\r' + good + b' \t\r',
        b'{ "id" : "s1" , "text" : ' + t + b' }',
        b'{"id":"s2","text":' + t + b'}',
        b'{\t"id"\t:\t"s3"\t,\t"text"\t:\t' + t + b'\t}',
        b'{\r"id"\r:\r"s4"\r,\r"text"\r:\r' + t + b'\r}',
        good + b' x', good + good, good + b',', good + b'}', good + b'\x00',
        good[:-1], good[:-1] + b',}', b'{"id": "s5" "text": ' + t + b'}',
        b'{"id": "s6", "text" ' + t + b'}', b'{"id": "s7",, "text": ' + t + b'}',
        b'{, "id": "s8", "text": ' + t + b'}', b'{"id": "s9", "text": ' + t,
        b'{"id": "s10", "text": "' + FR.encode(), b'{"id": "s11", "text": }',
        b"{'id': 's12', 'text': 'x'}", b'{id: "s13", "text": "x"}', b'{"id": "s14", "text": "x"]',
        b'\xef\xbb\xbf' + good, b'{"id": "s15", "text": "a\tb"}', b'{"id": "s16", "text": "a\x01b"}',
        b'{"id": "s17", "text": "a\x7fb"}', b'{"id": "s18", "text": "a\x00b"}',
        b'{"id": "s19", "text": "a\rb"}', b'{"id": "s20",\x00 "text": "x"}',
        b'{"id": "s21", "text": "x"}\xc3\xa9', b'\xc3\xa9{"id": "s22", "text": "x"}',
        b'{"id": "s23", "text": "x"} \x0b', b'{"id": "s24", "text": "x"}\x0c',
        b'{"id": "s25", "text": "' + b"\\n" * 3 + b'"}\r',
    ]


def utf8():
    bad = [b"\xff", b"\xfe", b"\xc3", b"\xc3(", b"\xc0\x80", b"\xc1\xbf", b"\xe0\x80\x80",
           b"\xe0\x9f\xbf", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf0\x80\x80\x80",
           b"\xf0\x8f\xbf\xbf", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80", b"\xf8\x88\x80\x80\x80",
           b"\x80", b"\xbf", b"\xe2\x82", b"\xf0\x9f\x98", b"\xe2(\xa1"]
    good = [b"\xc2\x80", b"\xdf\xbf", b"\xe0\xa0\x80", b"\xed\x9f\xbf", b"\xee\x80\x80",
            b"\xef\xbf\xbf", b"\xf0\x90\x80\x80", b"\xf4\x8f\xbf\xbf", b"\xc3\xa9" * 40,
            b"\xe2\x80\xa8\xe2\x80\xa9", b"\xef\xbb\xbf"]
    t = FR.encode()
    lines = []
    for i, b in enumerate(bad + good):
        lines.append(rec(q(t[:7] + b + t[7:]), b'"u%d"' % i))
        lines.append(rec(q(b), b'"v%d"' % i))
        lines.append(rec(q(t + b), b'"w%d"' % i))
        lines.append(rec(q(b"abcdefg" + b + b"hij" * 5), b'"y%d"' % i))
    return lines


def long_lines():
    words = (FR + " " + EN + " ") * 3000  # about 500 KB
    return [
        rec(words, b'"long-utf8"'),
        rec(json.dumps(words, ensure_ascii=True).encode(), b'"long-ascii"'),
        rec(q(b"\\u00e9" * 200000), b'"escapes"'),
        rec(q(b"\\ud83d\\ude00" * 50000), b'"pairs"'),
        rec(q(b"x" * 300000 + b"\\ud800"), b'"late-lone"'),
        rec(q(b"x" * 300000 + b"\xff"), b'"late-bad"'),
        rec(q(b"\xc3\xa9" * 200000 + b"a"), b'"accents"'),
    ]


def mutants(lines, n, seed):
    """Random edits of the lines: bytes inserted, deleted, replaced, biased
    towards what JSON and UTF-8 care about."""
    rnd = random.Random(seed)
    pieces = [b'"', b"\\", b"\\u", b"\\ud800", b"\\udc00", b"\\u00e9", b"{", b"}", b"[", b",", b":",
              b" ", b"\t", b"\r", b"\x00", b"\x01", b"\xc3", b"\xa9", b"\xff", b"\xed\xa0\x80", b"0",
              b"-", b"e", b".", b"n", b"true", b'"text"', b'"id"', b'"lang"', b"\xe2\x80", b"\\n"]
    out = []
    for _ in range(n):
        s = bytearray(rnd.choice(lines))
        for _ in range(rnd.randint(1, 3)):
            i = rnd.randrange(len(s) + 1)
            op = rnd.randrange(3)
            if op == 0:
                s[i:i] = rnd.choice(pieces)
            elif op == 1:
                del s[i:i + rnd.randint(1, 3)]
            else:
                s[i:i + 1] = rnd.choice(pieces)
        out.append(bytes(s).replace(b"\n", b" "))
    return out


def random_records(n, seed):
    """Random records, most of them valid: members in any order, any
    whitespace, ids of every kind, texts of plain runs, escapes, UTF-8 and
    surrogate pairs; now and then one piece jansson refuses."""
    rnd = random.Random(seed)
    plain = [FR.encode(), EN.replace('"', "'").encode(), b"a", b" ", b"\xc2\xab ", b" \xc2\xbb",
             b"\xc3\xa9", b"\xe2\x80\x99", b"\xf0\x9f\x98\x80", b"\x7f", b"x" * 40]
    escaped = [b"\\n", b'\\"', b"\\\\", b"\\/", b"\\b", b"\\f", b"\\r", b"\\t", b"\\u00e9",
               b"\\u00AB", b"\\u2019", b"\\ud83d\\ude00", b"\\uDBFF\\uDFFF", b"\\u0000", b"\\u001F"]
    wrong = [b"\\ud800", b"\\udc00x", b"\\x", b"\xff", b"\xed\xa0\x80", b"\x01", b"\t"]
    ids = [b'"d1"', b'"\\u00e9\\t\\"\\u0001"', b'"\xc3\xa9"', b"7", b"-12", b"0", b"-0", b"3.25",
           b"1e3", b"-2.5E-7", b"0.1", b"true", b"false", b"null", b"123456789012345678"]
    extras = [b'"source": "AFP"', b'"n": 3', b'"r": -1.5e10', b'"ok": true', b'"nil": null',
              b'"\\u00e9": "\\n"', b'"lang2": "fr"', b'"": 0']
    ws = [b"", b"", b" ", b"  ", b"\t", b"\r", b" \r\t "]

    def string(pool):
        return b'"' + b"".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12))) + b'"'

    out = []
    for _ in range(n):
        pool = plain + escaped + (wrong if rnd.random() < 0.1 else [])
        members = [b'"text"' + rnd.choice(ws) + b":" + rnd.choice(ws) + string(pool)]
        if rnd.random() < 0.9:
            members.append(b'"id":' + rnd.choice(ws) + rnd.choice(ids))
        if rnd.random() < 0.5:
            members.append(b'"lang": ' + rnd.choice([b'"fr"', b'"en"', b'"de"', b"null", b'"e\\u006e"']))
        members += rnd.sample(extras, rnd.randint(0, 3))
        rnd.shuffle(members)
        sep = [rnd.choice(ws) + b"," + rnd.choice(ws) for _ in members]
        body = b"".join(m + s for m, s in zip(members, sep[:-1] + [b""]))
        out.append(rnd.choice(ws) + b"{" + rnd.choice(ws) + body + rnd.choice(ws) + b"}" + rnd.choice(ws))
    return out


def short_base():
    """Short valid records that mutations can easily break in many ways."""
    return [b'{"id": "m", "text": "\\u00ab Oui \\u00bb, a dit Paul.\\n", "lang": "fr"}',
            b'{"text": "\xc2\xab Non \xc2\xbb, a d\xc3\xa9clar\xc3\xa9 Marie.", "id": 7}',
            b'{"id": -1.5e3, "text": "\\"Yes,\\" said John \\ud83d\\ude00.", "x": null}',
            b'{"lang": null, "id": "\\u00e9", "text": "a\\tb\\/c", "n": [1]}',
            b'{"id": true, "text": "' + FR.encode() + b'", "k": {"a": 1}}']


# ------------------------------------------------------------ the runs

def main():
    global DIXIT, TMP
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    DIXIT = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        TMP = tmp
        groups = {"escapes": escapes(), "ids": ids(), "keys": keys_and_members(),
                  "syntax": syntax(), "utf8": utf8()}
        for name, lines in groups.items():
            for args in ((), ("--format", "text"), ("--lang", "en", "--lenient-utf8")):
                same(name, lines, args)
            same(name + " crlf", lines, ending=b"\r\n")
        every = [line for lines in groups.values() for line in lines]
        same("blank lines", [b"", b"  ", every[0], b"\t\r", b"", every[1], b""])
        same("no final newline", [every[0], every[1]], ending=b"")
        same("long lines", long_lines())
        same("long lines, small limit", long_lines(), ("--max-doc-bytes", "100K"))
        same("mutants", mutants(every, 3000, 1))
        same("short mutants", mutants(short_base(), 3000, 2))
        same("short mutants text", mutants(short_base(), 1000, 3), ("--format", "text"))
        same("random records", random_records(3000, 4))
        same("random records text", random_records(1000, 5), ("--format", "text"))
        # The reference must really be the other path: jansson refuses the
        # lone surrogate, so the reference run reports invalid-json.
        ref = same("reference check", [rec(q(b"\\ud800"), b'"lone"')])
        check("reference run reports jansson's error", b"invalid-json" in ref[1], ref[1])
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
