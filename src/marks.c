/*
 * marks.c — decides which quote characters open or close a quotation and
 * pairs them, repairing what real-world text breaks.
 *
 * Each quote character is judged by what touches it (a space, a word,
 * punctuation), the way CommonMark judges emphasis delimiters: a mark that
 * a word follows opens, a mark that a word precedes closes.  That rule alone
 * turns a misplaced « in `longtemps« ,` into a closer and a » in `d' »actions`
 * into an opener.  Pairing is a stack per paragraph, capped in depth so that
 * time stays linear.  A quote left open at the end of its paragraph either
 * continues (the next paragraph reopens with a mark, as French and English
 * do for long quotations) or is closed there, so that one broken mark never
 * swallows the rest of the document.  Single quotes and apostrophes share
 * characters, so a single mark only counts when its pair is found.
 */
#include "doc.h"

enum { MAX_DEPTH = 32 };

typedef enum dx_mark_family {
  FAM_NONE = 0,
  FAM_GUILLEMET, /* « » */
  FAM_CURLY,     /* “ ” „ ‟ */
  FAM_STRAIGHT,  /* " */
  FAM_SINGLE     /* ‹ › ‘ ’ ‚ ' */
} dx_mark_family;

static dx_mark_family family_of(int32_t c) {
  switch (c) {
  case 0xAB: case 0xBB: return FAM_GUILLEMET;
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: return FAM_CURLY;
  case '"': return FAM_STRAIGHT;
  case 0x2039: case 0x203A: case 0x2018: case 0x2019: case 0x201A: case 0x201B:
  case '\'': return FAM_SINGLE;
  default: return FAM_NONE;
  }
}

static int is_opening_punct(int32_t c) {
  return c == '(' || c == '[' || c == '{' || c == 0x2014 || c == 0x2013 || c == '-' ||
         c == '/' || c == ':';
}

/* Punctuation that ends a quotation or follows its closing mark. */
static int is_trailer(int32_t c) {
  return c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?' ||
         c == ')' || c == ']' || c == 0x2026 || c == 0x2014 || c == 0x2013 || c == '-';
}

typedef struct ctx {
  int prev_space;  /* nothing, a space or a paragraph break before */
  int prev_open;   /* opening punctuation or a quote char right before */
  int next_space;  /* a space, a paragraph break or the end after */
  int next_word;   /* a word, number or opening char right after, no space */
  int next_trail;  /* the next token (space or not) is closing punctuation or the end */
} ctx;

static ctx context(const dx_doc *d, size_t i) {
  const dx_tok *t = &d->tok[i];
  ctx c = {0};
  const dx_tok *p = i > 0 ? &d->tok[i - 1] : NULL;
  const dx_tok *n = i + 1 < d->ntok ? &d->tok[i + 1] : NULL;
  c.prev_space = !p || p->kind == DX_TK_PARA || (t->flags & DX_TF_SPACE_BEFORE);
  c.prev_open = p && !c.prev_space && p->kind == DX_TK_PUNCT &&
                (is_opening_punct(dx_tok_cp(p)) || (p->flags & DX_TF_QUOTE_CHAR));
  if (p && (p->flags & DX_TF_ELIDED) && !(t->flags & DX_TF_SPACE_BEFORE))
    c.prev_open = 1; /* d'« agression » */
  c.next_space = !n || n->kind == DX_TK_PARA || (t->flags & DX_TF_SPACE_AFTER);
  c.next_word = n && !c.next_space &&
                (n->kind == DX_TK_WORD || n->kind == DX_TK_NUM ||
                 (n->kind == DX_TK_PUNCT && !is_trailer(dx_tok_cp(n))));
  c.next_trail = !n || n->kind == DX_TK_PARA || (n->kind == DX_TK_PUNCT && is_trailer(dx_tok_cp(n)));
  return c;
}

typedef enum role { ROLE_NONE, ROLE_OPEN, ROLE_CLOSE, ROLE_EITHER } role;

/* ’90s, '68: an apostrophe that stands for the century. */
static int elided_number(const dx_doc *d, size_t i) {
  return i + 1 < d->ntok && d->tok[i + 1].kind == DX_TK_NUM && !(d->tok[i].flags & DX_TF_SPACE_AFTER);
}

/* the students’ union: an apostrophe glued after a plural s, before a word
 * in lower case, is a possessive (a closing quote is followed by
 * punctuation, a cue or a capital) */
