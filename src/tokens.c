/*
 * tokens.c — cuts the text into words, numbers, punctuation and paragraph
 * breaks, in one left-to-right pass.
 *
 * Apostrophes are the hard part: between two letters they belong to the
 * word (aujourd'hui, don't, Clinton's) except after a French elided article
 * or pronoun (l'Ukraine, qu'il), which ends its own token.  Any other
 * apostrophe or quote character is left as punctuation for marks.c to judge.
 */
#include <stdint.h>
#include <string.h>

#include "doc.h"
#include "text.h"

static int is_apostrophe(int32_t c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }

static int is_quote_char(int32_t c) {
  switch (c) {
  case '"': case '\'': case 0xAB: case 0xBB: case 0x2018: case 0x2019:
  case 0x201A: case 0x201B: case 0x201C: case 0x201D: case 0x201E:
  case 0x201F: case 0x2039: case 0x203A:
    return 1;
  default:
    return 0;
  }
}

static int is_hyphen(int32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }

/* French words that elide before a vowel: l', d', qu', jusqu'... */
static int is_elision_prefix(const char *s, size_t n) {
  static const char *const longer[] = {"lorsqu", "puisqu", "quoiqu", "presqu", "quelqu"};
  char low[8] = {0}; /* cppcheck cannot see that n >= 1 below */
  if (n == 0 || n > 6)
    return 0;
  for (size_t i = 0; i < n; i++)
    low[i] = (char)(s[i] | 0x20);
  switch (n) {
  case 1:
    return strchr("ldjmnstc", low[0]) != NULL;
  case 2:
    return low[0] == 'q' && low[1] == 'u';
  case 5:
    return memcmp(low, "jusqu", 5) == 0;
  case 6:
    for (size_t k = 0; k < sizeof longer / sizeof *longer; k++)
      if (memcmp(longer[k], low, 6) == 0)
        return 1;
    return 0;
  default:
    return 0;
  }
}

typedef struct cursor {
  const char *s;
  size_t len;
} cursor;

static int32_t peek(const cursor *c, size_t i, size_t *n) {
  if (i >= c->len) {
    *n = 0;
    return 0;
  }
  return dx_decode(c->s, c->len, i, n);
}

/* End of the word starting at i (a letter); sets *elided when it stops
 * after an elision apostrophe. */
static size_t scan_word(const cursor *c, size_t i, int *elided, int *allcaps, int *hyphen) {
  size_t n, start = i;
  int upper_only = 1;
  *elided = 0;
  *hyphen = 0;
  for (;;) {
    /* ASCII letters and digits, the bulk of most words, without decoding:
     * eight bytes at a time while they last, then byte by byte */
    while (i + 8 <= c->len) {
      uint64_t w;
      memcpy(&w, c->s + i, 8);
      const uint64_t H = 0x8080808080808080ull;
      uint64_t low = w | 0x2020202020202020ull; /* A-Z as a-z */
      uint64_t alpha = ((low + 0x1F1F1F1F1F1F1F1Full) & ~(low + 0x0505050505050505ull)) & H;
      uint64_t digit = ((w + 0x5050505050505050ull) & ~(w + 0x4646464646464646ull)) & H;
      uint64_t ok = (alpha | digit) & ~w & H; /* and ASCII */
      uint64_t lower = ((w + 0x1F1F1F1F1F1F1F1Full) & ~(w + 0x0505050505050505ull)) & ~w & H;
      uint64_t stop = ~ok & H;
      size_t take = stop ? (size_t)__builtin_ctzll(stop) / 8 : 8;
      uint64_t keep = take == 8 ? ~0ull : (((uint64_t)1 << (8 * take)) - 1);
      if (lower & keep)
        upper_only = 0;
      i += take;
      if (take < 8)
        break;
    }
    while (i < c->len) {
      unsigned char b = (unsigned char)c->s[i];
      if ((unsigned)((b | 0x20) - 'a') < 26u)
        upper_only &= b < 'a';
      else if ((unsigned)(b - '0') >= 10u)
        break;
      i++;
    }
    int32_t cp = peek(c, i, &n);
    if (n == 0)
      break;
    if (dx_is_letter(cp) || dx_is_digit(cp)) {
      if (dx_is_letter(cp) && !dx_is_upper(cp))
        upper_only = 0;
      i += n;
      continue;
    }
    size_t n2;
    int32_t next = peek(c, i + n, &n2);
    if (is_apostrophe(cp)) {
      if (is_elision_prefix(c->s + start, i - start)) {
        *elided = 1;
        i += n;
        break;
      }
      if (n2 && dx_is_letter(next)) {
        i += n;
        continue;
      }
      break;
    }
    if (is_hyphen(cp) && n2 && (dx_is_letter(next) || dx_is_digit(next))) { /* EB-5, COVID-19 */
      *hyphen = 1;
      i += n;
      continue;
    }
    break;
  }
  *allcaps = upper_only && i - start > 1;
  return i;
}

/* End of the number starting at i: digits with inner . , or no-break space
 * separators, and a letter suffix (1er, 2e, 10h30). */
