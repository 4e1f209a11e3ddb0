"""dixit.extract and dixit.extract_many: results, offsets, errors, order.

The texts are the sample articles and sentences written for these tests;
the reference for every field is the dixit command's JSON output.
"""
import json
import os
import subprocess
import threading

import pytest

import dixit

FR = "« Nous ne lâcherons rien », a lancé jeudi la syndicaliste Marie Lenoir devant l'usine."
EN = '"The bridge will be ready by spring," the mayor, Ann Cole, told the council on Monday.'


def samples(root):
    with open(os.path.join(root, "samples", "articles.jsonl"), encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def cli_records(dixit_bin, texts, lang=None):
    data = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n"
                   for i, t in enumerate(texts))
    args = [dixit_bin, "--jsonl", "-j", "1"] + (["--lang", lang] if lang else [])
    p = subprocess.run(args, input=data.encode(), capture_output=True, check=False)
    return [json.loads(line) for line in p.stdout.decode().splitlines()]


def span_json(s):
    return None if s is None else {"text": s.text, "start": s.byte_start, "end": s.byte_end}


def as_cli_record(r):
    """A Result in the shape of the command's record, byte offsets."""
    def party(p):
        return None if p is None else {"id": p.id, "name": p.name, "mention": span_json(p.mention)}
    quotes = []
    for q in r.quotes:
        cue = None if q.cue is None else {"text": q.cue.text, "start": q.cue.byte_start,
                                          "end": q.cue.byte_end, "lemma": q.cue.lemma}
        quotes.append({"type": q.type, "start": q.byte_start, "end": q.byte_end, "text": q.text,
                       "cue": cue, "speaker": party(q.speaker), "addressee": party(q.addressee),
                       "via": party(q.via), "parent": q.parent})
    entities = [{"id": e.id, "name": e.name, "kind": e.kind, "roles": list(e.roles),
                 "mentions": [{"start": m.byte_start, "end": m.byte_end} for m in e.mentions]}
                for e in r.entities]
    return {"lang": r.lang, "quotes": quotes, "entities": entities}


def test_a_quote():
    r = dixit.extract("« Non », a déclaré Paul Durand.")
    assert r.lang == "fr"
    q = r.quotes[0]
    assert (q.type, q.text, q.start, q.end, q.byte_start, q.byte_end) == ("direct", "Non", 2, 5, 3, 6)
    assert q.cue.text == "a déclaré" and q.cue.lemma == "déclarer"
    assert q.speaker.name == "Paul Durand" and q.speaker.mention.text == "Paul Durand"
    assert r.entities[q.speaker.id].kind == "person"


def test_same_as_the_command(dixit_bin, root):
    texts = samples(root) + [FR, EN, "Rien à signaler.", ""]
    want = cli_records(dixit_bin, texts)
    for text, rec in zip(texts, want):
        got = as_cli_record(dixit.extract(text))
        assert got == {k: rec[k] for k in ("lang", "quotes", "entities")}


def test_code_point_offsets_index_the_str(root):
    for text in samples(root) + [FR, EN]:
        r = dixit.extract(text)
        raw = text.encode("utf-8")
        for q in r.quotes:
            assert text[q.start:q.end] == q.text
            assert raw[q.byte_start:q.byte_end].decode("utf-8") == q.text
            if q.cue:
                assert text[q.cue.start:q.cue.end] == q.cue.text
            if q.speaker and q.speaker.mention:
                m = q.speaker.mention
                assert text[m.start:m.end] == m.text
        for e in r.entities:
            for m in e.mentions:
                assert text[m.start:m.end] == m.text


def test_astral_characters_count_once():
    text = "🙂🙂 " + FR
    r = dixit.extract(text)
    q = r.quotes[0]
    assert text[q.start:q.end] == q.text
    assert q.byte_start - q.start == 2 * 3 + 1  # two 4-byte emoji, the « is 2 bytes


def test_lang():
    assert dixit.extract(FR, lang="fr").lang == "fr"
    assert dixit.extract(FR, lang="en").lang == "en"
    with pytest.raises(ValueError):
        dixit.extract(FR, lang="de")
    assert dixit.extract("Guten Tag, sagte er.").warnings[0].code == "warning"


def test_errors():
    with pytest.raises(dixit.Error) as e:
        dixit.extract("« Oui »\x00, a-t-il dit.")
    assert e.value.code == "nul-byte" and e.value.offset == 7 and e.value.byte_offset == 9
    assert isinstance(e.value, ValueError)
    with pytest.raises(dixit.Error) as e:
        dixit.extract("é\ud800")
    assert e.value.code == "invalid-utf8" and e.value.offset == 1
    with pytest.raises(dixit.Error) as e:
        dixit.extract(b"caf\xc3\xa9 \xff")
    assert e.value.code == "invalid-utf8" and e.value.byte_offset == 6 and e.value.offset == 5
    with pytest.raises(TypeError):
        dixit.extract(42)
    with pytest.raises(TypeError):
        dixit.extract(None)


