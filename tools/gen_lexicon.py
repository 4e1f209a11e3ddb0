#!/usr/bin/env python3
"""Compile dixit's language data (data/<lang>/*.tsv) into C hash tables.

Usage: gen_lexicon.py DATA_DIR OUTPUT.c [--stats] [--dump]

Every inflected form of a cue lemma is generated here, by code, from the
lemma and the few principal parts that data/<lang>/cues.tsv gives for
irregular verbs; the C side only probes tables.  The output is a function of
the input alone (sorted, no timestamps), so a rebuild is byte-identical.

Any malformed line stops the build with "file:line: message" and exit code 1:
a silently dropped cue would only show up as a missed quotation much later.

--stats prints the size of every table, --dump every generated surface
form with its DX_FORM_* bits in hex (both to stdout), for review.
Python 3.11 standard library only.
"""

import os
import re
import sys
import unicodedata

# ---------------------------------------------------------------------------
# Constants shared with src/lexicon.h and src/lexicon_tables.h

LANGS = {"fr": "dx_lex_fr", "en": "dx_lex_en"}

SETS = ["stopwords", "pronouns", "titles", "not_names", "source_preps",
        "role_nouns", "first_names", "name_particles", "determiners", "np_glue",
        "prepositions", "auxiliaries", "org_nouns", "adverbs", "places",
        "nationalities", "role_classes", "clause_words", "connectors", "name_words"]

# Sets whose entries may be names of several words ("maison blanche",
# "white house"): looked up by a mention's folded words joined by spaces.
MULTIWORD_SETS = {"places"}

CLASSES = {
    "statement": "DX_CUE_STATEMENT", "assertion": "DX_CUE_ASSERTION",
    "question": "DX_CUE_QUESTION", "promise": "DX_CUE_PROMISE",
    "warning": "DX_CUE_WARNING", "denial": "DX_CUE_DENIAL",
    "opinion": "DX_CUE_OPINION",
}

FRAMES = {"que": 1 << 0, "incise": 1 << 1, "de_inf": 1 << 2, "np": 1 << 3,
          "a_addr": 1 << 4, "obj_addr": 1 << 5, "colon": 1 << 6,
          "question": 1 << 7}
NOUN_FRAME = "noun"  # not a frame bit: says the lemma is a noun

FINITE, PARTICIPLE, GERUND, INFINITIVE = 1, 2, 4, 8
NOUN, PLURAL, FEMININE, SG3 = 16, 32, 64, 128

# Values a gendered set may hold: DX_GENDER_* | DX_NUMBER_PLURAL.
GENDER_VALUES = {0, 1, 2, 4, 5, 6}
GENDER_SETS = {"pronouns", "titles", "role_nouns", "first_names"}
PREP_WEAK = 16  # DX_PREP_WEAK in lexicon_tables.h
MAX_KEY = 255   # keys' lengths are stored in a byte

PERSONS = [FINITE, FINITE, FINITE | SG3, FINITE, FINITE, FINITE | PLURAL]

# Bits of a word's record that the scans over every token ask (the
# DX_WORD_* of lexicon.h), one byte per record in an array of their own
# (all eight bits are taken: a ninth needs a wider array).
WORD_CUE, WORD_AUXILIARY, WORD_SOURCE, WORD_PHRASE, WORD_CUE_ALONE = 1, 2, 4, 8, 16
WORD_VIA, WORD_RELAYED, WORD_ADVERB = 32, 64, 128
# The auxiliaries' values (DX_AUX_* of lexicon.h): WORD_AUXILIARY is for
# those a verbal cue may start with, not for être/be (a passive).
AUX_BE = 2
# Words that open a source phrase dx_cue_prep_at() spells out word by word
# (comme l'a dit X); d' of d'après comes from the elided source_preps keys.
PREP_OPENERS = {"fr": ["comme"]}
# The first words of the phrases that name a go-between, which src/via.c
# spells out (fr_via_phrases, en_via_phrases: par l'intermédiaire de, via;
# through, by way of): change both or neither (test_lexicon checks them).
VIA_OPENERS = {"fr": ["par", "via"], "en": ["through", "via", "by"]}
# Past participles of reporting whose agent (par X, by X) passed the words
# on, a go-between (src/via.c: des propos rapportés par X, remarks relayed
# by X): via.c knows them by this bit alone, which only a word with a
# record has (relaid, no cue form, has none, and via.c's rule needs a cue).
RELAYED_FORMS = {
    "fr": ["rapporté", "rapportés", "rapportée", "rapportées", "relayé", "relayés", "relayée",
           "relayées", "cité", "cités", "citée", "citées", "recueilli", "recueillis",
           "recueillie", "recueillies"],
    "en": ["reported", "relayed", "quoted", "relaid"]}
# What the name finder and the sentence splitter ask of every capitalised
# word and of the word before a period (the DX_NAME_* of lexicon.h), one
# byte per record in an array apart from the cue scan's: in a set (value
# >= 0), except NAME_NATION: a nationality's value, the nation, > 0.
NAME_SET_BITS = {"titles": 1, "not_names": 2, "first_names": 4,
                 "name_particles": 8, "role_nouns": 16, "stopwords": 64, "name_words": 128}
NAME_NATION = 32


class DataError(Exception):
    def __init__(self, where, message):
        super().__init__(f"{where}: {message}")


M64 = (1 << 64) - 1
FILTER_BITS = 1 << 16  # src/lexicon_tables.h: DX_WORD_FILTER_BITS


