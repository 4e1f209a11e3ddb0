#!/usr/bin/env python3
"""dixit eval must print exactly what ../shared/tools/score.py prints.

usage: test_eval_agrees.py PATH_TO_DIXIT SOURCE_DIR

Builds prediction files from the gold files in SOURCE_DIR/../shared/gold
(perfect, shifted, cut, wrong speakers, dropped, garbage offsets, speakers as
strings, null and objects with mentions, odd ids, duplicate records...) and a
synthetic gold full of awkward names and bytes, then compares
`dixit eval GOLD PRED [--json]` with `score.py GOLD PRED [--json]` byte for
byte.  Also checks `dixit eval GOLD` against score.py on dixit's own output.
Exits 77 (skipped) when ../shared is not there.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import unicodedata

import checks


def check(name, ok, detail=""):
    checks.check(name, ok, detail, sep="\n")

GOLD_FILES = ("fr-dev.jsonl", "en-polnear-dev.jsonl")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, timeout=300, **kw)


def compare(dixit, score, gold, pred, label, extra=()):
    for flags in ([], ["--json"]):
        want = run([sys.executable, score, gold, pred, *flags, *extra])
        got = run([dixit, "eval", gold, pred, *flags, *extra])
        same = want.stdout == got.stdout and want.returncode == got.returncode
        detail = ""
        if not same:
            detail = (f"  score.py (rc {want.returncode}):\n{want.stdout.decode()}"
                      f"{want.stderr.decode()[-500:]}\n"
                      f"  dixit eval (rc {got.returncode}):\n{got.stdout.decode()}"
                      f"{got.stderr.decode()[-500:]}")
        check(f"{label} {' '.join(flags)}", same, detail)


def compare_verbose(dixit, score, gold, pred, label):
    """--verbose lines (FP, FN, SPEAKER on stderr) agree too."""
    want = run([sys.executable, score, gold, pred, "--verbose"])
    got = run([dixit, "eval", gold, pred, "--verbose"])
    check(f"{label} --verbose", want.stderr == got.stderr,
          f"score.py:\n{want.stderr.decode()[-800:]}\ndixit eval:\n{got.stderr.decode()[-800:]}")


# ---------------------------------------------------------------- predictions

def speaker_variants(rng, q, doc):
    """Ways of naming a gold quote's speaker, right and wrong."""
    name = q.get("speaker")
    ents = doc.get("entities", [])
    aliases = next((e.get("aliases", []) for e in ents if e["name"] == name), [])
    other = rng.choice(ents)["name"] if ents else "Personne"
    choices = [name, None, other, "", (name or "x").upper(), f"  Le {name}  ",
               f"the {name}.", (name or "").replace("'", "\u2019"),
               rng.choice(aliases) if aliases else name, f"{name},", "Les Échos",
               "l'Élysée", "leader"]
    n = rng.choice(choices)
    form = rng.randrange(6)
    if form == 0:
        return n
    if form == 1:
        return {"name": n}
    if form == 2:
        return {"name": "", "text": n}
    if form == 3:
        return {"text": n}
    span = q.get("speaker_span") or [q["start"], q["end"]]
    s = span[0] + rng.randint(-5, 5)
    e = span[1] + rng.randint(-5, 5)
    if form == 4:
        return {"name": rng.choice([n, other]), "mention": {"start": s, "end": e}}
    return {"name": other, "start": str(s), "end": e}


def garbage_offsets(rng, n):
    pool = [-1, 0, n, n + 1, 10 ** 30, -10 ** 30, "12", " 7 ", "1_0", "1__0", "+3",
            "x", "", 3.7, -0.5, 1e300, None, True, False, [1], {"a": 1}, "٣"]
    return rng.choice(pool + [rng.randint(0, n) for _ in range(8)])