def test_bytes_in():
    r = dixit.extract(FR.encode("utf-8"))
    assert r.quotes[0].text == dixit.extract(FR).quotes[0].text


def test_extract_many_keeps_order(root):
    texts = (samples(root) + [FR, EN, "", "Rien."]) * 40
    one = [dixit.extract(t) for t in texts]
    for threads in (1, 2, 5):
        assert list(dixit.extract_many(texts, threads=threads, batch=7)) == one
    assert list(dixit.extract_many(iter(texts))) == one  # any iterable, default threads


def test_extract_many_errors():
    texts = [FR, "bad\x00", EN]
    got = list(dixit.extract_many(texts, errors="return"))
    assert isinstance(got[1], dixit.Error) and got[1].code == "nul-byte"
    assert got[0] == dixit.extract(FR) and got[2] == dixit.extract(EN)
    it = dixit.extract_many(texts)
    assert next(it) == dixit.extract(FR)
    with pytest.raises(dixit.Error):
        next(it)
    with pytest.raises(ValueError):
        dixit.extract_many(texts, errors="ignore")
    with pytest.raises(TypeError):
        list(dixit.extract_many([FR, 3]))


def test_threads_of_the_caller(root):
    texts = samples(root) * 20
    want = [dixit.extract(t) for t in texts]
    out = {}

    def work(k):
        out[k] = [dixit.extract(t) for t in texts]

    ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert all(out[k] == want for k in range(4))


@pytest.mark.skipif(not hasattr(__import__("resource"), "RUSAGE_THREAD"),
                    reason="counts this thread's context switches (Linux)")
def test_extract_many_wakes_the_caller_in_runs(root):
    """The caller, waiting for the next result, is woken once a run of
    them is ready, not once a document: on a virtual machine a wake-up
    can cost as much as a short document's extraction.  Its voluntary
    context switches count its sleeps."""
    import resource
    texts = samples(root) * 200
    before = resource.getrusage(resource.RUSAGE_THREAD).ru_nvcsw
    got = sum(len(r.quotes) for r in dixit.extract_many(texts, threads=1))
    sleeps = resource.getrusage(resource.RUSAGE_THREAD).ru_nvcsw - before
    assert got > 0
    assert sleeps < len(texts) / 4, f"{sleeps} sleeps for {len(texts)} documents"


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc (Linux)")
def test_extract_many_caller_is_one_of_the_threads(root):
    """threads=N >= 2: the caller extracts too, so N - 1 threads start and N
    cores run N busy threads; threads=1: one thread extracts while the
    caller makes the objects."""
    texts = samples(root) * 50
    want = [dixit.extract(t) for t in texts]
    base = len(os.listdir("/proc/self/task"))
    for threads, started in ((1, 1), (2, 1), (3, 2)):
        it = dixit.extract_many(texts, threads=threads)
        got = [next(it)]
        assert len(os.listdir("/proc/self/task")) - base == started
        got += list(it)
        assert got == want
        del it


def test_error_pickles():
    import pickle
    e = dixit.Error("NUL byte", "nul-byte", 3, 4)
    f = pickle.loads(pickle.dumps(e))
    assert (f.code, f.offset, f.byte_offset, str(f)) == ("nul-byte", 3, 4, str(e))


def test_extract_many_streams(root):
    """Results before a bad item come out first; a stream dropped early
    stops its threads; str of every width and bytes give the same offsets."""
    texts = samples(root) + [FR, EN]
    it = dixit.extract_many(iter(texts[:3] + [3] + texts), threads=2, batch=4)
    assert [next(it) for _ in range(3)] == [dixit.extract(t) for t in texts[:3]]
    with pytest.raises(TypeError):
        next(it)
    for _ in range(20):
        it = dixit.extract_many(texts * 10, threads=2)
        next(it)
        del it
    one = "« Non », a déclaré Paul Durand."
    got = list(dixit.extract_many(["é. " + one, "’. " + one, "😀. " + one, ("😀. " + one).encode()],
                                  threads=2, errors="return"))
    for r in got:
        q = r.quotes[0]
        assert (q.start, q.speaker.mention.start) == (5, 22)
        assert q.speaker.mention == r.entities[q.speaker.id].mentions[0]
    with pytest.raises(dixit.Error) as e:
        list(dixit.extract_many([FR, "x\ud800"]))
    assert e.value.code == "invalid-utf8" and e.value.offset == 1