static size_t scan_number(const cursor *c, size_t i) {
  const unsigned char *s = (const unsigned char *)c->s;
  size_t n;
  for (;;) {
    /* ASCII letters and digits, most of a number, need no decoding */
    while (i < c->len && ((unsigned)((s[i] | 0x20) - 'a') < 26u || (unsigned)(s[i] - '0') < 10u))
      i++;
    int32_t cp = peek(c, i, &n);
    if (n == 0)
      break;
    if (dx_is_digit(cp) || dx_is_letter(cp)) {
      i += n;
      continue;
    }
    size_t n2;
    int32_t next = peek(c, i + n, &n2);
    if ((cp == '.' || cp == ',' || cp == 0xA0 || cp == 0x202F) && n2 && dx_is_digit(next)) {
      i += n;
      continue;
    }
    break;
  }
  return i;
}

/* Words repeat (le, de, a, que, the names of the article) within a text
 * and from one text to the next.  Each word is looked up as it is folded,
 * while its bytes are at hand, in both languages at once, since the
 * language is judged later from the tokens themselves (dx_detect_lang).
 * The token keeps both in its sentence field, unused until then (a stage
 * run without dx_lookup_words(), as in the unit tests, sees no records);
 * dx_lookup_words() then moves the half of the language found to info.
 *
 * Many words of a text are in no table, and a filter (one bit per hash
 * value, the OR of both languages': one load) says so at once.  The
 * others, a few thousand distinct ones, are kept in a cache per thread,
 * across documents: a hit costs one compare of two 16-byte keys instead
 * of a probe of the large tables.  The cache is per thread (nothing
 * shared is mutable, so one extractor may serve many threads) and holds
 * only record numbers of the const tables, which never go stale.  Longer
 * words, a few percent, go straight to the tables.  8192 slots, 192 KB a
 * thread: the slots are read at random, from L2 whatever the size.
 *
 * A word's hash picks its home slot, the only one the tokenizer's loop
 * reads.  Words whose homes are the same, two frequent words of a text
 * among them, would evict each other there time after time: 2% of the
 * words on the bench corpus, where a probe of the tables, which miss the
 * caches, took more time than all the hits.  So the slots are grouped
 * in sets of WORD_WAYS, and a word evicted from its home goes to another
 * slot of its set, from where a miss at home takes it back (a swap, far
 * cheaper than a probe).  The probes fall from 2.3% of the words to the
 * first sight of each (0.05% on 20 MB of the bench corpus). */
enum { WORD_CACHE_BITS = 13, WORD_CACHE = 1 << WORD_CACHE_BITS, WORD_WAYS = 8, CACHED_MAX = 16 };

typedef struct cached_word {
  uint64_t k0, k1; /* the folded word, zero-padded; 0: empty */
  uint32_t both;   /* as dx_word_lookup_both() */
  uint8_t home;    /* where its hash puts it in its set (in the padding) */
} cached_word;

static _Thread_local cached_word word_cache[WORD_CACHE];

typedef struct word_lookup {
  const uint32_t *filter; /* both languages' at once: dx_word_filter_any() */
  cached_word *cache; /* this thread's: one TLS address computation a text */
} word_lookup;

/* dx_word_hash of a word of more than 16 bytes inside d->folded, which
 * is kept 8 bytes longer than the last word: whole 8-byte loads, the
 * bytes past the word masked off, where dx_word_hash assembles each chunk
 * byte by byte (it may not read past its key). */
static uint32_t hash_in_buffer(const char *s, size_t len) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t c0, c1;
  memcpy(&c0, s, 8);
  memcpy(&c1, s + 8, 8);
  uint64_t h = ((uint64_t)len * 0x9E3779B97F4A7C15ull ^ c0) * 0xFF51AFD7ED558CCDull ^
               c1 * 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 32;
  for (size_t i = 16; i < len; i += 8) {
    uint64_t chunk;
    memcpy(&chunk, s + i, 8);
    if (len - i < 8)
      chunk &= ((uint64_t)1 << (8 * (len - i))) - 1;
    h = (h ^ chunk) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  return (uint32_t)h;
#else
  return dx_word_hash(s, len);
#endif
}

/* A word of 1 to 16 bytes as a cache key: its bytes in two little-endian
 * chunks, padded with zeros (a folded word holds no NUL byte, so the key
 * tells its length too). */
typedef struct word_key {
  uint64_t k0, k1;
} word_key;

/* The key of the word w of len bytes, read whole from d->folded, which
 * has 16 readable bytes there: the bytes past the word are shifted out,
 * by under 64 bits.  Masks, not branches, on the length, which is as
 * random as the text: the first chunk keeps all of a word of 8 bytes or
 * more, the second none of a shorter one. */
static word_key key_of(const char *w, size_t len) {
  uint64_t longer = 0 - (uint64_t)(len > 8);
  unsigned past0 = (64 - 8 * (unsigned)len) & (0u - (len < 8));
  unsigned past1 = (128 - 8 * (unsigned)len) % 64;
  return (word_key){dx_load_le64(w) << past0 >> past0,
                    dx_load_le64(w + 8) << past1 >> past1 & longer};
}

/* dx_word_hash64 of a word of at most 16 bytes, from its key (whose
 * halves are the hash's two first chunks): the low half is the tables'
 * hash, the high half picks the cache slot.  The two multiplies are side
 * by side, whatever the word's length. */
static uint64_t key_hash(word_key k, size_t len) {
  uint64_t h = ((uint64_t)len * 0x9E3779B97F4A7C15ull ^ k.k0) * 0xFF51AFD7ED558CCDull ^
               k.k1 * 0xC4CEB9FE1A85EC53ull;
  return h ^ h >> 32;
}