static int plural_possessive(const dx_doc *d, size_t i) {
  if (i == 0 || i + 1 >= d->ntok || (d->tok[i].flags & DX_TF_SPACE_BEFORE))
    return 0;
  const dx_tok *p = &d->tok[i - 1], *n = &d->tok[i + 1];
  return p->kind == DX_TK_WORD && d->text[p->end - 1] == 's' && n->kind == DX_TK_WORD &&
         !(n->flags & DX_TF_CAP) && (d->tok[i].flags & DX_TF_SPACE_AFTER) &&
         !dx_word_cue(d->lang, dx_tok_info(d, i + 1)); /* …union’, said X: a cue ends a quote */
}

static role judge(const dx_doc *d, size_t i) {
  int32_t cp = dx_tok_cp(&d->tok[i]);
  ctx c = context(d, i);
  int can_open = (c.prev_space || c.prev_open) && !c.next_space;
  int can_close = !c.prev_space && (c.next_space || c.next_trail || !c.next_word);
  switch (cp) {
  case 0xAB: /* « opens, unless glued to the word before it and followed by the end */
    if (!c.prev_space && !c.prev_open && c.next_trail && !c.next_word)
      return ROLE_CLOSE;
    return ROLE_OPEN;
  case 0xBB: /* » closes, unless it stands before a word it is glued to */
    if (c.prev_space && c.next_word)
      return ROLE_OPEN;
    return ROLE_CLOSE;
  case 0x201C: /* “ opens; closes German „…“ or when misused */
    if (can_close && !can_open)
      return ROLE_CLOSE;
    return ROLE_OPEN;
  case 0x201D: /* ” closes; opens when some writers use it on both sides */
    if (can_open && !can_close)
      return ROLE_OPEN;
    return ROLE_CLOSE;
  case 0x201E: case 0x201F: case 0x2039: case 0x2018: case 0x201A: case 0x201B:
    return can_open || !can_close ? ROLE_OPEN : ROLE_CLOSE;
  case 0x203A:
    return ROLE_CLOSE;
  case '"':
    if (can_open && !can_close)
      return ROLE_OPEN;
    if (can_close && !can_open)
      return ROLE_CLOSE;
    return ROLE_EITHER;
  case '\'': case 0x2019: /* usually an apostrophe: only clear flanking counts */
    if (elided_number(d, i) || plural_possessive(d, i))
      return ROLE_NONE; /* the ’90s; the students’ union */
    if (can_open && !can_close)
      return ROLE_OPEN;
    if (can_close && !can_open)
      return ROLE_CLOSE;
    return ROLE_NONE;
  default:
    return ROLE_NONE;
  }
}

/* Does closer cp end a passage opened by opener oc? */
static int closes(int32_t oc, int32_t cp) {
  dx_mark_family fo = family_of(oc), fc = family_of(cp);
  /* “…," and "…”: curly and straight double quotes get mixed in edited copy */
  if ((fo == FAM_CURLY && fc == FAM_STRAIGHT) || (fo == FAM_STRAIGHT && fc == FAM_CURLY))
    return 1;
  if (fo != fc)
    return 0;
  if (fo == FAM_SINGLE) /* ‹ pairs with ›, the others among themselves */
    return (oc == 0x2039) == (cp == 0x203A);
  return 1;
}

typedef struct open_mark {
  size_t tok;
  size_t content_start;
  int reopened; /* continued from an earlier paragraph */
} open_mark;

static size_t skip_space_fwd(const dx_doc *d, size_t b, size_t limit) {
  while (b < limit) {
    unsigned char ch = (unsigned char)d->text[b];
    if (ch == ' ' || ch == '\t')
      b++;
    else if (ch == 0xC2 && b + 1 < limit && (unsigned char)d->text[b + 1] == 0xA0)
      b += 2;
    else if (ch == 0xE2 && b + 2 < limit && (unsigned char)d->text[b + 1] == 0x80 &&
             ((unsigned char)d->text[b + 2] == 0xAF || (unsigned char)d->text[b + 2] == 0x89))
      b += 3;
    else
      break;
  }
  return b;
}