def lex_hash(data: bytes) -> int:
    """The hash src/lexicon.h recomputes (dx_word_hash): the key in
    little-endian 8-byte words, zero-padded; the first two (all of most
    words) each multiplied by its own constant, side by side, then a
    shift; each later one mixed in by a multiply and a shift."""
    chunks = [int.from_bytes(data[i:i + 8].ljust(8, b"\0"), "little")
              for i in range(0, max(len(data), 16), 8)]
    h = (((len(data) * 0x9E3779B97F4A7C15) & M64 ^ chunks[0]) * 0xFF51AFD7ED558CCD
         ^ chunks[1] * 0xC4CEB9FE1A85EC53) & M64
    h ^= h >> 32
    for chunk in chunks[2:]:
        h = ((h ^ chunk) * 0xFF51AFD7ED558CCD) & M64
        h ^= h >> 32
    return h & 0xFFFFFFFF


def fold(s: str) -> str:
    """What dx_fold_word does: NFC, lower case, typographic apostrophes."""
    s = s.replace("\u2019", "'").replace("\u02bc", "'")
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", s).lower())


WORD_RE = re.compile(r"^[^\W\d_](?:[\w'.\-]*[\w'.])?$|^[^\W\d_]'$")


def check_word(word, where, what="word"):
    if not word:
        raise DataError(where, f"empty {what}")
    if fold(word) != word:
        raise DataError(where, f"{what} '{word}' is not folded (lower case, NFC, ' for \u2019)")
    if not WORD_RE.match(word) or "_" in word:
        raise DataError(where, f"{what} '{word}' has characters a word cannot have")
    if len(word.encode()) > MAX_KEY:
        raise DataError(where, f"{what} '{word}' is too long")


# ---------------------------------------------------------------------------
# Reading TSV files

def read_tsv(path, header, min_cols):
    """Yields (where, fields) for each data line; checks the header line."""
    with open(path, encoding="utf-8") as f:
        seen_header = False
        for n, raw in enumerate(f, 1):
            where = f"{path}:{n}"
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if "\ufeff" in line:
                raise DataError(where, "byte order mark in the file")
            fields = [x.strip() for x in line.split("\t")]
            while len(fields) > min_cols and fields[-1] == "":
                fields.pop()
            if not seen_header:
                if fields != header[:len(fields)] or len(fields) < min_cols:
                    raise DataError(where, "expected the header line '"
                                    + "\\t".join(header) + "'")
                seen_header = True
                continue
            if len(fields) < min_cols or len(fields) > len(header):
                raise DataError(where, f"expected {min_cols} to {len(header)} "
                                f"tab-separated columns, got {len(fields)}")
            if any(x == "" for x in fields[:min_cols]):
                raise DataError(where, "empty column")
            yield where, fields
        if not seen_header:
            raise DataError(f"{path}:1", "no header line")


def parse_conj(text, where, allowed):
    """'a=b;c;d=e' -> {'a': 'b', 'c': '', 'd': 'e'}."""
    conj = {}
    if not text:
        return conj
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        key, eq, value = part.partition("=")
        key = key.strip()
        if key not in allowed:
            raise DataError(where, f"unknown conj key '{key}' (known: "
                            + ", ".join(sorted(allowed)) + ")")
        if key in conj:
            raise DataError(where, f"conj key '{key}' given twice")
        if allowed[key] != bool(eq):
            raise DataError(where, f"conj key '{key}' "
                            + ("needs a value" if allowed[key] else "takes no value"))
        conj[key] = fold(value.strip())
    return conj


# ---------------------------------------------------------------------------
# French inflection

FR_CONJ_KEYS = {"like": True, "pres": True, "imp": True, "ps": True,
                "fut": True, "pp": True, "ger": True, "subj": True,
                "skip": True, "dbl": False, "pl": True}
FR_PARADIGM_KEYS = {k: v for k, v in FR_CONJ_KEYS.items()
                    if k not in ("like", "skip", "pl")}

FR_CONS = "bcdfghjklmnpqrstvwxzç"
# The last syllable of an -er stem whose e/é becomes è before a mute ending
# (relever -> relève, répéter -> répète): one consonant, a consonant + r/l,
# or a digraph.
FR_STRESS_RE = re.compile(r"([eé])((?:[bcdfgkptv][rl]|ch|gn|gu|qu|[" + FR_CONS + r"]))$")


def fr_six(stem_or_list, endings):
    if isinstance(stem_or_list, str):
        stem_or_list = [stem_or_list] * 6
    return [s + e for s, e in zip(stem_or_list, endings)]


def fr_passe_simple(first, where):
    """Six forms and the imperfect subjunctive 3sg from the 1sg passé simple."""
    for end, vowel, hat in (("ins", "in", "în"), ("ai", "a", "â"),
                            ("is", "i", "î"), ("us", "u", "û")):
        if first.endswith(end):
            s = first[:-len(end)]
            if vowel == "a":
                return ([s + "ai", s + "as", s + "a", s + "âmes", s + "âtes",
                         s + "èrent"], s + "ât")
            return ([s + vowel + "s", s + vowel + "s", s + vowel + "t",
                     s + hat + "mes", s + hat + "tes", s + vowel + "rent"],
                    s + hat + "t")
    raise DataError(where, f"passé simple '{first}' must end in -ai, -is, -us or -ins")


def fr_participles(pp):
    plural = pp if pp.endswith(("s", "x")) else pp + "s"
    return [(pp, PARTICIPLE | SG3), (pp + "e", PARTICIPLE | FEMININE | SG3),
            (plural, PARTICIPLE | PLURAL),
            (pp + "es", PARTICIPLE | FEMININE | PLURAL)]