/* Where the word evicted from a set's slot home goes: an empty slot, else
 * one that holds a word away from its own home, else one picked by the
 * bits r. */
static unsigned victim_slot(const cached_word *set, unsigned home, unsigned r) {
  unsigned away = WORD_WAYS;
  for (unsigned j = 0; j < WORD_WAYS; j++) {
    if (j == home)
      continue;
    if (set[j].k0 == 0)
      return j;
    if (set[j].home != j && away == WORD_WAYS)
      away = j;
  }
  return away < WORD_WAYS ? away : (home + 1 + r % (WORD_WAYS - 1)) % WORD_WAYS;
}

/* A miss at the word's home slot: the word from elsewhere in its set,
 * swapped home, or else the tables' answer, put there.  The key is made
 * again here, which keeps the call small. */
#if defined(__GNUC__)
__attribute__((noinline)) /* a few words in a hundred: kept out of the loop */
#endif
static uint32_t fill_cache(cached_word *cache, size_t slot, const char *w, size_t len) {
  word_key k = key_of(w, len);
  cached_word *set = cache + (slot & ~(size_t)(WORD_WAYS - 1));
  unsigned home = (unsigned)(slot % WORD_WAYS);
  cached_word was = set[home];
  for (unsigned j = 0; j < WORD_WAYS; j++)
    if (set[j].k0 == k.k0 && set[j].k1 == k.k1) {
      set[home] = set[j];
      set[j] = was;
      return set[home].both;
    }
  uint64_t h = key_hash(k, len);
  if (was.k0)
    set[victim_slot(set, home, (unsigned)(h >> 32))] = was;
  set[home] = (cached_word){k.k0, k.k1, dx_word_lookup_both(w, len, (uint32_t)h), (uint8_t)home};
  return set[home].both;
}

/* Both languages' record numbers of the folded word w of len bytes (1 to
 * CACHED_MAX), whose key is k (see dx_word_lookup_both).  Its slot is
 * read at random, often from beyond L1, but the load feeds only the
 * token's answer, on no chain from one word to the next: the out-of-order
 * core goes on with the next words' scan while it waits.  (Reading the
 * slot a word later, after a prefetch, was no faster on the bench
 * and kept five more values live across the tokenizer's loop.)  One
 * branch, seldom taken: whether a word passes the filter is as random as
 * the text, so a word that does not reads its slot for nothing and gets
 * 0 by a mask. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* once per word, in the tokenizer's loop */
#endif
static inline uint32_t cached_lookup(const word_lookup *lk, word_key k, const char *w,
                                     size_t len) {
  uint64_t h = key_hash(k, len);
  unsigned maybe = dx_word_filter_has(lk->filter, (uint32_t)h);
  size_t slot = h >> (64 - WORD_CACHE_BITS);
  cached_word *c = &lk->cache[slot];
  unsigned miss = ((c->k0 ^ k.k0) | (c->k1 ^ k.k1)) != 0;
  if (maybe & miss)
    return fill_cache(lk->cache, slot, w, len);
  return c->both & (0u - maybe);
}

/* The same for a word of the general path: the folded word w of len >= 1
 * bytes, which lies in d->folded with 16 readable bytes. */
static inline uint32_t lookup_folded(const word_lookup *lk, const char *w, size_t len) {
  if (len > CACHED_MAX)
    return dx_word_lookup_both(w, len, hash_in_buffer(w, len));
  return cached_lookup(lk, key_of(w, len), w, len);
}

enum { MAX_FOLDED = 64 }; /* longer words are in no table */