def mutate_quote(rng, q, doc, n):
    s, e = q["start"], q["end"]
    kind = rng.randrange(9)
    if kind == 1:
        s, e = s + rng.randint(-15, 15), e + rng.randint(-15, 15)
    elif kind == 2:
        s, e = s + (e - s) // 2, e
    elif kind == 3:
        s, e = s, s + (e - s) // 3
    elif kind == 4:
        s, e = s - 3, e + 3
    elif kind == 5:  # one byte off: often inside a multi-byte character
        s, e = s + rng.choice([-1, 1]), e + rng.choice([-1, 1])
    out = {"type": rng.choice([q["type"], "direct", "indirect"]), "start": s, "end": e,
           "speaker": speaker_variants(rng, q, doc)}
    if kind == 6:
        out["start"] = garbage_offsets(rng, n)
    if kind == 7:
        del out["end"]
    return out


def scare_quotes(doc):
    """Predictions on the not_quotes terms, with and without their marks."""
    out, b = [], doc["text"].encode()
    for term in doc.get("not_quotes", []):
        t = term.encode()
        i = b.find(t)
        if i >= 0:
            out.append({"start": i, "end": i + len(t)})
            out.append({"start": max(0, i - 3), "end": min(len(b), i + len(t) + 3)})
    return out


def random_pred(rng, doc):
    n = len(doc["text"].encode())
    quotes = [mutate_quote(rng, q, doc, n) for q in doc["quotes"] if rng.random() < 0.8]
    quotes += scare_quotes(doc)
    for _ in range(rng.randint(0, 4)):
        s = rng.randint(0, n)
        quotes.append({"start": s, "end": min(n, s + rng.randint(0, 300)),
                       "speaker": rng.choice([None, "X", {"name": None}])})
    for _ in range(rng.randint(0, 2)):
        quotes.append({"start": garbage_offsets(rng, n), "end": garbage_offsets(rng, n)})
    quotes.append(rng.choice([1, "s", None, [], {"start": 1}]))
    rng.shuffle(quotes)
    return quotes


def write_preds(rng, gold_docs, path):
    """One prediction file with most of what a prediction can look like."""
    lines = []
    for i, doc in enumerate(gold_docs):
        r = rng.random()
        if r < 0.05:
            continue  # a missing document
        rec = {"id": doc["id"], "quotes": random_pred(rng, doc)}
        if r < 0.08:
            rec["quotes"] = rng.choice(["abc", {"a": 1, "b": 2}, []])
        elif r < 0.10:
            del rec["quotes"]
        lines.append(json.dumps(rec, ensure_ascii=rng.random() < 0.5))
        if r > 0.95:  # a later record with the same id wins
            lines.append(json.dumps({"id": doc["id"], "quotes": random_pred(rng, doc)}))
    lines.append(json.dumps({"id": 12, "quotes": []}))
    lines.append(json.dumps({"quotes": [{"start": 0, "end": 1}]}))
    lines.insert(rng.randint(0, len(lines)), "   ")
    sep = rng.choice(["\n", "\r\n"])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(sep.join(lines) + sep)


def perfect_preds(gold_docs, path):
    with open(path, "w", encoding="utf-8") as f:
        for doc in gold_docs:
            quotes = [{"type": q["type"], "start": q["start"], "end": q["end"],
                       "speaker": {"name": q["speaker"]}} for q in doc["quotes"]]
            f.write(json.dumps({"id": doc["id"], "quotes": quotes}) + "\n")


# ------------------------------------------------------------- synthetic gold

AWKWARD_NAMES = ["Ὀδυσσεύς ΣΩΚΡΆΤΗΣ", "İsmet İnönü", "Les Républicains", "La Poste",
                 "the White House", "L’Élysée", "Der Spiegel", "El País", "Il Sole",
                 "Lo Stato", "Gli Altri", "  Jean   Dupont ", "É\u0301mile", "Ǆemal",
                 "ſtraße", "ılık", "Nabil Ağa", "Das Erste", "Theresa May", "Ludovic"]