def fr_tenses(forms, inf, pres, imp_stem, ps_first, fut_stems, subj, pp, ger, where):
    forms.append((inf, INFINITIVE))
    forms.extend(zip(pres, PERSONS))
    forms.extend(zip(fr_six(imp_stem, ["ais", "ais", "ait", "ions", "iez", "aient"]), PERSONS))
    ps, ipsubj = fr_passe_simple(ps_first, where)
    forms.extend(zip(ps, PERSONS))
    forms.append((ipsubj, FINITE | SG3))
    for f in fut_stems:
        forms.extend(zip(fr_six(f, ["ai", "as", "a", "ons", "ez", "ont"]), PERSONS))
        forms.extend(zip(fr_six(f, ["ais", "ais", "ait", "ions", "iez", "aient"]), PERSONS))
    forms.extend(zip(subj, PERSONS))
    forms.extend(fr_participles(pp))
    forms.append((ger, GERUND))


def fr_first_group(v, conj, where):
    """-er verbs, with their spelling changes (annonça, jugeant, appelle,
    relève, répète, emploie)."""
    stem = v[:-2]
    if stem.endswith("c"):
        soft = stem[:-1] + "ç"
    elif stem.endswith("g"):
        soft = stem + "e"
    else:
        soft = stem
    m = FR_STRESS_RE.search(stem)
    if "dbl" in conj:
        if not re.search(r"e[lt]$", stem):
            raise DataError(where, "dbl is for -eler/-eter verbs (appeler, jeter)")
        strongs, futs = [stem + stem[-1]], [stem + stem[-1] + "er"]
    elif stem.endswith(("oy", "uy")):
        strongs, futs = [stem[:-1] + "i"], [stem[:-1] + "ier"]
    elif stem.endswith("ay"):
        strongs, futs = [stem[:-1] + "i", stem], [stem[:-1] + "ier", v]
    elif m and m.group(1) == "e":
        strong = stem[:m.start()] + "è" + m.group(2)
        strongs, futs = [strong], [strong + "er"]
    elif m and m.group(1) == "é":
        strong = stem[:m.start()] + "è" + m.group(2)
        # répétera (classical) and répètera (1990 spelling) both occur
        strongs, futs = [strong], [v, strong + "er"]
    else:
        strongs, futs = [stem], [v]
    forms = [(v, INFINITIVE)]
    imp = [soft + "ais", soft + "ais", soft + "ait", stem + "ions", stem + "iez",
           soft + "aient"]
    forms.extend(zip(imp, PERSONS))
    ps = [soft + "ai", soft + "as", soft + "a", soft + "âmes", soft + "âtes",
          stem + "èrent"]
    forms.extend(zip(ps, PERSONS))
    forms.append((soft + "ât", FINITE | SG3))
    for f in futs:
        forms.extend(zip(fr_six(f, ["ai", "as", "a", "ons", "ez", "ont"]), PERSONS))
        forms.extend(zip(fr_six(f, ["ais", "ais", "ait", "ions", "iez", "aient"]), PERSONS))
    forms.extend(fr_participles(stem + "é"))
    forms.append((soft + "ant", GERUND))
    for strong in strongs:
        pres = [strong + "e", strong + "es", strong + "e", soft + "ons",
                stem + "ez", strong + "ent"]
        subj = [strong + "e", strong + "es", strong + "e", stem + "ions",
                stem + "iez", strong + "ent"]
        forms.extend(zip(pres, PERSONS))
        forms.extend(zip(subj, PERSONS))
    return forms


def fr_second_group(v):
    """Regular -ir verbs (avertir: avertit, avertissait, averti)."""
    s = v[:-2]
    forms = []
    pres = fr_six(s, ["is", "is", "it", "issons", "issez", "issent"])
    subj = fr_six(s, ["isse", "isses", "isse", "issions", "issiez", "issent"])
    fr_tenses(forms, v, pres, s + "iss", s + "is", [v], subj, s + "i",
              s + "issant", None)
    return forms


def fr_irregular(v, parts, where):
    """Verbs given by principal parts (directly or through a model)."""
    if "pres" not in parts or "pp" not in parts or "ps" not in parts:
        raise DataError(where, f"'{v}' is irregular: it needs pres=, ps= and pp= "
                        "(or like=MODEL)")
    pres = parts["pres"]
    if len(pres) != 6:
        raise DataError(where, "pres= needs six comma-separated forms")
    imp = parts.get("imp")
    if imp is None:
        if not pres[3].endswith("ons"):
            raise DataError(where, "pres 1pl does not end in -ons: give imp=")
        imp = pres[3][:-3]
    subj_stem = parts.get("subj")
    if subj_stem is None:
        if not pres[5].endswith("ent"):
            raise DataError(where, "pres 3pl does not end in -ent: give subj=")
        subj_stem = pres[5][:-3]
    subj = [subj_stem + "e", subj_stem + "es", subj_stem + "e", imp + "ions",
            imp + "iez", subj_stem + "ent"]
    fut = parts.get("fut") or (v[:-1] if v.endswith("re") else v)
    ger = parts.get("ger") or imp + "ant"
    forms = []
    fr_tenses(forms, v, pres, imp, parts["ps"], [fut], subj, parts["pp"], ger, where)
    return forms


def fr_parts(v, conj, paradigms, where):
    """The principal parts of v: its model's, prefixed, then its own."""
    parts = {}
    if "like" in conj:
        model = paradigms.get(conj["like"])
        if model is None:
            raise DataError(where, f"unknown model like={conj['like']}")
        ending, mparts = model
        if not v.endswith(ending):
            raise DataError(where, f"'{v}' does not end in '{ending}' (like={conj['like']})")
        prefix = v[:len(v) - len(ending)]
        for k, val in mparts.items():
            parts[k] = [prefix + x for x in val] if isinstance(val, list) else prefix + val
    for k in ("pres", "imp", "ps", "fut", "pp", "ger", "subj"):
        if k in conj:
            parts[k] = conj[k].split(",") if k == "pres" else conj[k]
    return parts