static void push(dx_doc *d, size_t start, size_t end, dx_tok_kind kind,
                 unsigned flags, int32_t cp) {
  dx_tok *t = DX_PUSH(d, d->tok, d->ntok, d->cap_tok);
  if (!t)
    return;
  *t = (dx_tok){.start = (uint32_t)start, .end = (uint32_t)end, .kind = (uint8_t)kind,
                .flags = (uint8_t)flags};
  if (kind != DX_TK_WORD) { /* a word's fields are set below, once folded */
    t->u.mark.cp = cp;
    t->u.mark.pair = -1;
  }
  if (kind != DX_TK_WORD || end - start >= MAX_FOLDED * 2)
    return;
  /* fold each word once; every later comparison reads this */
  if (d->nfolded + MAX_FOLDED + 8 > d->cap_folded &&
      dx_doc_reserve(d, (void **)&d->folded, &d->cap_folded, d->nfolded + MAX_FOLDED + 8, 1) < 0)
    return;
  char *out = d->folded + d->nfolded;
  size_t n = 0;
  /* ASCII eight bytes at a time: A-Z get their 0x20 bit (out has 8 bytes of
   * room past the word; the text is read only within its length) */
  while (n < end - start && n <= MAX_FOLDED - 8 && start + n + 8 <= d->len) {
    uint64_t w;
    memcpy(&w, d->text + start + n, 8);
    if (w & 0x8080808080808080ull)
      break;
    uint64_t ge_a = (w + 0x3F3F3F3F3F3F3F3Full) & 0x8080808080808080ull; /* >= 'A' */
    uint64_t gt_z = (w + 0x2525252525252525ull) & 0x8080808080808080ull; /* > 'Z' */
    w |= (ge_a & ~gt_z) >> 2;
    memcpy(out + n, &w, 8);
    n += 8;
  }
  if (n > end - start)
    n = end - start;
  while (n < end - start && n <= MAX_FOLDED && (unsigned char)d->text[start + n] < 0x80) {
    char b = d->text[start + n];
    out[n++] = (char)(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
  }
  if (n < end - start) /* accents, typographic apostrophes: the full fold */
    n = dx_fold_word(d->text + start, end - start, out, MAX_FOLDED + 1);
  if (n == 0 || n > MAX_FOLDED || d->nfolded > UINT32_MAX - MAX_FOLDED)
    return;
  t->u.word.fold = (uint32_t)d->nfolded;
  t->fold_len = (uint8_t)n;
  d->nfolded += n;
}

/* push() a word, looked up as it is folded. */
static void push_word(dx_doc *d, const word_lookup *lk, size_t start, size_t end,
                      unsigned flags) {
  size_t k = d->ntok;
  push(d, start, end, DX_TK_WORD, flags, 0);
  if (d->ntok > k && d->tok[k].fold_len) /* push() leaves 16 bytes readable */
    d->tok[k].sent = lookup_folded(lk, d->folded + d->tok[k].u.word.fold, d->tok[k].fold_len);
}

/* Sixteen bytes of text, one bit a byte (bit k: byte k), as the word
 * scanner sees them.  A letter is an ASCII letter or one of À-ÿ but × ÷,
 * which UTF-8 spells C3 80..BF: both of its bytes are letter bytes, and
 * a C3 in the last byte, whose second byte is past the block, is not. */
typedef struct letter_block {
  unsigned letter;      /* the bytes of letters */
  unsigned lower;       /* a-z, and the second byte of ß-ÿ (lower case already) */
  unsigned c3_last;     /* 1 when the last byte is C3: a letter may go on there */
  unsigned first_upper; /* 1 when the first letter is upper case (A-Z, À-Þ) */
  unsigned space;       /* the spaces (' '), where the next word's start is
                           read without waiting for a load of the byte */
} letter_block;

enum { BLOCK = 16 };
/* ascii_word()'s words, of under BLOCK bytes and an apostrophe, are all
 * looked up through the cache */
_Static_assert((int)BLOCK <= (int)CACHED_MAX, "tokens.c: a fast-path word fits a cache key");

#if defined(__SSE2__)
#include <emmintrin.h>

/* Classifies the BLOCK bytes at p and writes them folded to out (A-Z and
 * À-Þ get their 0x20 bit, as dx_fold_word does): one compare a class for
 * the sixteen bytes, where a byte loop would branch on each. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* once per word: its constants stay in registers */
#endif
static inline letter_block classify_block(const unsigned char *p, char *out) {
  __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
  /* signed compares, after an add that moves the range wanted to the
   * bottom of the signed bytes, -128 and up */
  __m128i v20 = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* A-Z as a-z */
  __m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(v20, _mm_set1_epi8((char)(0x80 - 'a'))),
                                 _mm_set1_epi8(-128 + 26));
  __m128i upper = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - 'A'))),
                                 _mm_set1_epi8(-128 + 26));
  __m128i c3 = _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC3));
  /* 80..BF are the signed bytes below -64; × (97) and ÷ (B7) differ by
   * the 0x20 bit, so one compare of v20 finds both */
  __m128i tail = _mm_andnot_si128(_mm_cmpeq_epi8(v20, _mm_set1_epi8((char)0xB7)),
                                  _mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
  /* À-Þ: 80..9E (-128..-98) after a C3.  Folded whether or not the pair
   * is a letter: a byte that is not is past the word's end, scratch. */
  __m128i second_upper = _mm_and_si128(_mm_slli_si128(c3, 1),
                                       _mm_cmplt_epi8(v, _mm_set1_epi8(-97)));
  __m128i upper_v = _mm_or_si128(upper, second_upper);
  _mm_storeu_si128((__m128i *)(void *)out,
                   _mm_add_epi8(v, _mm_and_si128(upper_v, _mm_set1_epi8(0x20))));
  /* the pairs: a C3 followed by a letter's tail leads a letter (the
   * last byte has no next, and leads none).  The letters' mask, which
   * the next word's start waits for, is taken in one move from the
   * vector; the other masks are not waited for. */
  __m128i lead_v = _mm_and_si128(c3, _mm_srli_si128(tail, 1));
  unsigned letter = (unsigned)_mm_movemask_epi8(
      _mm_or_si128(alpha, _mm_or_si128(lead_v, _mm_slli_si128(lead_v, 1))));
  unsigned up = (unsigned)_mm_movemask_epi8(upper_v);
  unsigned lead = (unsigned)_mm_movemask_epi8(lead_v);
  /* a second byte is upper case in up only when its lead is in the first
   * byte's place: up's bit 1 may be an ASCII letter's too */
  return (letter_block){letter, letter & ~(lead | up),
                        (unsigned)_mm_movemask_epi8(c3) >> (BLOCK - 1),
                        (up | (up >> 1 & lead)) & 1,
                        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')))};
}

#if defined(__x86_64__)
/* The key (see key_of) of the word of n < BLOCK bytes whose block
 * classify_block() has just stored folded at out: the same sixteen bytes
 * loaded whole (the store forwards them as they are, where two 8-byte
 * loads of a 16-byte store may wait for it to reach the cache) and the
 * bytes past the word masked off by a mask read at an offset, where
 * key_of() shifts each half by the length. */
static const unsigned char word_bytes[2 * BLOCK] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};

