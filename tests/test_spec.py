#!/usr/bin/env python3
"""Runs the literate spec (tests/spec/*.md) through the dixit CLI.

usage: test_spec.py DIXIT SOURCE_DIR [--filter WORD] [--verbose] [--each]

Each example in a spec file is a fenced ```text block (a news snippet) followed
by a fenced ```quotes block: the quotations dixit must report, one a line,

    [?] TYPE | CONTENT | SPEAKER | CUE [| ADDRESSEE [| VIA [| PARENT]]]

or the single word `none`.  TYPE is direct, indirect or mixed; CONTENT is the
reported text (for a direct quote, what stands between the marks, without the
blanks that pad them); SPEAKER is the entity's name; CUE is the cue's text;
ADDRESSEE, when the fifth field is given, the addressee's name; VIA the
go-between's name; PARENT the content of the quotation this one is nested
in (its first words are enough: a prefix matches).  `-` means
none, `*` means anything.  A line that starts with `?` is optional: reported
or not, the example passes (nested quotations, borderline cases).  In
CONTENT, `\\n` is a newline, `\\|` a bar and `\\\\` a backslash.  In both
blocks, {nbsp} stands for U+00A0, {nnbsp} for U+202F, {cr} for a carriage
return and {bom} for U+FEFF, which are invisible in an editor.  A ```quotes pending block is an example known to fail for now:
it is reported but does not fail the run.

The language is given by the file's name (direct-fr.md: --lang fr).  All the
examples of a language go to one `dixit --jsonl --lang L FILE` run (--each:
one run per example, to find the one that crashes it).  Exit status: 0 when
every example passes, 77 (skipped) when there is no spec, 1 otherwise.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

SKIP = 77
TYPES = {"direct", "indirect", "mixed"}
TOKENS = {"{nbsp}": "\u00a0", "{nnbsp}": "\u202f", "{cr}": "\r", "{bom}": "\ufeff"}
BLANKS = " \t\r\n\u00a0\u202f\u2009"
FENCE = re.compile(r"^```(\w+)?(?:\s+(\w+))?\s*$")


class SpecError(Exception):
    pass


def expand(s):
    for k, v in TOKENS.items():
        s = s.replace(k, v)
    return s


def show(s):
    """The reverse of expand() and of the field escapes, for reports."""
    if s is None:
        return "-"
    s = s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")
    for k, v in TOKENS.items():
        s = s.replace(v, k)
    return s


def unescape(field):
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == "\\" and i + 1 < len(field):
            n = field[i + 1]
            out.append({"n": "\n", "t": "\t"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_fields(line):
    """Splits on bars that are not escaped."""
    fields, cur, i = [], [], 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line):
            cur.append(line[i:i + 2])
            i += 2
            continue
        if line[i] == "|":
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(line[i])
        i += 1
    fields.append("".join(cur))
    return [f.strip(" \t") for f in fields]


def parse_quote_line(line, where):
    optional = line.startswith("?")
    if optional:
        line = line[1:].lstrip()
    fields = split_fields(line)
    if len(fields) not in (4, 5, 6, 7):
        raise SpecError(f"{where}: want `TYPE | CONTENT | SPEAKER | CUE [| ADDRESSEE [| VIA [| PARENT]]]`, "
                        f"got {line!r}")
    vals = []
    for f in fields:
        if f == "*":
            vals.append("*")
        elif f == "-":
            vals.append(None)
        else:
            vals.append(expand(unescape(f)))
    if vals[0] not in TYPES and vals[0] != "*":
        raise SpecError(f"{where}: unknown type {fields[0]!r} (direct, indirect, mixed)")
    if not vals[1]:
        raise SpecError(f"{where}: empty content")
    q = {"type": vals[0], "content": vals[1], "speaker": vals[2], "cue": vals[3],
         "optional": optional}
    for k, key in ((4, "addressee"), (5, "via"), (6, "parent")):
        if len(vals) > k:
            q[key] = vals[k]
    return q


def parse_spec(path):
    """Returns the examples of one spec file."""
    name = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    examples, heading, i, pending_text = [], "", 0, None
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        m = FENCE.match(line)
        if not m or not m.group(1):
            i += 1
            continue
        kind, flag, start = m.group(1), m.group(2), i + 1
        body = []
        i += 1
        while i < len(lines) and lines[i].rstrip() != "```":
            body.append(lines[i])
            i += 1
        if i == len(lines):
            raise SpecError(f"{name}:{start}: unclosed ``` block")
        i += 1
        if kind == "text":
            if pending_text:
                raise SpecError(f"{name}:{pending_text[0]}: ```text block without its ```quotes block")
            pending_text = (start, "\n".join(body))
        elif kind == "quotes":
            if not pending_text:
                raise SpecError(f"{name}:{start}: ```quotes block without a ```text block before it")
            if flag not in (None, "pending"):
                raise SpecError(f"{name}:{start}: unknown flag {flag!r} (only `pending`)")
            quotes, none = [], False
            for k, ql in enumerate(body):
                where = f"{name}:{start + 1 + k}"
                if not ql.strip():
                    continue
                if ql.strip() == "none":
                    none = True
                    continue
                quotes.append(parse_quote_line(ql.strip(), where))
            if none and quotes:
                raise SpecError(f"{name}:{start}: `none` and quotations in the same block")
            if not none and not quotes:
                raise SpecError(f"{name}:{start}: empty ```quotes block (write `none`)")
            line_no, text = pending_text
            examples.append({"file": name, "line": line_no, "heading": heading,
                             "text": expand(text), "quotes": quotes,
                             "pending": flag == "pending", "number": len(examples) + 1})
            pending_text = None
    if pending_text:
        raise SpecError(f"{name}:{pending_text[0]}: ```text block without its ```quotes block")
    return examples


def lang_of(path):
    m = re.search(r"-([a-z]{2})\.md$", os.path.basename(path))
    return m.group(1) if m else None


def run_cli(dixit, lang, examples):
    """Runs one dixit --jsonl process over the examples; returns
    (records by example index, problem or None)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        for k, ex in enumerate(examples):
            f.write(json.dumps({"id": f"spec-{k}", "text": ex["text"]}, ensure_ascii=False) + "\n")
        path = f.name
    cmd = [dixit, "--jsonl"] + (["--lang", lang] if lang else []) + [path]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=600)
    except subprocess.TimeoutExpired:
        return {}, f"`{' '.join(cmd)}` took more than 600 s"
    except OSError as e:
        return {}, f"cannot run {dixit}: {e}"
    finally:
        os.unlink(path)
    out, problem = {}, None
    for n, line in enumerate(p.stdout.decode("utf-8", "replace").splitlines()):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            problem = f"output line {n + 1} is not JSON ({e}): {line[:120]!r}"
            break
        rid = rec.get("id") if isinstance(rec, dict) else None
        k = int(rid[5:]) if isinstance(rid, str) and rid.startswith("spec-") and rid[5:].isdigit() else n
        out[k] = rec
    if p.returncode != 0 and not problem:
        problem = f"`{' '.join(cmd[:-1])} FILE` exited with status {p.returncode}"
    if problem:
        err = p.stderr.decode("utf-8", "replace").strip()
        if err:
            problem += "\n  stderr: " + "\n          ".join(err.splitlines()[-10:])
    return out, problem