def synthetic_gold(rng, path):
    """Texts full of marks, blanks, accents and emoji; awkward speaker names."""
    pieces = ["« ", " »", "“", "”", "‘’", "—", "–", " ", "\u00a0", "\u202f", "\t", "\n",
              "été", "ça", "naïve", "😀", "Σ", "ß", "a", "bc", "...", "?!", "-", "'", '"',
              "Le", "mot", "dit", "said", "`", ";", ":", ","]
    docs = []
    for d in range(12):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(50, 400)))
        b = text.encode()
        ents = [{"name": n, "aliases": [n, n.split()[-1] if n.split() else n]}
                for n in rng.sample(AWKWARD_NAMES, 6)]
        quotes = []
        for _ in range(rng.randint(0, 8)):
            s = rng.randint(0, len(b))
            e = min(len(b), s + rng.randint(0, 60))
            while s > 0 and (b[s] & 0xC0) == 0x80 if s < len(b) else False:
                s -= 1
            q = {"type": rng.choice(["direct", "indirect", "mixed"]), "start": s, "end": e,
                 "text": b[s:e].decode("utf-8", "replace"),
                 "speaker": rng.choice([e_["name"] for e_ in ents] + [None, "Inconnu"]),
                 "addressee": None, "via": None, "cue": None,
                 "optional": rng.random() < 0.25}
            if rng.random() < 0.3:
                q["speaker_span"] = [s, e]
            quotes.append(q)
        docs.append({"id": rng.choice([f"syn-{d}", d, f"syn-{d}"]) if d else "syn-0",
                     "lang": "fr", "text": text, "entities": ents, "quotes": quotes,
                     "not_quotes": [rng.choice(["mot", "« mot »", "Le mot", "", "dit"])]})
    with open(path, "w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return docs


def name_variant(rng, name):
    """The gold name as a system might spell it: cased, spaced, with a
    determiner, ’ for ', decomposed accents; or another name."""
    if name is None or rng.random() < 0.3:
        return rng.choice(AWKWARD_NAMES + [None, ""])
    forms = [name, name.upper(), name.lower(), f"  {name}\u00a0", f"Le {name}",
             f"the  {name}.", name.replace("'", "\u2019"), name.replace("\u2019", "'"),
             unicodedata.normalize("NFD", name), name.split()[-1], f"{name} ,",
             name.replace(" ", "\t\u2003")]
    return rng.choice(forms)


def synthetic_preds(rng, docs, path):
    with open(path, "w", encoding="utf-8") as f:
        for doc in docs:
            b = doc["text"].encode()
            quotes = []
            for q in doc["quotes"]:
                if rng.random() < 0.8:
                    quotes.append({"start": max(0, q["start"] + rng.randint(-2, 2)),
                                   "end": min(len(b), q["end"] + rng.randint(-2, 2)),
                                   "speaker": name_variant(rng, q["speaker"])})
            for _ in range(rng.randint(0, 5)):
                s = rng.randint(0, len(b))
                quotes.append({"start": s, "end": min(len(b), s + rng.randint(0, 20))})
            f.write(json.dumps({"id": doc["id"], "quotes": quotes}) + "\n")


def rounding_case(path_gold, path_pred):
    """1 hit in 32 predictions: precision 0.03125, a tie that rounds to even."""
    text = "x" * 200
    gold = {"id": "r", "lang": "en", "text": text, "entities": [], "not_quotes": [],
            "quotes": [{"type": "direct", "start": 0, "end": 10, "text": "x" * 10,
                        "speaker": None, "optional": False}]}
    preds = [{"start": 0, "end": 10}] + [{"start": 20 + 5 * i, "end": 22 + 5 * i}
                                         for i in range(31)]
    with open(path_gold, "w") as f:
        f.write(json.dumps(gold) + "\n")
    with open(path_pred, "w") as f:
        f.write(json.dumps({"id": "r", "quotes": preds}) + "\n")


def name_matrix(path_gold, path_pred):
    """Every awkward name against every way of spelling it, one quote each:
    a single disagreement in name normalisation changes speaker_accuracy."""
    variants = lambda n: [n, n.upper(), n.lower(), n.title(), f"Le {n}", f"les {n}",
                          f"LA {n}", f"l'{n}", f"L’{n}", f"the\t{n}", f"  {n} .",
                          unicodedata.normalize("NFD", n), n.replace(" ", "  "),
                          f"ıl {n}", f"daſ {n}", n + "Σ", "Σ" + n, n.replace("σ", "Σ"),
                          f"{n}\u2028", f"\u3000{n}", f"{n}'", n.casefold()]
    names = AWKWARD_NAMES + ["ΟΔΟΣ", "Οδος", "ΣΑΣ.", "İstanbul", "Istanbul", "ǅemal",
                             "Lemaire", "Le Maire", "Ludovic", "L’Express", "the Times"]
    gquotes, pquotes, pos = [], [], 0
    for n in names:
        for v in variants(n):
            gquotes.append({"type": "direct", "start": pos, "end": pos + 5, "text": "xxxxx",
                            "speaker": n, "optional": False})
            pquotes.append({"start": pos, "end": pos + 5, "speaker": {"name": v}})
            pos += 10
    text = "x" * pos
    scare = [v for n in names[:6] for v in variants(n)[:6]]
    gold = {"id": "names", "lang": "fr", "text": text, "entities": [], "quotes": gquotes,
            "not_quotes": scare}
    with open(path_gold, "w", encoding="utf-8") as f:
        f.write(json.dumps(gold) + "\n")
    with open(path_pred, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "names", "quotes": pquotes}) + "\n")