#if defined(__GNUC__)
__attribute__((always_inline)) /* once per word */
#endif
static inline word_key block_key(const char *out, size_t n) {
  __m128i v = _mm_and_si128(_mm_loadu_si128((const __m128i *)(const void *)out),
                            _mm_loadu_si128((const __m128i *)(const void *)(word_bytes + BLOCK - n)));
  return (word_key){(uint64_t)_mm_cvtsi128_si64(v),
                    (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v))};
}
#endif
#else
/* The second byte of a Latin-1 letter after C3: 80..BF but × (97), ÷ (B7). */
static int is_c3_letter_tail(unsigned char b) {
  return b >= 0x80 && b <= 0xBF && b != 0x97 && b != 0xB7;
}

/* The same, a byte at a time, for hosts without SSE2. */
static letter_block classify_block(const unsigned char *p, char *out) {
  letter_block r = {0, 0, p[BLOCK - 1] == 0xC3, 0, 0};
  for (unsigned k = 0; k < BLOCK; k++) {
    unsigned char b = p[k];
    out[k] = (char)b;
    r.space |= (unsigned)(b == ' ') << k;
    if ((unsigned)((b | 0x20) - 'a') < 26u) {
      r.letter |= 1u << k;
      if (b >= 'a')
        r.lower |= 1u << k;
      else
        out[k] = (char)(b + 0x20);
      r.first_upper |= k == 0 && b < 'a';
    } else if (b == 0xC3 && k + 1 < BLOCK && is_c3_letter_tail(p[k + 1])) {
      unsigned char t = p[k + 1];
      r.letter |= 3u << k;
      if (t > 0x9E)
        r.lower |= 2u << k;
      r.first_upper |= k == 0 && t <= 0x9E;
      out[k] = (char)b;
      out[k + 1] = (char)(t <= 0x9E ? t + 0x20 : t);
      k++;
    }
  }
  return r;
}
#endif

#if !defined(__SSE2__) || !defined(__x86_64__)
static word_key block_key(const char *out, size_t n) { return key_of(out, n); }
#endif

/* A word of ascii_word()'s: what its token and its lookup need. */
typedef struct fast_word {
  size_t end;     /* the end of the word */
  size_t next;    /* where the text goes on: past the word and its space */
  word_key key;   /* of its folded form (see key_of) */
  unsigned len;   /* the length of its folded form */
  unsigned flags; /* DX_TF_* but DX_TF_SPACE_BEFORE, the caller's */
} fast_word;

/* The commonest word, of ASCII letters and Latin-1 letters (é, à, È: two
 * bytes, 0xC3 and one more), up to a plain ASCII byte (not a digit, ' or
 * -, which may join it to more) or a Latin-1 sign (« », no-break space),
 * scanned and folded to out in one pass over one block of sixteen bytes:
 * the token scan_word() and push() would make, at a fraction of the cost.
 * out has room for MAX_FOLDED + 8 bytes.  An elided word (l', qu') takes
 * its apostrophe; a word followed by a space takes the space too (its
 * flag DX_TF_SPACE_AFTER says so), which spares the caller a branch on
 * the byte after the word.  The caller sees that start is at least BLOCK
 * bytes before the end of the text.  Returns 1 with *w filled, or 0 when
 * the word is another kind (other letters, digits, inner apostrophes,
 * hyphens, of BLOCK bytes or more), left to them. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* once per word: no call, bounds kept in registers */
#endif
static inline int ascii_word(const unsigned char *s, size_t len, size_t start, char *out,
                             fast_word *w) {
  /* bytes past the word are folded too, into out's spare bytes, and
   * overwritten by the next word */
  letter_block blk = classify_block(s + start, out);
  unsigned take = (unsigned)__builtin_ctz(~blk.letter); /* letter has 16 bits */
  /* a word that fills the block, or goes on with a C3 in its last byte,
   * is one of the longest, under one in two hundred: scan_word()'s */
  if (take + blk.c3_last >= BLOCK)
    return 0;
  /* the letters up to the word's end, and its first non-letter, which
   * is not lower case: bits 0 to take */
  unsigned lower_seen = blk.lower & (blk.letter ^ (blk.letter + 1));
  size_t i = start + take;
  /* the stop byte is inside the text (i < start + BLOCK <= len), the one
   * after it may not be: a word that ends one byte before the text */
  unsigned char b = s[i];
  size_t n = i - start; /* folded as long as it is */
  size_t word_end = i;
  unsigned flags = 0, space = 0;
  /* the key is taken before an apostrophe's byte is stored into the
   * block (a load that spans two stores is not forwarded); that byte is
   * put into the key after */
  w->key = block_key(out, n);
  /* most words end at a space or ASCII punctuation, the bytes below 64
   * but ' - and the digits, which may join the word to more: one test */
  const uint64_t joining = 1ull << '\'' | 1ull << '-' | 0x3FFull << '0';
  if (b < 64 && !(joining >> b & 1)) {
    /* as likely as not after any one word: no branch, and from the
     * block, not b: the next word's start waits for no load */
    space = blk.space >> take & 1;
  } else if (b == '\'' ||
             (b == 0xE2 && i + 2 < len && s[i + 1] == 0x80 && s[i + 2] == 0x99)) {
    /* an elided article or pronoun, l' or l’, ends with its apostrophe
     * (folded as '); any other apostrophe is scan_word()'s to judge */
    if (!is_elision_prefix((const char *)s + start, n))
      return 0;
    out[n] = '\'';
    uint64_t apos = (uint64_t)'\'' << (8 * (n % 8));
    if (n < 8)
      w->key.k0 |= apos;
    else
      w->key.k1 |= apos;
    n++;
    i += b == '\'' ? 1 : 3;
    word_end = i;
    flags |= DX_TF_ELIDED;
  } else if (b == '-' || (unsigned)(b - '0') < 10u ||
             (b >= 0x80 && (b != 0xC2 || i + 1 >= len || s[i + 1] == 0xAA ||
                            s[i + 1] == 0xB5 || s[i + 1] == 0xBA))) {
    return 0; /* ª µ º are letters; other C2 sequences end the word (and
               * a C2 that ends the text is scan_word()'s to judge) */
  }
  flags |= space * DX_TF_SPACE_AFTER;
  i += space;
  flags |= blk.first_upper * DX_TF_CAP;
  flags |= (!lower_seen & (word_end - start > 1)) * DX_TF_ALLCAPS;
  w->end = word_end;
  w->next = i;
  w->len = (unsigned)n;
  w->flags = flags;
  return 1;
}