static void add_pair(dx_doc *d, const open_mark *o, const open_mark *outer,
                     size_t close_tok, size_t end, int repaired) {
  dx_pair *p = DX_PUSH(d, d->pair, d->npair, d->cap_pair);
  if (!p)
    return;
  p->open_tok = o->tok;
  p->close_tok = repaired ? o->tok : close_tok;
  p->start = o->content_start;
  p->end = end;
  /* trim blanks at the end of the content */
  while (p->end > p->start) {
    unsigned char ch = (unsigned char)d->text[p->end - 1];
    if (ch == ' ' || ch == '\t')
      p->end--;
    else if (p->end - p->start >= 2 && ch == 0xA0 && (unsigned char)d->text[p->end - 2] == 0xC2)
      p->end -= 2;
    else if (p->end - p->start >= 3 && (ch == 0xAF || ch == 0x89) &&
             (unsigned char)d->text[p->end - 2] == 0x80 && (unsigned char)d->text[p->end - 3] == 0xE2)
      p->end -= 3;
    else
      break;
  }
  p->parent = -1;
  p->parent_tok = outer ? (uint32_t)outer->tok : UINT32_MAX;
  p->family = (uint8_t)family_of(dx_tok_cp(&d->tok[o->tok]));
  p->multi_para = (uint8_t)o->reopened;
  p->repaired = (uint8_t)repaired;
  p->pad = 0;
  int32_t idx = (int32_t)(d->npair - 1);
  d->tok[o->tok].kind = DX_TK_OPEN;
  dx_tok_set_pair(&d->tok[o->tok], idx);
  if (!repaired) {
    d->tok[close_tok].kind = DX_TK_CLOSE;
    dx_tok_set_pair(&d->tok[close_tok], idx);
  }
}

/* The paragraph that ends before token `para` has open marks: continue the
 * outermost into the next paragraph if that reopens, else close them. */
static size_t end_paragraph(dx_doc *d, open_mark *stack, size_t *depth, size_t para) {
  size_t next = para + 1;
  size_t last_end = para > 0 ? d->tok[para - 1].end : d->tok[para].start;
  if (*depth == 0)
    return next;
  open_mark *outer = &stack[0];
  int32_t oc = dx_tok_cp(&d->tok[outer->tok]);
  if (family_of(oc) != FAM_SINGLE && next < d->ntok &&
      (d->tok[next].flags & DX_TF_QUOTE_CHAR) && family_of(dx_tok_cp(&d->tok[next])) == family_of(oc) &&
      judge(d, next) != ROLE_CLOSE) {
    /* A long quotation: the next paragraph reopens it.  Inner marks left
     * open cannot continue; they were not marks. */
    d->tok[next].flags |= DX_TF_REOPEN;
    outer->reopened = 1;
    *depth = 1;
    return next + 1;
  }
  /* Close what is left, innermost first, at the paragraph's end; single
   * marks that never closed were apostrophes. */
  while (*depth > 0) {
    open_mark *o = &stack[--*depth];
    if (family_of(dx_tok_cp(&d->tok[o->tok])) != FAM_SINGLE && last_end > o->content_start)
      add_pair(d, o, *depth ? &stack[*depth - 1] : NULL, 0, last_end, 1);
  }
  return next;
}

/* Parents were noted as opening tokens, whose pair is known only now. */
static void link_parents(dx_doc *d) {
  for (size_t i = 0; i < d->npair; i++) {
    uint32_t pt = d->pair[i].parent_tok;
    d->pair[i].parent = pt == UINT32_MAX ? -1 : dx_tok_pair(&d->tok[pt]);
  }
}

/* The quote characters listed in doc->cue_at, a chunk at a time.
 * dx_lookup_words() lists there every quote character, among the words
 * that may start a cue (some 15% of the tokens in all), so that the
 * search for the next quote character goes over those entries, not over
 * every token.  Some one entry in ten is a quote character, and a branch
 * on each entry would be mispredicted at most of them: fill_quotes()
 * copies a chunk of entries and keeps the quote characters by counting
 * them, no branch, and the search then takes them in turn. */
enum { QUOTE_CHUNK = 256 };

typedef struct quote_list {
  uint32_t tok[QUOTE_CHUNK]; /* the quote characters of the chunk, in order */
  size_t n, pos;             /* how many; the next to look at */
  size_t next_entry;         /* the first doc->cue_at entry not yet copied */
} quote_list;

