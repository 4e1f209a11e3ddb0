#!/usr/bin/env python3
"""The HTML report (dixit --format html): structure, escaping, batches.

usage: test_html.py PATH_TO_DIXIT SOURCE_DIR

For every document it renders (the samples, hostile texts, and the gold
texts of ../shared when present): the page parses with every element
closed in order; the article's text, read back from the page, is the
document byte for byte (U+FFFD for bad bytes); each quotation's pieces,
read back, give the quotation's text of the JSON output, with its speaker
in data-s; the page loads nothing from outside.  Standard library only.
"""
import html
import html.parser
import json
import os
import subprocess
import sys
import tempfile

import checks
from checks import check

DIXIT = None
VOID = {"meta", "br", "img", "input", "link", "hr", "circle", "path", "line"}


class Page(html.parser.HTMLParser):
    """Reads a report back: nesting, per-section text, per-quote text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.external = [], [], []
        self.sections = {}  # id -> {"text": str, "quotes": {n: str}, "first": {n: attrs}}
        self.section = None
        self.in_text = 0  # depth inside div.text, 0 when outside
        self.open_quotes = []  # per open element: quote number or None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("src", "href", "action", "xlink:href"):
            v = a.get(k)
            if v is not None and not v.startswith("#"):
                self.external.append(f"{tag} {k}={v}")
        if "url(" in (a.get("style") or "") or "@import" in (a.get("style") or ""):
            self.external.append(f"{tag} style")
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "section":
            self.section = a.get("id")
            self.sections[self.section] = {"text": "", "quotes": {}, "first": {}}
        if self.in_text:
            self.in_text += 1
            q = a.get("data-q") if "q" in (a.get("class") or "").split() else None
            self.open_quotes.append(q)
            if q is not None and "id" in a:
                self.sections[self.section]["first"][q] = a
        elif tag == "div" and a.get("class") == "text":
            self.in_text = 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            return
        self.stack.pop()
        if self.in_text:
            self.in_text -= 1
            if self.in_text:
                self.open_quotes.pop()

    def handle_data(self, data):
        if not self.in_text or self.section is None:
            return
        sec = self.sections[self.section]
        sec["text"] += data
        for q in set(x for x in self.open_quotes if x is not None):
            sec["quotes"][q] = sec["quotes"].get(q, "") + data


def run(*args, stdin=b""):
    p = subprocess.run([DIXIT, *args], input=stdin, capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def read_page(name, out):
    try:
        page_text = out.decode("utf-8")
    except UnicodeDecodeError as e:
        check(f"{name}: UTF-8", False, str(e))
        return None
    check(f"{name}: no NUL or C0/C1 control", not any(
        (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0 for c in page_text))
    p = Page()
    p.feed(page_text)
    p.close()
    check(f"{name}: well nested", not p.errors and not p.stack, (p.errors[:3], p.stack[:5]))
    check(f"{name}: nothing external", not p.external, p.external[:3])
    check(f"{name}: one page", page_text.count("<!DOCTYPE html>") == 1
          and page_text.rstrip().endswith("</html>"))
    return p


def shown(text_bytes):
    """What a browser shows of the text: bad bytes and controls as U+FFFD."""
    t = text_bytes.decode("utf-8", "replace")
    return "".join("\ufffd" if (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0
                   else c for c in t)


def compare(name, page, section, text_bytes, record):
    """The section shows the text whole, and each quotation where the JSON says."""
    sec = page.sections.get(section)
    if not check(f"{name}: section {section}", sec is not None) and sec is None:
        return
    check(f"{name}: the text, whole", sec["text"] == shown(text_bytes),
          f"{len(sec['text'])} vs {len(shown(text_bytes))} characters")
    quotes = record.get("quotes", [])
    check(f"{name}: one anchor per quotation", len(sec["first"]) == len(quotes),
          f"{len(sec['first'])} vs {len(quotes)}")
    for i, q in enumerate(quotes):
        got = sec["quotes"].get(str(i), "")
        want = shown(text_bytes[q["start"]:q["end"]])
        check(f"{name}: quotation {i} text", got == want, f"{got[:60]!r} vs {want[:60]!r}")
        first = sec["first"].get(str(i), {})
        spk = q["speaker"]["name"] if q["speaker"] else "?"
        check(f"{name}: quotation {i} speaker", first.get("data-s") == spk,
              f"{first.get('data-s')!r} vs {spk!r}")
        check(f"{name}: quotation {i} type", first.get("data-t") == q["type"])
        if q["cue"]:
            check(f"{name}: quotation {i} cue", first.get("data-c") == q["cue"]["text"])


def test_samples(src):
    for lang in ("fr", "en"):
        path = os.path.join(src, "samples", f"article-{lang}.txt")
        with open(path, "rb") as f:
            text = f.read()
        rc, out, err = run("--format", "html", path)
        check(f"{lang}: exit 0", rc == 0, err[:200])
        page = read_page(f"sample {lang}", out)
        rc, js, _ = run(path)
        if page:
            compare(f"sample {lang}", page, "d0", text, json.loads(js))
        check(f"{lang}: title is the file", f"<title>{html.escape(path)}</title>".encode() in out)
        check(f"{lang}: table and graph", b'class="by-speaker"' in out and b"<svg" in out)


def test_hostile(tmp):
    texts = {
        "markup": "« <script>alert(1)</script> & \"x\" 'y' », a déclaré Paul <b>Durand</b>.\n"
                  .encode(),
        "bad bytes": b"\xef\xbb\xbf\xab Non \xbb, a d\xc3\xa9clar\xc3\xa9 Paul Durand. \xff\xfe"
                     b" \x00 \x01 \x7f \xc2\x85 \xe2\x82 end",
        "empty": b"",
        "crlf": "« Oui », a dit Marie Curie.\r\n\r\nElle a ajouté que tout allait bien.\r\n"
                .encode(),
    }
    for name, text in texts.items():
        path = os.path.join(tmp, name.replace(" ", "_") + ".txt")
        with open(path, "wb") as f:
            f.write(text)
        rc, out, err = run("--format", "html", "--lenient-utf8", "--lang", "fr", path)
        check(f"{name}: exit 0", rc == 0, err[:200])
        page = read_page(name, out)
        rc, js, _ = run("--lenient-utf8", "--lang", "fr", path)
        if page:
            compare(name, page, "d0", text, json.loads(js))
        check(f"{name}: no live markup", b"<script>alert" not in out and b"<b>Durand" not in out)


def test_batch(src, tmp):
    bad = os.path.join(tmp, "bad.txt")
    with open(bad, "wb") as f:
        f.write(b"caf\xe9")
    jsonl = os.path.join(tmp, "b.jsonl")
    with open(jsonl, "w") as f:
        f.write('{"id": "<one>", "text": "« Oui », a dit Paul Durand."}\n')
        f.write("not json\n")
    fr = os.path.join(src, "samples", "article-fr.txt")
    rc, out, err = run("--format", "html", fr, bad, jsonl)
    check("batch: exit 1 (a document failed)", rc == 1, rc)
    page = read_page("batch", out)
    if page:
        check("batch: a section per document", sorted(page.sections) == ["d0", "d1", "d2", "d3"],
              sorted(page.sections))
    check("batch: failed sections say why", out.count(b'class="doc failed"') == 2
          and b"invalid UTF-8" in out and b"invalid token" in out)
    check("batch: ids escaped", b"&lt;one&gt;" in out and b"<one>" not in out)
    check("batch: index built by the page", b'nav.className = "index"' in out)


def test_gold(src):
    """Real texts, for marks that nest and cross: every gold document."""
    shared = os.path.join(src, "..", "shared", "gold")
    files = [f for f in ("fr-dev.jsonl", "en-polnear-dev.jsonl")
             if os.path.exists(os.path.join(shared, f))]
    if not files:
        print("note: ../shared/gold absent: the gold texts are not rendered")
        return
    for f in files:
        path = os.path.join(shared, f)
        records = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        rc, out, err = run("--format", "html", path)
        check(f"{f}: exit 0", rc == 0, err[:200])
        page = read_page(f, out)
        rc, js, _ = run(path)
        results = [json.loads(line) for line in js.splitlines()]
        if page:
            for k, (rec, res) in enumerate(zip(records, results)):
                compare(f"{f}:{k + 1}", page, f"d{k}", rec["text"].encode(), res)


def main():
    global DIXIT
    DIXIT, src = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        test_samples(src)
        test_hostile(tmp)
        test_batch(src, tmp)
        test_gold(src)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