def fr_verb_forms(v, conj, paradigms, where):
    parts = fr_parts(v, conj, paradigms, where)
    if parts:
        forms = fr_irregular(v, parts, where)
    elif v.endswith("er"):
        forms = fr_first_group(v, conj, where)
    elif v.endswith("ir"):
        forms = fr_second_group(v)
    else:
        raise DataError(where, f"'{v}' is not an -er or -ir verb: give like= or its parts")
    hat = max(v.rfind("î"), v.rfind("û"))
    if hat >= 0:
        # The 1990 spelling drops the stem's circumflex (reconnait,
        # enchainer), not the one of the passé simple endings (reconnûmes).
        plain = v[:hat] + {"î": "i", "û": "u"}[v[hat]]
        forms += [(plain + f[hat + 1:], b) for f, b in forms if f[:hat + 1] == v[:hat + 1]]
    return forms


def fr_noun_plural(n):
    if n.endswith(("s", "x", "z")):
        return n
    if n.endswith(("au", "eu", "œu")):
        return n + "x"
    if n.endswith("al"):
        return n[:-2] + "aux"
    return n + "s"


# ---------------------------------------------------------------------------
# English inflection

EN_CONJ_KEYS = {"past": True, "pp": True, "ing": True, "s3": True,
                "dbl": False, "nodbl": False, "skip": True, "pl": True}
EN_VOWELS = "aeiou"


def en_doubles(v, conj):
    """Whether the final consonant doubles (admit -> admitted, slam -> slammed).
    Polysyllables are marked dbl in the data; monosyllables are computed."""
    if "dbl" in conj:
        return True
    if "nodbl" in conj or v[-1] in EN_VOWELS + "wxy":
        return False
    w = v.replace("qu", "qw")  # the u of quip is a consonant
    groups = re.findall(r"[aeiou]+", w)
    return len(groups) == 1 and len(groups[0]) == 1 and w[-2] in EN_VOWELS


def en_verb_forms(v, conj):
    if v.endswith(("s", "x", "z", "ch", "sh", "o")):
        s3 = v + "es"
    elif v.endswith("y") and v[-2] not in EN_VOWELS:
        s3 = v[:-1] + "ies"
    else:
        s3 = v + "s"
    dbl = en_doubles(v, conj)
    if v.endswith("e"):
        ed = v + "d"
    elif v.endswith("y") and v[-2] not in EN_VOWELS:
        ed = v[:-1] + "ied"
    elif dbl:
        ed = v + v[-1] + "ed"
    else:
        ed = v + "ed"
    if v.endswith("ie"):
        ing = v[:-2] + "ying"
    elif v.endswith("e") and not v.endswith(("ee", "ye", "oe")):
        ing = v[:-1] + "ing"
    elif dbl:
        ing = v + v[-1] + "ing"
    else:
        ing = v + "ing"
    s3 = conj.get("s3", s3)
    past = conj.get("past", ed)
    pp = conj.get("pp", past)
    ing = conj.get("ing", ing)
    forms = [(v, INFINITIVE | FINITE | PLURAL), (s3, FINITE | SG3), (ing, GERUND)]
    forms += [(p, FINITE | SG3 | PLURAL) for p in past.split(",")]
    forms += [(p, PARTICIPLE) for p in pp.split(",")]
    return forms


def en_noun_plural(n):
    if n.endswith(("s", "x", "z", "ch", "sh")):
        return n + "es"
    if n.endswith("y") and n[-2] not in EN_VOWELS:
        return n[:-1] + "ies"
    return n + "s"


# ---------------------------------------------------------------------------
# Cue lemmas

class Lemma:
    def __init__(self, where, text, cls, frames, is_noun, conj):
        self.where, self.text, self.cls = where, text, cls
        self.frames, self.is_noun, self.conj = frames, is_noun, conj
        self.forms = []  # (surface text, bits); surface may hold spaces


def load_paradigms(path):
    paradigms = {}
    if not os.path.exists(path):
        return paradigms
    for where, f in read_tsv(path, ["model", "ending", "conj"], 3):
        model, ending = fold(f[0]), fold(f[1])
        if model in paradigms:
            raise DataError(where, f"duplicate model '{model}'")
        if not model.endswith(ending):
            raise DataError(where, f"model '{model}' does not end in '{ending}'")
        conj = parse_conj(f[2], where, FR_PARADIGM_KEYS)
        parts = {k: (v.split(",") if k == "pres" else v) for k, v in conj.items()}
        if "pres" in parts and len(parts["pres"]) != 6:
            raise DataError(where, "pres= needs six comma-separated forms")
        # Inflecting the model itself checks the parts before any use.
        full = {k: ([model[:-len(ending)] + x for x in v] if isinstance(v, list)
                    else model[:-len(ending)] + v) for k, v in parts.items()}
        fr_irregular(model, full, where)
        paradigms[model] = (ending, parts)
    return paradigms


def inflect(lang, lem, paradigms):
    words = lem.text.split(" ")
    where = lem.where
    if lem.is_noun:
        if lang == "fr":
            # head-inflecting: conférences de presse, mises en garde
            plural = " ".join([fr_noun_plural(words[0])] + words[1:])
        else:
            # tail-inflecting: press releases, news conferences
            plural = " ".join(words[:-1] + [en_noun_plural(words[-1])])
        if "pl" in lem.conj:
            plural = lem.conj["pl"]
        forms = [(lem.text, NOUN)] + [(p.strip(), NOUN | PLURAL) for p in plural.split(",")]
        for p, _ in forms:
            if len(p.split(" ")) != len(words):
                raise DataError(where, f"plural '{p}' has another word count")
        return forms
    if "pl" in lem.conj:
        raise DataError(where, "pl= is for nouns")
    if lang == "fr":
        if words[0] in ("se", "s'en", "s'y") and len(words) > 1:
            verb, rest = words[1], words[2:]
        elif words[0].startswith("s'"):
            verb, rest = words[0][2:], words[1:]
        else:
            verb, rest = words[0], words[1:]
        forms = fr_verb_forms(verb, lem.conj, paradigms, where)
    else:
        verb, rest = words[0], words[1:]
        forms = en_verb_forms(verb, lem.conj)
    if rest:
        tail = " ".join(split_elisions(w) for w in rest)
        forms = [(f + " " + tail, b) for f, b in forms]
    return forms