/* How many tokens plain_run() may add before push() must grow the
 * vectors: each takes a token, a word folds to at most BLOCK bytes, and
 * push()'s conditions must hold before each (MAX_FOLDED + 8 bytes of
 * room for the folded word, and an offset that fits 32 bits). */
static size_t fast_room(const dx_doc *d) {
  size_t nfolded = d->nfolded;
  if (nfolded + MAX_FOLDED + 8 > d->cap_folded || nfolded > UINT32_MAX - MAX_FOLDED)
    return 0;
  size_t by_folded = (d->cap_folded - (MAX_FOLDED + 8) - nfolded) / BLOCK + 1;
  size_t by_offset = (UINT32_MAX - MAX_FOLDED - nfolded) / BLOCK + 1;
  size_t by_tok = d->cap_tok - d->ntok;
  size_t room = by_folded < by_offset ? by_folded : by_offset;
  return room < by_tok ? room : by_tok;
}

/* ASCII punctuation and symbols, , . ; : ( ) ! ? - / [ ] % & and the
 * like, but the quote characters " and ' (marks.c judges them) and the
 * dots of an ellipsis: one-byte tokens with nothing to judge, most often
 * followed by a space.  Control bytes but NUL and the spaces are too.
 * s[i + 1] is readable when i + 1 < len. */
#if defined(__GNUC__)
__attribute__((always_inline)) /* once per token of a run */
#endif
static inline int plain_punct(const unsigned char *s, size_t len, size_t i) {
  const uint64_t below_64 = ~(1ull | 0x1Full << '\t' | 1ull << ' ' | 1ull << '"' | 1ull << '\'' |
                              0x3FFull << '0');
  const uint64_t letters = 0x3FFFFFFull; /* 26 bits */
  const uint64_t from_64 = ~(letters << ('A' - 64) | letters << ('a' - 64));
  unsigned char b = s[i];
  return b < 128 && ((b < 64 ? below_64 >> b : from_64 >> (b - 64)) & 1) &&
         !(b == '.' && i + 1 < len && s[i + 1] == '.');
}

/* « or », the French quotation marks, at s[i] (which has a byte after
 * it): a third of the tokens that would end a plain run in French news,
 * most often between a space and a word or punctuation.  U+00AB and
 * U+00BB are C2 AB and C2 BB, one bit apart. */
static int is_guillemet(const unsigned char *s, size_t i) {
  return s[i] == 0xC2 && (s[i + 1] | 0x10) == 0xBB;
}

/* A newline at s[i] (which has a byte after it) that is a paragraph
 * break on its own: followed by an ASCII byte that is no space, where
 * dx_tokenize()'s loop over the spaces around a break would stop at once
 * (a multibyte character after it may be a space: dx_tokenize()'s). */
static int lone_newline(const unsigned char *s, size_t i) {
  unsigned char b = s[i + 1];
  return b < 0x80 && b != ' ' && !(b >= '\t' && b <= '\r');
}

/* The token at s[i], which is no word's start, when it is one of those
 * that a plain run takes: punctuation, « », a number or a lone line
 * break, made as dx_tokenize() would make it (at tok[*ntok], with the
 * space before it as *space says; *space then says whether one follows).
 * Returns where the text goes on, or i for any other token, which ends
 * the run.  s[i + 2] is inside the text (see plain_run). */
