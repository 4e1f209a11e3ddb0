#!/usr/bin/env python3
"""make_article.py OUT [WORDS] — a French news article of about WORDS words
(default 1,000), for the service's load test and the browser test.

It is samples/article-fr.txt, then its paragraphs again from the second
one, until the count (words as `wc -w` counts them) reaches WORDS; the cut
falls at the end of a paragraph, so every quotation stays whole.
"""
import os
import sys


def main():
    out = sys.argv[1]
    want = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples",
                       "article-fr.txt")
    with open(src, encoding="utf-8") as f:
        text = f.read().rstrip("\n")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    pieces, words, i = [text], len(text.split()), 1
    while words < want:
        p = paragraphs[i % len(paragraphs) or 1]
        pieces.append(p)
        words += len(p.split())
        i += 1
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n\n".join(pieces) + "\n")
    print(f"{out}: {words} words", file=sys.stderr)


if __name__ == "__main__":
    main()