# The tokenizer (src/tokens.c) ends a token after a French elided word, so
# "à l'ordre" is three tokens: à, l', ordre.
ELISION_RE = re.compile(r"^(l|d|j|m|n|s|t|c|qu|lorsqu|puisqu|jusqu|quoiqu|presqu|quelqu)'(?=.)")


def split_elisions(word):
    m = ELISION_RE.match(word)
    return m.group(0) + " " + split_elisions(word[m.end():]) if m else word


def load_cues(lang, path, paradigms):
    allowed = FR_CONJ_KEYS if lang == "fr" else EN_CONJ_KEYS
    lemmas, seen = [], {}
    for where, f in read_tsv(path, ["lemma", "class", "frames", "conj"], 3):
        text = fold(f[0])
        if re.search(r"\s{2,}|^\s|\s$", text):
            raise DataError(where, f"lemma '{text}' has stray spaces")
        for w in text.split(" "):
            check_word(w, where, "lemma word")
        cls = f[1]
        if cls not in CLASSES:
            raise DataError(where, f"unknown class '{cls}' (known: "
                            + ", ".join(CLASSES) + ")")
        frames, is_noun = 0, False
        for fr in f[2].split(","):
            fr = fr.strip()
            if fr == NOUN_FRAME:
                is_noun = True
            elif fr in FRAMES:
                if frames & FRAMES[fr]:
                    raise DataError(where, f"frame '{fr}' given twice")
                frames |= FRAMES[fr]
            else:
                raise DataError(where, f"unknown frame '{fr}' (known: "
                                + ", ".join(list(FRAMES) + [NOUN_FRAME]) + ")")
        conj = parse_conj(f[3] if len(f) > 3 else "", where, allowed)
        if is_noun and set(conj) - {"pl", "skip"}:
            raise DataError(where, "a noun takes only pl= and skip=")
        key = (text, is_noun)
        if key in seen:
            raise DataError(where, f"duplicate lemma '{text}' (first at {seen[key]})")
        seen[key] = where
        lem = Lemma(where, text, cls, frames, is_noun, conj)
        forms = inflect(lang, lem, paradigms)
        skip = set(x.strip() for x in conj.get("skip", "").split(",") if x.strip())
        surfaces = {s for s, _ in forms}
        for s in skip:
            if s not in surfaces:
                raise DataError(where, f"skip={s}: no such form")
        merged = {}
        for s, b in forms:
            if s in skip:
                continue
            for w in s.split(" "):
                check_word(w, where, f"generated form '{s}'")
            merged[s] = merged.get(s, 0) | b
        lem.forms = sorted(merged.items())
        lemmas.append(lem)
    return lemmas


# ---------------------------------------------------------------------------
# Word sets

def load_adverbs(path):
    """Adverbs and adverbial phrases ("pour sa part", ", lui ,"): each line
    one phrase of space-separated tokens, an elided word keeping its
    apostrophe (d' abord).  The set maps a first word to 1 when it is an
    adverb alone and 2 when longer phrases start with it, and holds the
    word after the comma of ", lui ," phrases; the phrases go to
    a list, longest first, for the matcher in src/cues.c."""
    words, phrases, seen = {}, [], {}
    for where, f in read_tsv(path, ["phrase"], 1):
        toks = fold(f[0]).split(" ")
        for t in toks:
            if t != ",":
                check_word(t, where)
        phrase = " ".join(toks)
        if phrase in seen:
            raise DataError(where, f"duplicate phrase '{phrase}' (first at {seen[phrase]})")
        seen[phrase] = where
        if toks[0] != ",":
            words[toks[0]] = words.get(toks[0], 0) | (1 if len(toks) == 1 else 2)
        elif len(toks) > 1:
            # the word after the comma is in the set too (value 0 if it is
            # nothing else): most commas are followed by no such word, and
            # the matcher then need not try the comma's phrases
            words.setdefault(toks[1], 0)
        if len(toks) > 1:
            phrases.append(phrase)
    phrases.sort(key=lambda p: (-p.count(" "), p))
    # Grouped by first word, longest first within each group, so that the
    # matcher tries only the phrases that can start at a token: group 0 is
    # those that start with a comma, and a first word's set value carries
    # its group in bits 2 and up.
    groups = {",": []}
    for ph in phrases:
        groups.setdefault(ph.split(" ")[0], []).append(ph)
    if len(groups) > 31:
        raise DataError(path, f"{len(groups)} first words of phrases (31 at most)")
    flat, starts = [], []
    for g, first in enumerate(groups):
        if first != ",":
            words[first] |= g << 2
        starts.append(len(flat))
        flat += groups[first] + [None]
    return words, (flat, starts)


def load_set(name, path):
    entries, seen = {}, {}
    for where, f in read_tsv(path, ["word", "value"], 1):
        word = fold(f[0])
        if name in MULTIWORD_SETS:
            for part in word.split(" "):
                check_word(part, where)
        else:
            check_word(word, where)
        if len(f) > 1:
            if not re.fullmatch(r"\d+", f[1]):
                raise DataError(where, f"value '{f[1]}' is not a small integer")
            value = int(f[1])
        else:
            value = 1
        if name in GENDER_SETS and value not in GENDER_VALUES:
            raise DataError(where, f"value {value} is not a gender (0, 1, 2, +4 plural)")
        if name == "source_preps" and (value & ~PREP_WEAK) > 8:
            raise DataError(where, "a preposition skips at most 8 words")
        if value > 0xFFFF:
            raise DataError(where, "value too large")
        if word in seen:
            raise DataError(where, f"duplicate word '{word}' (first at {seen[word]})")
        seen[word] = where
        entries[word] = value
    if name in MULTIWORD_SETS:
        # the first word of a name of several words, with value 0 when it is
        # no entry itself: the C side looks the whole name up only then
        for key in [k for k in entries if " " in k]:
            entries.setdefault(key.split(" ")[0], 0)
    return entries