def test_any_str_gives_the_offsets_of_its_utf8():
    """The binding encodes a str itself, a run of units at a time (utf8.c):
    whatever the width of its units and wherever the non-ASCII characters
    fall in a run, a str and its UTF-8 bytes give the same quotations, at
    the same offsets; a lone surrogate is found wherever it stands."""
    import random
    rng = random.Random(7)
    one = "« Non », a déclaré Paul Durand. "
    fillers = ["a", "b ", "é", "’", "😀", "ÿ", "\u0100", "x" * 9]
    for width in (["a", "é", "ÿ"], ["a", "é", "’", "\u0100"], fillers):
        for n in range(0, 40, 3):
            pad = "".join(rng.choice(width) for _ in range(n))
            text = pad + ". " + one + pad
            a, b = dixit.extract(text), dixit.extract(text.encode())
            assert [(q.start, q.end, q.byte_start, q.byte_end) for q in a.quotes] == \
                   [(q.start, q.end, q.byte_start, q.byte_end) for q in b.quotes]
            with pytest.raises(dixit.Error) as e:
                dixit.extract(pad + "\ud800" + one)
            assert e.value.offset == len(pad)


def test_result_reads_like_a_named_tuple(root):
    """Result builds .entities when first read; otherwise it unpacks,
    indexes, compares and pickles as the 4-tuple (lang, quotes, entities,
    warnings) it stands for."""
    import gc
    import pickle
    r = dixit.extract(FR)
    lang, quotes, entities, warnings = r
    assert len(r) == 4 and lang == "fr" and quotes is r.quotes and entities is r.entities
    assert r[2] is r.entities and r[-1] is r.warnings and r[:2] == ("fr", r.quotes)
    assert r == tuple(r) and r == dixit.extract(FR) and r != dixit.extract(EN)
    assert pickle.loads(pickle.dumps(r)) == r
    assert repr(r).startswith("dixit.Result(lang='fr', quotes=[dixit.Quote(")
    with pytest.raises(TypeError):
        hash(r)
    with pytest.raises(IndexError):
        r[4]
    with pytest.raises(AttributeError):
        r.lang = "en"
    assert dixit.Result(("en", [], [], [])).entities == []
    with pytest.raises(TypeError):
        dixit.Result(("en", []))
    # entities read long after the stream moved on are the same as at once
    texts = samples(root) + [FR, EN]
    kept = list(dixit.extract_many(texts * 5, threads=2, batch=3))
    for t, k in zip(texts * 5, kept):
        assert k.entities == dixit.extract(t).entities
    # a cycle through a result is collected
    r = dixit.extract(FR)
    r.quotes.append(r)
    del r
    gc.collect()


def test_quote_reads_like_a_named_tuple():
    """A Quote makes its fields when first read; otherwise it unpacks,
    indexes, compares, hashes and pickles as its 11-tuple, and matches
    positionally in a match statement, as the struct sequences do."""
    import pickle
    q = dixit.extract(FR).quotes[0]
    t = tuple(q)
    kind, text, start, end, bstart, bend, cue, speaker, addressee, via, parent = q
    assert len(q) == 11 and q == t and hash(q) == hash(t) and q != t[:10]
    assert (kind, text, speaker.name, addressee, via, parent) == \
        ("direct", "Nous ne lâcherons rien", "Marie Lenoir", None, None, None)
    assert q[1] is q.text and q[-4] is q.speaker and q[:2] == ("direct", q.text)
    assert FR[start:end] == text and FR.encode()[bstart:bend].decode() == text
    assert cue.lemma == "lancer" and FR[cue.start:cue.end] == cue.text == "a lancé"
    assert q.speaker is q.speaker  # made once
    assert pickle.loads(pickle.dumps(q)) == q
    assert dixit.Quote(t) == q and repr(dixit.Quote(t)) == repr(q)
    assert repr(q).startswith("dixit.Quote(type='direct', text='Nous ne lâcherons rien', start=2,")
    assert dixit.Quote.__match_args__[:2] == ("type", "text") and dixit.Quote.n_fields == 11
    match q:
        case dixit.Quote("direct", said, speaker=dixit.Party(name=who)):
            assert (said, who) == (text, "Marie Lenoir")
        case _:
            pytest.fail("no match")
    with pytest.raises(IndexError):
        q[11]
    with pytest.raises(AttributeError):
        q.text = "x"
    with pytest.raises(TypeError):
        dixit.Quote(t[:10])


def test_quotes_outlive_their_results(root):
    """A Quote keeps its document's text, not the result: quotations kept
    from a stream read the same after the Results and texts are gone, from
    a str (code points) or UTF-8 bytes alike."""
    import gc
    texts = samples(root)
    expected = [[tuple(q) for q in dixit.extract(t).quotes] for t in texts]
    kept = [r.quotes for r in dixit.extract_many((t + "" for t in texts), threads=2)]
    kept_b = [r.quotes for r in dixit.extract_many((t.encode() for t in texts), threads=2)]
    gc.collect()
    assert [[tuple(q) for q in qs] for qs in kept] == expected
    assert [[tuple(q) for q in qs] for qs in kept_b] == expected