def name_of(v):
    if isinstance(v, dict):
        v = v.get("name")
    if not isinstance(v, str):
        return None
    return " ".join(unicodedata.normalize("NFC", v).replace("\u00a0", " ").replace("\u202f", " ").split())


def actual_quotes(rec, text):
    """The quotations of one output record as comparable dicts, plus a list of
    inconsistencies in the record itself (offsets, text fields)."""
    b = text.encode("utf-8")
    got, bad = [], []
    if not isinstance(rec, dict):
        return got, ["the output record is not an object"]
    if "error" in rec:
        return got, [f"dixit reported an error: {json.dumps(rec['error'], ensure_ascii=False)}"]
    quotes = rec.get("quotes")
    if not isinstance(quotes, list):
        return got, ["the output record has no \"quotes\" list"]
    for n, q in enumerate(quotes):
        try:
            s, e = int(q["start"]), int(q["end"])
        except (KeyError, TypeError, ValueError):
            bad.append(f"quote {n}: no start/end offsets")
            continue
        if not 0 <= s <= e <= len(b):
            bad.append(f"quote {n}: offsets [{s}, {e}) outside the text ({len(b)} bytes)")
            continue
        content = b[s:e].decode("utf-8", "replace")
        if "text" in q and q["text"] != content:
            bad.append(f"quote {n}: \"text\" {q['text']!r} is not the text at [{s}, {e}): {content!r}")
        cue = q.get("cue")
        cue_text = None
        if isinstance(cue, dict):
            cue_text = cue.get("text")
            if "start" in cue and "end" in cue and isinstance(cue_text, str):
                cs, ce = cue["start"], cue["end"]
                if not (isinstance(cs, int) and isinstance(ce, int) and 0 <= cs <= ce <= len(b)) \
                        or b[cs:ce].decode("utf-8", "replace") != cue_text:
                    bad.append(f"quote {n}: cue {cue_text!r} is not the text at its offsets")
        got.append({"type": q.get("type"), "content": content.strip(BLANKS),
                    "speaker": name_of(q.get("speaker")), "cue": name_of(cue_text),
                    "addressee": name_of(q.get("addressee")), "via": name_of(q.get("via")),
                    "parent_index": q.get("parent")})
    for g in got:  # the parent as the content of the quotation it points to
        p = g.pop("parent_index")
        g["parent"] = got[p]["content"] if isinstance(p, int) and 0 <= p < len(got) else None
    return got, bad