# ----------------------------------------------------------------------- main

def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    dixit, src = sys.argv[1], sys.argv[2]
    shared = os.path.join(src, "..", "shared")
    score = os.path.join(shared, "tools", "score.py")
    if not os.path.isfile(score):
        print(f"skipped: {score} not found (../shared is not beside the source tree)")
        return 77
    rng = random.Random(20240611)
    with tempfile.TemporaryDirectory() as tmp:
        for name in GOLD_FILES:
            gold = os.path.join(shared, "gold", name)
            if not os.path.isfile(gold):
                print(f"note: {gold} missing, not compared")
                continue
            with open(gold, encoding="utf-8") as f:
                docs = [json.loads(line) for line in f if line.strip()]
            pred = os.path.join(tmp, "perfect.jsonl")
            perfect_preds(docs, pred)
            compare(dixit, score, gold, pred, f"{name} perfect")
            for k in range(12):
                pred = os.path.join(tmp, f"random{k}.jsonl")
                write_preds(rng, docs, pred)
                compare(dixit, score, gold, pred, f"{name} random #{k}")
                if k < 2:
                    compare_verbose(dixit, score, gold, pred, f"{name} random #{k}")
            empty = os.path.join(tmp, "empty.jsonl")
            open(empty, "w").close()
            compare(dixit, score, gold, empty, f"{name} no predictions")
            own_output(dixit, score, gold, docs, tmp, name)

        sgold, spred = os.path.join(tmp, "syn-gold.jsonl"), os.path.join(tmp, "syn-pred.jsonl")
        for k in range(20):
            docs = synthetic_gold(rng, sgold)
            synthetic_preds(rng, docs, spred)
            compare(dixit, score, sgold, spred, f"synthetic #{k}")
            compare_verbose(dixit, score, sgold, spred, f"synthetic #{k}")
        name_matrix(sgold, spred)
        compare(dixit, score, sgold, spred, "name matrix")
        compare_verbose(dixit, score, sgold, spred, "name matrix")
        rgold, rpred = os.path.join(tmp, "r-gold.jsonl"), os.path.join(tmp, "r-pred.jsonl")
        rounding_case(rgold, rpred)
        compare(dixit, score, rgold, rpred, "rounding tie")
    return checks.summary()


def own_output(dixit, score, gold, docs, tmp, name):
    """dixit eval GOLD == score.py GOLD <(dixit on the gold texts, no "lang")."""
    inp, out = os.path.join(tmp, "texts.jsonl"), os.path.join(tmp, "own.jsonl")
    with open(inp, "w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps({"id": doc["id"], "text": doc["text"]}) + "\n")
    with open(out, "wb") as f:
        subprocess.run([dixit, inp], stdout=f, stderr=subprocess.DEVNULL, timeout=300)
    for flags in ([], ["--json"]):
        want = run([sys.executable, score, gold, out, *flags])
        got = run([dixit, "eval", gold, *flags])
        check(f"{name} own output {' '.join(flags)}", want.stdout == got.stdout,
              f"score.py:\n{want.stdout.decode()}\ndixit eval:\n{got.stdout.decode()}"
              f"{got.stderr.decode()[-300:]}")


if __name__ == "__main__":
    sys.exit(main())