#if defined(__GNUC__)
__attribute__((always_inline)) /* once per token of a run: its state stays in registers */
#endif
static inline size_t plain_mark(dx_doc *d, dx_tok *tok, size_t *ntok, size_t i,
                                unsigned *space) {
  const unsigned char *s = (const unsigned char *)d->text;
  size_t len = d->len;
  unsigned char b = s[i];
  size_t n = 1;
  unsigned kind = DX_TK_PUNCT, flags = *space;
  int32_t cp = b;
  if (plain_punct(s, len, i)) {
    /* one byte */
  } else if (is_guillemet(s, i)) {
    n = 2;
    cp = s[i + 1];
    flags |= DX_TF_QUOTE_CHAR;
  } else if ((unsigned)(b - '0') < 10u) {
    cursor c = {d->text, len};
    n = scan_number(&c, i) - i;
    kind = DX_TK_NUM;
    cp = 0;
  } else if (b == '\n' && lone_newline(s, i)) {
    if (*ntok && tok[*ntok - 1].kind != DX_TK_PARA) {
      if (d->nbrk >= d->cap_brk)
        return i; /* dx_tokenize() grows d->brk */
      d->brk[d->nbrk++] = (uint32_t)*ntok;
      tok[(*ntok)++] = (dx_tok){.start = (uint32_t)i, .end = (uint32_t)i + 1,
                                .kind = DX_TK_PARA, .u.mark = {.cp = '\n', .pair = -1}};
    }
    *space = DX_TF_SPACE_BEFORE;
    return i + 1;
  } else {
    return i;
  }
  unsigned after = i + n < len && s[i + n] == ' ';
  tok[(*ntok)++] = (dx_tok){.start = (uint32_t)i, .end = (uint32_t)(i + n), .kind = (uint8_t)kind,
                            .flags = (uint8_t)(flags | after * DX_TF_SPACE_AFTER),
                            .u.mark = {.cp = cp, .pair = -1}};
  *space = after * DX_TF_SPACE_BEFORE;
  return i + n + after;
}

/* The commonest stretch of text: ascii_word()'s words, plain
 * punctuation, « », numbers and lone line breaks, one space apart or
 * none (l'Ukraine, dit-il., « Oui », 12 mai), each word
 * looked up as it is folded.  The state stays in locals for the stretch,
 * written back to d and *space_before at its end: every store of a token
 * or of a folded byte might alias d's fields, which the compiler would
 * otherwise reload from memory word after word.  Returns where the
 * stretch ends (i itself when its first token is neither). */
#if defined(__GNUC__)
__attribute__((noinline)) /* the tokenizer's inner loop */
#endif
static size_t plain_run(dx_doc *d, const word_lookup *lk, size_t i, unsigned *space_before) {
  const unsigned char *s = (const unsigned char *)d->text;
  size_t len = d->len;
  if (len < BLOCK)
    return i;
  size_t last = len - BLOCK; /* ascii_word() reads BLOCK bytes */
  dx_tok *tok = d->tok;
  char *folded = d->folded;
  size_t ntok = d->ntok, nfolded = d->nfolded;
  size_t room = fast_room(d);
  unsigned space = *space_before ? DX_TF_SPACE_BEFORE : 0;
  for (; room && i <= last; room--) {
    unsigned char b = s[i];
    if (!((unsigned)((b | 0x20) - 'a') < 26u || b == 0xC3)) {
      size_t next = plain_mark(d, tok, &ntok, i, &space);
      if (next == i)
        break;
      i = next;
      continue;
    }
    fast_word w;
    if (!ascii_word(s, len, i, folded + nfolded, &w))
      break;
    /* of under BLOCK bytes and an apostrophe: cached */
    uint32_t both = cached_lookup(lk, w.key, folded + nfolded, w.len);
    tok[ntok] = (dx_tok){.start = (uint32_t)i, .end = (uint32_t)w.end, .sent = both,
                         .kind = DX_TK_WORD, .flags = (uint8_t)(w.flags | space),
                         .u.word.fold = (uint32_t)nfolded, .fold_len = (uint8_t)w.len};
    ntok++;
    nfolded += w.len;
    space = w.flags & DX_TF_SPACE_AFTER ? DX_TF_SPACE_BEFORE : 0;
    i = w.next;
  }
  d->ntok = ntok;
  d->nfolded = nfolded;
  *space_before = space;
  return i;
}

void dx_lookup_words(dx_doc *d) {
  d->words = dx_word_records(d->lang);
  d->word_bits = dx_word_bits(d->lang);
  d->name_bits = dx_name_bits(d->lang);
  unsigned shift = d->lang == DX_LANG_EN ? DX_WORD_EN_SHIFT : 0;
  /* doc->cue_at gets one entry a token at most: reserved at once, an entry
   * is written whatever the token and kept by counting it, no branch.
   * Without tables (the caller asks only for French and English) the
   * tokens keep no record; without memory neither, and the extraction
   * fails (doc->failed), whatever the stages after this one find. */
  if (!d->word_bits || dx_doc_reserve(d, (void **)&d->cue_at, &d->cap_cue_at, d->ntok + 1,
                                      sizeof *d->cue_at) != 0)
    return;
  const uint8_t *bits = d->word_bits;
  uint32_t *cue_at = d->cue_at;
  size_t n = 0;
  for (size_t i = 0; i < d->ntok; i++) {
    /* dx_tokenize() left a word's info 0 and a mark's sent 0: the OR
     * needs no test of the kind, which words and marks would make
     * unpredictable, and writes a mark's u.mark.pair back as it was */
    dx_tok *t = &d->tok[i];
    uint32_t rec = t->sent >> shift & 0xFFFFu;
    t->u.word.info |= rec;
    t->sent = 0; /* for dx_split_sentences() */
    /* a mark's rec is 0, whose bits are 0, and its hyphen 0; only a mark
     * is a quote character */
    cue_at[n] = (uint32_t)i;
    n += ((bits[rec] & DX_WORD_MAY_START_CUE) | t->hyphen | (t->flags & DX_TF_QUOTE_CHAR)) != 0;
  }
  d->ncue_at = n;
}