DETERMINERS = re.compile(r"^(le|la|les|l'|the)\s*", re.I)


def norm_entity(s):
    """Entity names compare as ../shared/tools/score.py compares them."""
    s = name_of(s).replace("\u2019", "'").lower()
    return DETERMINERS.sub("", s).strip(" .,")


def matches(want, got):
    def same(w, g, norm):
        return w == "*" or (w is None and g is None) or (
            w is not None and g is not None and norm(w) == norm(g))
    return (same(want["type"], got["type"], str)
            and same(want["content"], got["content"], lambda s: unicodedata.normalize("NFC", s))
            and same(want["speaker"], got["speaker"], norm_entity)
            and same(want["cue"], got["cue"], name_of)
            and ("addressee" not in want or same(want["addressee"], got["addressee"], norm_entity))
            and ("via" not in want or same(want["via"], got["via"], norm_entity))
            and ("parent" not in want or same(want["parent"], got["parent"],
                                              lambda s: s[:len(want["parent"] or "")])))


def compare(want, got):
    """One-to-one matching, required lines first.  Returns (ok, lines of a
    report: ' ' matched, '-' missing, '+' unexpected, '?' optional unmatched)."""
    used, pairs = set(), {}
    for wi in sorted(range(len(want)), key=lambda i: want[i]["optional"]):
        for gi, g in enumerate(got):
            if gi not in used and matches(want[wi], g):
                used.add(gi)
                pairs[wi] = gi
                break
    report, ok = [], True
    want_addressee = any("addressee" in w for w in want)
    for wi, w in enumerate(want):
        if wi in pairs:
            mark = " "
        elif w["optional"]:
            mark = "?"
        else:
            mark, ok = "-", False
        report.append(f"{mark} {fmt(w, 'addressee' in w)}")
    for gi, g in enumerate(got):
        if gi not in used:
            ok = False
            report.append(f"+ {fmt(g, g['addressee'] is not None or want_addressee)}")
    return ok, report