static void fill_quotes(const dx_doc *d, quote_list *q) {
  size_t c = q->next_entry, end = d->ncue_at - c > QUOTE_CHUNK ? c + QUOTE_CHUNK : d->ncue_at;
  size_t n = 0;
  for (; c < end; c++) {
    uint32_t k = d->cue_at[c];
    q->tok[n] = k;
    n += (d->tok[k].flags & DX_TF_QUOTE_CHAR) != 0;
  }
  q->n = n;
  q->pos = 0;
  q->next_entry = end;
}

/* The first quote character in the tokens [i, limit), or limit; the
 * list only moves on.  Without doc->cue_at (the tokens were not looked
 * up, as in the unit tests), over every token, one test each.  The
 * paragraph breaks come from doc->brk, not from this walk. */
static size_t next_quote_char(const dx_doc *d, quote_list *q, size_t i, size_t limit) {
  if (!d->cue_at) {
    const dx_tok *t = d->tok + i, *end = d->tok + limit;
    while (t < end && !(t->flags & DX_TF_QUOTE_CHAR))
      t++;
    return (size_t)(t - d->tok);
  }
  for (;;) {
    while (q->pos < q->n && q->tok[q->pos] < i)
      q->pos++;
    if (q->pos < q->n)
      return q->tok[q->pos] < limit ? q->tok[q->pos] : limit;
    if (q->next_entry >= d->ncue_at)
      return limit;
    fill_quotes(d, q);
  }
}

/* The first paragraph break at or after token i, or ntok; *brk indexes
 * d->brk and only moves on.  end_paragraph() steps over a reopening mark,
 * never over a break (two are never adjacent); were it to, that break
 * would be passed over, as a walk over the tokens would. */
static size_t next_break(const dx_doc *d, size_t *brk, size_t i) {
  while (*brk < d->nbrk && d->brk[*brk] < i)
    ++*brk;
  return *brk < d->nbrk ? d->brk[*brk] : d->ntok;
}

void dx_find_marks(dx_doc *d) {
  open_mark stack[MAX_DEPTH];
  size_t depth = 0;
  size_t i = 0;
  /* the tokenizer lists every DX_TK_PARA token in d->brk, in order */
  size_t brk = 0, para = next_break(d, &brk, 0);
  quote_list quotes = {.n = 0}; /* empty: next_quote_char() fills it */
  while (i < d->ntok && !d->failed) {
    i = next_quote_char(d, &quotes, i, para);
    if (i >= d->ntok)
      break;
    dx_tok *t = &d->tok[i];
    if (i == para) {
      i = end_paragraph(d, stack, &depth, i);
      para = next_break(d, &brk, i);
      continue;
    }
    role r = judge(d, i);
    if (r == ROLE_EITHER) { /* a straight quote: close an open one, else open */
      r = ROLE_OPEN;
      for (size_t k = depth; k-- > 0;)
        if (dx_tok_cp(&d->tok[stack[k].tok]) == dx_tok_cp(t)) {
          r = ROLE_CLOSE;
          break;
        }
    }
    if (r == ROLE_CLOSE) {
      size_t k = depth;
      while (k-- > 0)
        if (closes(dx_tok_cp(&d->tok[stack[k].tok]), dx_tok_cp(t)))
          break;
      if (k != SIZE_MAX) {
        add_pair(d, &stack[k], k ? &stack[k - 1] : NULL, i, t->start, 0);
        depth = k; /* inner marks left open were not marks */
      } else if (dx_tok_cp(t) == 0x201D || dx_tok_cp(t) == '"') {
        /* a ” or " with nothing to close may still open (“…” misused) */
        r = judge(d, i) == ROLE_EITHER ? ROLE_OPEN : ROLE_NONE;
      }
    }
    if (r == ROLE_OPEN && depth < MAX_DEPTH) {
      stack[depth].tok = i;
      stack[depth].content_start = skip_space_fwd(d, t->end, d->len);
      stack[depth].reopened = 0;
      depth++;
    }
    i++;
  }
  /* the end of the text ends the last paragraph */
  while (depth > 0) {
    open_mark *o = &stack[--depth];
    size_t last_end = d->ntok ? d->tok[d->ntok - 1].end : 0;
    if (family_of(dx_tok_cp(&d->tok[o->tok])) != FAM_SINGLE && last_end > o->content_start)
      add_pair(d, o, depth ? &stack[depth - 1] : NULL, 0, last_end, 1);
  }
  link_parents(d);
  /* the tokens inside the passages are flagged DX_TF_QUOTED by
   * dx_split_sentences(), which steps over each outermost one */
}