# ---------------------------------------------------------------------------
# C output

class Pool:
    """Every key and lemma, NUL-terminated, in one char array; identical
    strings are stored once."""

    def __init__(self):
        self.offsets, self.data = {}, bytearray()

    def add(self, s):
        if s not in self.offsets:
            self.offsets[s] = len(self.data)
            self.data += s.encode() + b"\0"
        return self.offsets[s]


def build_table(keys):
    """keys: list of (key, value, count), sorted.  Open addressing, linear
    probing, a power-of-two size with load <= 0.5."""
    size = 4
    while size < 2 * len(keys):
        size *= 2
    if len(keys) >= 0xFFFF:
        raise DataError("generator", "table too large for 16-bit slots")
    slots = [0] * size
    longest = 0
    for i, (key, _, _) in enumerate(keys):
        h = lex_hash(key.encode()) & (size - 1)
        probes = 1
        while slots[h]:
            h = (h + 1) & (size - 1)
            probes += 1
        slots[h] = i + 1
        longest = max(longest, probes)
    return slots, longest


def c_string(data: bytes, width=72):
    """data as C string literal lines, with octal escapes for non-ASCII
    (three digits, so the next character is never swallowed)."""
    lines, cur = [], ""
    for b in data:
        if b == 0:
            piece = "\\0"
        elif b in (0x22, 0x5C):
            piece = "\\" + chr(b)
        elif 0x20 <= b < 0x7F and b != 0x3F:  # '?' could start a trigraph
            piece = chr(b)
        else:
            piece = "\\%03o" % b
        cur += piece
        if b == 0 and len(cur) >= width:
            lines.append('"' + cur + '"')
            cur = ""
    if cur:
        lines.append('"' + cur + '"')
    return lines


def emit_numbers(out, nums, per_line=16):
    for i in range(0, len(nums), per_line):
        out.append("  " + ", ".join(str(n) for n in nums[i:i + per_line]) + ",")


class LangTables:
    def __init__(self, lang):
        self.lang = lang
        self.lemmas = []
        self.sets = {}
        self.adverb_phrases = ([], [])


def compile_cues(lt, warn):
    """Surface form -> (lemma, bits); phrases by their first word."""
    single, phrases = {}, {}
    for lem in lt.lemmas:
        for surface, bits in lem.forms:
            words = surface.split(" ")
            table = single if len(words) == 1 else phrases
            key = surface
            prev = table.get(key)
            if prev is None:
                table[key] = [lem, bits]
            elif prev[0] is lem:
                prev[1] |= bits
            elif prev[0].cls == lem.cls and (prev[0].is_noun != lem.is_noun
                                             or prev[0].frames == lem.frames):
                # A noun and a verb of one family (annonce n. and annonce
                # v.; claim, claim), or two spellings of one verb (asséner,
                # assener): one word with both readings, not a conflict.
                prev[1] |= bits
            else:
                warn(f"{lem.where}: form '{surface}' of '{lem.text}' already "
                     f"belongs to '{prev[0].text}' ({prev[0].where}); kept the first")
    return single, phrases