def fmt(q, with_addressee):
    def f(v):
        return "*" if v == "*" else show(v)
    s = f"{q['type']} | {f(q['content'])} | {f(q['speaker'])} | {f(q['cue'])}"
    if with_addressee or q.get("via") or q.get("parent"):
        s += f" | {f(q.get('addressee'))}"
    if q.get("via") or q.get("parent"):
        s += f" | {f(q.get('via'))} | {f(q.get('parent'))}"
    return ("? " if q.get("optional") else "") + s


def main(argv):
    args, flt, verbose, each = [], None, False, False
    it = iter(argv)
    for a in it:
        if a == "--filter":
            flt = next(it, None)
        elif a.startswith("--filter="):
            flt = a.split("=", 1)[1]
        elif a == "--verbose":
            verbose = True
        elif a == "--each":
            each = True
        elif a.startswith("--"):
            sys.exit(f"unknown option {a}\n{__doc__}")
        else:
            args.append(a)
    if len(args) != 2:
        sys.exit(__doc__)
    dixit, src = os.path.abspath(args[0]), args[1]
    spec_dir = os.path.join(src, "tests", "spec")
    files = sorted(f for f in os.listdir(spec_dir) if f.endswith(".md")) if os.path.isdir(spec_dir) else []
    if not files:
        print(f"no spec files in {spec_dir}: skipped")
        return SKIP
    if not os.access(dixit, os.X_OK):
        print(f"{dixit} is not an executable program")
        return 1

    groups = {}
    try:
        for fn in files:
            for ex in parse_spec(os.path.join(spec_dir, fn)):
                ex["lang"] = lang_of(fn)
                key = f"{ex['file']}:{ex['line']} {ex['heading']}\n{ex['text']}".lower()
                if flt is None or flt.lower() in key:
                    groups.setdefault(ex["lang"], []).append(ex)
    except SpecError as e:
        print(f"tests/spec/{e}")
        print("0 passed, 1 failed")
        return 1
    total = sum(len(v) for v in groups.values())
    if total == 0:
        print(f"no example matches --filter {flt!r}: skipped")
        return SKIP

    passed = failed = pending = pending_ok = 0
    for lang, exs in groups.items():
        if each:
            results = {}
            for k, ex in enumerate(exs):
                out, problem = run_cli(dixit, lang, [ex])
                results[k] = (out.get(0), problem)
        else:
            out, problem = run_cli(dixit, lang, exs)
            if problem:  # a crash or bad output fails the run, whatever the records say
                failed += 1
                print(f"FAIL dixit --lang {lang or 'auto'} on {len(exs)} examples: {problem}")
                print("  (rerun with --each to find the example that causes it)\n")
            missing = "no output record (the run failed, see above)" if problem else None
            results = {k: (out.get(k), missing) for k in range(len(exs))}
        for k, ex in enumerate(exs):
            rec, problem = results[k]
            where = f"tests/spec/{ex['file']}:{ex['line']}"
            title = f"{where} (example {ex['number']}, {ex['heading'] or 'no heading'})"
            if rec is None:
                got, bad = [], [problem or "no output record for this example"]
            else:
                got, bad = actual_quotes(rec, ex["text"])
            ok, report = compare(ex["quotes"], got)
            ok = ok and not bad
            if ex["pending"]:
                pending += 1
                if ok:
                    pending_ok += 1
                    print(f"PENDING NOW PASSES {title}: remove `pending`")
                elif verbose:
                    print(f"PENDING {title}")
                    print_report(ex, report, bad)
                else:
                    print(f"PENDING {title}")
                continue
            if ok:
                passed += 1
                if verbose:
                    print(f"ok {title}")
            else:
                failed += 1
                print(f"FAIL {title}")
                print_report(ex, report, bad)
    if pending:
        print(f"{pending} pending example(s) not counted ({pending_ok} of them now pass)")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


def print_report(ex, report, bad):
    text = ex["text"]
    for k, v in TOKENS.items():
        text = text.replace(v, k)
    for ln in text.split("\n"):
        print(f"    | {ln}")
    print("  want/got ('-' missing, '+' unexpected, '?' optional not found):")
    for r in report:
        print(f"    {r}")
    for b in bad:
        print(f"  ! {b}")
    print()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