void dx_tokenize(dx_doc *d) {
  cursor c = {d->text, d->len};
  size_t i = d->begin;
  unsigned space_before = 1;
  word_lookup lk = {dx_word_filter_any(), word_cache};
  /* A document has roughly one token per five bytes, and its folded words
   * take about as many bytes as its text. */
  dx_doc_reserve(d, (void **)&d->tok, &d->cap_tok, d->len / 5 + 16, sizeof *d->tok);
  dx_doc_reserve(d, (void **)&d->folded, &d->cap_folded, d->len + MAX_FOLDED + 8, 1);
  while (i < c.len && !d->failed) {
    if (c.s[i] == ' ') { /* the commonest byte, on its own fast path */
      i++;
      if (d->ntok)
        d->tok[d->ntok - 1].flags |= DX_TF_SPACE_AFTER;
      space_before = DX_TF_SPACE_BEFORE;
      continue;
    }
    unsigned char b = (unsigned char)c.s[i];
    int punct = plain_punct((const unsigned char *)c.s, c.len, i);
    if ((unsigned)((b | 0x20) - 'a') < 26u || b == 0xC3 || punct ||
        (i + 1 < c.len && is_guillemet((const unsigned char *)c.s, i))) { /* most often */
      size_t end = plain_run(d, &lk, i, &space_before);
      if (end != i) {
        i = end;
        continue;
      }
    }
    if (punct) { /* near the end of the text, or push() must grow the vectors */
      push(d, i, i + 1, DX_TK_PUNCT, space_before ? DX_TF_SPACE_BEFORE : 0, b);
      i++;
      space_before = 0;
      if (i < c.len && c.s[i] == ' ' && !d->failed) {
        d->tok[d->ntok - 1].flags |= DX_TF_SPACE_AFTER;
        space_before = DX_TF_SPACE_BEFORE;
        i++;
      }
      continue;
    }
    size_t n;
    int32_t cp = peek(&c, i, &n);
    if (cp == '\n' || cp == '\r' || cp == 0x2029) {
      size_t start = i;
      /* blank lines and the spaces around them are one boundary */
      while (i < c.len) {
        int32_t x = peek(&c, i, &n);
        if (!dx_is_space(x) && x != 0x2029)
          break;
        i += n;
      }
      if (d->ntok && d->tok[d->ntok - 1].kind != DX_TK_PARA) {
        uint32_t *at = DX_PUSH(d, d->brk, d->nbrk, d->cap_brk);
        if (at)
          *at = (uint32_t)d->ntok; /* < the text's length: fits */
        push(d, start, i, DX_TK_PARA, 0, '\n');
      }
      space_before = 1;
      continue;
    }
    if (dx_is_space(cp)) {
      i += n;
      if (d->ntok)
        d->tok[d->ntok - 1].flags |= DX_TF_SPACE_AFTER;
      space_before = DX_TF_SPACE_BEFORE;
      continue;
    }
    unsigned flags = space_before ? DX_TF_SPACE_BEFORE : 0;
    space_before = 0;
    if (dx_is_letter(cp)) {
      int elided, allcaps, hyphen;
      size_t end = scan_word(&c, i, &elided, &allcaps, &hyphen);
      if (dx_is_upper(cp))
        flags |= DX_TF_CAP;
      if (allcaps)
        flags |= DX_TF_ALLCAPS;
      if (elided)
        flags |= DX_TF_ELIDED;
      push_word(d, &lk, i, end, flags);
      if (hyphen && !d->failed)
        d->tok[d->ntok - 1].hyphen = 1;
      i = end;
    } else if (dx_is_digit(cp)) {
      size_t end = scan_number(&c, i);
      push(d, i, end, DX_TK_NUM, flags, 0);
      i = end;
    } else if (cp == '\'' && i + 1 < c.len && c.s[i + 1] == '\'') {
      /* '' is how some newsrooms (and PolNeAR's NYT texts) type " */
      push(d, i, i + 2, DX_TK_PUNCT, flags | DX_TF_QUOTE_CHAR, '"');
      i += 2;
    } else if (cp == '.' && i + 2 < c.len && c.s[i + 1] == '.' && c.s[i + 2] == '.') {
      size_t end = i + 3;
      while (end < c.len && c.s[end] == '.')
        end++;
      push(d, i, end, DX_TK_PUNCT, flags, 0x2026);
      i = end;
    } else {
      if (is_quote_char(cp))
        flags |= DX_TF_QUOTE_CHAR;
      /* Every byte of the text is either inside a token decoded as valid
       * UTF-8 or, when invalid or NUL, a one-byte token of its own, here:
       * so the first one met is the first bad byte, which spares
       * dx_extract() a pass of its own to check the text. */
      if (cp <= 0 && d->bad_status == DX_OK) {
        d->bad_status = cp == 0 ? DX_ENUL : DX_EUTF8;
        d->bad = i;
      }
      push(d, i, i + n, DX_TK_PUNCT, flags, cp); /* an invalid byte has cp -1 */
      i += n;
    }
  }
  if (d->ntok)
    d->tok[d->ntok - 1].flags |= DX_TF_SPACE_AFTER;
}