def generate(langs, out_path):
    pool = Pool()
    out = ["/* Generated by tools/gen_lexicon.py from the files of data/: do not edit.",
           " * Tables are open-addressed with linear probing on dx_word_hash (see",
           " * lexicon_tables.h); every size is a power of two, load <= 0.5. */",
           '#include "lexicon_tables.h"', ""]
    body, stats = [], []
    any_filter = [0] * (FILTER_BITS // 32)  # the OR of the languages' filters

    for lang in sorted(langs):
        lt = langs[lang]
        warnings = []
        single, phrases = compile_cues(lt, warnings.append)
        for w in warnings:
            print("gen_lexicon: warning: " + w, file=sys.stderr)
        # cue forms: one record per (lemma, bits), shared by surface forms
        records, rec_index = [], {}

        def record(lem, bits):
            k = (lem.text, lem.is_noun, bits)
            if k not in rec_index:
                rec_index[k] = len(records)
                records.append((lem, bits))
            return rec_index[k]

        keys = []
        for surface in sorted(single):
            lem, bits = single[surface]
            keys.append((surface, record(lem, bits), 0))
        if len(records) > 0xFFFF:
            raise DataError("generator", "too many cue forms for 16-bit values")
        p = f"{lang}_cue"
        slots, longest = build_table(keys)
        body.append(f"static const dx_cue_form {p}_forms[{max(len(records), 1)}] = {{")
        for lem, bits in records:
            body.append(f"  {{dx_lex_pool + {pool.add(lem.text)}, {CLASSES[lem.cls]}, "
                        f"0x{lem.frames:02x}, 0x{bits:02x}}}, /* {ascii_comment(lem.text)} */")
        if not records:
            body.append("  {0, 0, 0, 0}")
        body.append("};")
        emit_table(body, p, keys, slots, pool)
        stats.append(f"{lang}: {len(lt.lemmas)} cue lemmas, {len(keys)} single-word forms "
                     f"in {len(slots)} slots (longest probe {longest})")
        # phrases: head word -> run of (lemma, bits, rest), longest rest first
        runs = {}
        for surface, (lem, bits) in phrases.items():
            head, rest = surface.split(" ", 1)
            runs.setdefault(head, []).append((lem, bits, rest))
        plist, pkeys = [], []
        for head in sorted(runs):
            run = sorted(runs[head], key=lambda r: (-r[2].count(" "), r[2], r[0].text))
            if len(run) > 255:
                raise DataError("generator", f"too many phrases start with '{head}'")
            pkeys.append((head, len(plist), len(run)))
            plist.extend(run)
        if len(plist) > 0xFFFF:
            raise DataError("generator", "too many phrase forms for 16-bit values")
        p = f"{lang}_phrase"
        pslots, plongest = build_table(pkeys)
        body.append(f"static const dx_cue_phrase {p}_list[{max(len(plist), 1)}] = {{")
        for lem, bits, rest in plist:
            body.append(f"  {{{{dx_lex_pool + {pool.add(lem.text)}, {CLASSES[lem.cls]}, "
                        f"0x{lem.frames:02x}, 0x{bits:02x}}}, dx_lex_pool + {pool.add(rest)}, "
                        f"{rest.count(' ') + 1}}}, /* {ascii_comment(lem.text)} */")
        if not plist:
            body.append("  {{0, 0, 0, 0}, 0, 0}")
        body.append("};")
        emit_table(body, p, pkeys, pslots, pool)
        nphr = sum(1 for lem in lt.lemmas if " " in lem.text)
        stats.append(f"{lang}: {nphr} multiword lemmas, {len(plist)} phrase forms under "
                     f"{len(pkeys)} first words in {len(pslots)} slots (longest probe {plongest})")
        set_tables = []
        for name in SETS:
            entries = lt.sets[name]
            skeys = [(w, entries[w], 0) for w in sorted(entries)]
            sslots, slongest = build_table(skeys)
            emit_table(body, f"{lang}_{name}", skeys, sslots, pool)
            set_tables.append(f"{lang}_{name}")
            stats.append(f"{lang}: {name}: {len(skeys)} words in {len(sslots)} slots "
                         f"(longest probe {slongest})")
        # One record per word that any table knows, so that a token is
        # looked up once and every later question is an array read.
        words = {}
        for key, rec, _ in keys:
            words.setdefault(key, {})["cue"] = rec + 1
        for head, first, count in pkeys:
            words.setdefault(head, {})["phrase"] = (first, count)
        for si, name in enumerate(SETS):
            for w, v in lt.sets[name].items():
                if not -128 <= v <= 127:
                    raise DataError("generator", f"{lang}/{name}: value {v} does not fit a byte")
                words.setdefault(w, {}).setdefault("sets", {})[si] = v
        # the first words of the source prepositions: d' of d'après, comme
        openers = set(PREP_OPENERS.get(lang, []))
        for w in lt.sets["source_preps"]:
            pieces = split_elisions(w).split(" ")
            if len(pieces) > 1:
                openers.add(pieces[0])
        via_openers = set(VIA_OPENERS.get(lang, []))
        relayed = set(RELAYED_FORMS.get(lang, []))
        aux, preps = SETS.index("auxiliaries"), SETS.index("source_preps")
        adverbs = SETS.index("adverbs")
        nations = SETS.index("nationalities")
        wkeys, winfo, wbits, nbits = [], [], [0], [0]  # [0]: no record
        for w in sorted(words):
            info = words[w]
            wkeys.append((w, len(winfo), 0))
            sets_of = info.get("sets", {})
            phrase = info.get("phrase", (0, 0))[1] > 0
            form = records[info["cue"] - 1][1] if "cue" in info else 0
            wbits.append((WORD_CUE if "cue" in info or phrase else 0)
                         | (WORD_AUXILIARY if sets_of.get(aux, -1) not in (-1, AUX_BE) else 0)
                         | (WORD_SOURCE if sets_of.get(preps, -1) >= 0 or w in openers else 0)
                         | (WORD_PHRASE if phrase else 0)
                         | (WORD_CUE_ALONE if form & (FINITE | GERUND) else 0)
                         | (WORD_VIA if w in via_openers else 0)
                         | (WORD_RELAYED if w in relayed else 0)
                         | (WORD_ADVERB if sets_of.get(adverbs, -1) >= 0 else 0))
            nbits.append(sum(bit for name, bit in NAME_SET_BITS.items()
                             if sets_of.get(SETS.index(name), -1) >= 0)
                         | (NAME_NATION if sets_of.get(nations, -1) > 0 else 0))
            sets = [info.get("sets", {}).get(i, -1) for i in range(len(SETS))]
            first, count = info.get("phrase", (0, 0))
            winfo.append("  {{" + ", ".join(str(v) for v in sets) + "}, "
                         f"{info.get('cue', 0)}, {first}, {count}}},")
        p = f"{lang}_word"
        wslots, wlongest = build_table(wkeys)
        # a bit for each hash value (mod the filter's size) that some word
        # has: most words of a text are in no table, and one bit in a small
        # array says so without a probe of the large one
        bits = [0] * (FILTER_BITS // 32)
        for w, _, _ in wkeys:
            h = lex_hash(w.encode()) >> 8  # the low bits pick the slot
            bits[(h % FILTER_BITS) // 32] |= 1 << (h % 32)
        body.append(f"static const uint32_t {p}_filter[{FILTER_BITS // 32}] = {{")
        emit_numbers(body, bits, per_line=8)
        body.append("};")
        any_filter = [a | b for a, b in zip(any_filter, bits)]
        body.append(f"static const dx_word_info {p}_info[{max(len(winfo), 1)}] = {{")
        body += winfo or ["  {{0}, 0, 0, 0}"]
        body.append("};")
        body.append(f"static const uint8_t {p}_bits[{len(wbits)}] = {{")
        emit_numbers(body, wbits, per_line=32)
        body.append("};")
        body.append(f"static const uint8_t {lang}_name_bits[{len(nbits)}] = {{")
        emit_numbers(body, nbits, per_line=32)
        body.append("};")
        emit_table(body, p, wkeys, wslots, pool)
        stats.append(f"{lang}: {len(wkeys)} distinct words in {len(wslots)} slots "
                     f"(longest probe {wlongest})")
        flat, starts = lt.adverb_phrases
        body.append(f"static const char *const {lang}_adverb_phrases[] = {{")
        for ph in flat:
            body.append(f"  dx_lex_pool + {pool.add(ph)}," if ph is not None else "  0,")
        body.append("};")
        body.append(f"static const uint16_t {lang}_adverb_groups[] = {{")
        emit_numbers(body, starts)
        body.append("};")
        body.append(f"const dx_lex_lang {LANGS[lang]} = {{")
        body.append(f"  {table_ref(lang + '_cue')}, {lang}_cue_forms,")
        body.append(f"  {table_ref(lang + '_phrase')}, {lang}_phrase_list,")
        body.append("  {" + ",\n   ".join(table_ref(t) for t in set_tables) + "},")
        body.append(f"  {len(lt.lemmas)},")
        body.append(f"  {table_ref(lang + '_word')}, {lang}_word_info, {lang}_word_bits, "
                    f"{lang}_name_bits, {lang}_word_filter,")
        body.append(f"  {lang}_adverb_phrases, {lang}_adverb_groups, {len(starts)}")
        body.append("};")
        body.append("")
    out += body
    # the tokenizer looks words up before the language is known: one
    # filter for all languages answers "in no table" with a single load
    out.append(f"const uint32_t dx_lex_any_word_filter[{FILTER_BITS // 32}] = {{")
    emit_numbers(out, any_filter, per_line=8)
    out.append("};")
    out.append("")
    out.append(f"/* {len(pool.data)} bytes of keys and lemmas */")
    out.append("const char dx_lex_pool[] =")
    out += ["  " + line for line in c_string(bytes(pool.data))]
    out[-1] += ";"
    out.append("")
    text = "\n".join(out)
    tmp = out_path + ".tmp"
    d = os.path.dirname(out_path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    os.replace(tmp, out_path)
    return stats


def ascii_comment(s):
    return s.encode("ascii", "backslashreplace").decode().replace("*/", "* /")


def table_ref(p):
    return (f"{{{p}_slots, {p}_entries, sizeof {p}_slots / sizeof {p}_slots[0] - 1, "
            f"sizeof {p}_entries / sizeof {p}_entries[0]}}")


def emit_table(body, p, keys, slots, pool):
    body.append(f"static const dx_lex_entry {p}_entries[{max(len(keys), 1)}] = {{")
    for key, value, count in keys:
        body.append(f"  {{{pool.add(key)}, {value}, {len(key.encode())}, {count}}},")
    if not keys:
        body.append("  {0, 0, 0, 0}")
    body.append("};")
    # each slot carries its key's hash and length, so that a probe that
    # misses reads nothing but the slot
    body.append(f"static const dx_lex_slot {p}_slots[{len(slots)}] = {{")
    cells = []
    for sl in slots:
        if sl:
            key = keys[sl - 1][0].encode()
            cells.append(f"{{{lex_hash(key)}u, {sl}, {len(key)}}}")
        else:
            cells.append("{0, 0, 0}")
    for i in range(0, len(cells), 6):
        body.append("  " + ", ".join(cells[i:i + 6]) + ",")
    body.append("};")


# ---------------------------------------------------------------------------

def load(data_dir):
    langs = {}
    for lang in sorted(os.listdir(data_dir)):
        ldir = os.path.join(data_dir, lang)
        if not os.path.isdir(ldir):
            continue
        if lang not in LANGS:
            raise DataError(ldir, f"unknown language '{lang}' (known: {', '.join(LANGS)})")
        known = {"cues.tsv", "paradigms.tsv"} | {s + ".tsv" for s in SETS}
        for name in sorted(os.listdir(ldir)):
            if name.endswith(".tsv") and name not in known:
                raise DataError(os.path.join(ldir, name), "unknown data file (a typo?)")
        lt = LangTables(lang)
        paradigms = load_paradigms(os.path.join(ldir, "paradigms.tsv"))
        if paradigms and lang != "fr":
            raise DataError(os.path.join(ldir, "paradigms.tsv"), "models are French only")
        path = os.path.join(ldir, "cues.tsv")
        if not os.path.exists(path):
            raise DataError(path, "missing")
        lt.lemmas = load_cues(lang, path, paradigms)
        for name in SETS:
            path = os.path.join(ldir, name + ".tsv")
            if not os.path.exists(path):
                raise DataError(path, "missing")
            if name == "adverbs":
                lt.sets[name], lt.adverb_phrases = load_adverbs(path)
            else:
                lt.sets[name] = load_set(name, path)
        langs[lang] = lt
    for lang in LANGS:
        if lang not in langs:
            raise DataError(os.path.join(data_dir, lang), "missing language directory")
    return langs


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = [a for a in argv[1:] if a.startswith("--")]
    if len(args) != 2 or set(flags) - {"--dump", "--stats"}:
        print("usage: gen_lexicon.py DATA_DIR OUTPUT.c [--dump] [--stats]", file=sys.stderr)
        return 2
    try:
        langs = load(args[0])
        stats = generate(langs, args[1])
    except DataError as e:
        print(f"gen_lexicon: error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"gen_lexicon: error: {e}", file=sys.stderr)
        return 1
    if "--stats" in flags:
        for s in stats:
            print(s)
    if "--dump" in flags:
        for lang in sorted(langs):
            for lem in langs[lang].lemmas:
                print(f"{lang}\t{lem.text}\t" + " ".join(
                    f"{s}:{b:02x}" for s, b in lem.forms))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
