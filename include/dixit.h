/*
 * dixit.h — who said what, to whom, in news text.
 *
 * This is the whole public API of libdixit.  Every symbol is prefixed
 * dx_ / DX_.  The library never aborts, exits or prints: every failure is
 * returned as a dx_status, with details in an optional dx_error.
 *
 * Ownership in one sentence: an extractor owns its read-only tables, a
 * result owns every quote, entity, span and string it hands out (all in one
 * arena), and the caller owns the input text, which the library never keeps.
 *
 * Thread safety (tested under ThreadSanitizer: tests/unit/test_threads.c):
 *  - Nothing global is mutable: the language tables are const data compiled
 *    in.  Each thread that extracts keeps two things of its own
 *    (thread-local, never shared), which speed later calls and never change
 *    a result: a 192 KiB cache of word lookups, and the working memory of
 *    its last document, up to 4 MiB, for the next one (freed when the
 *    thread ends; never kept when the extractor has a custom allocator,
 *    which gets every block back before dx_extract() returns).
 *  - dx_extract() is reentrant: any number of threads may call it at once on
 *    one shared extractor (or on different ones).  The extractor is read-only
 *    after dx_extractor_new(); the working memory of a call is its thread's
 *    own, and what it finds ends up in the result it returns.  A custom
 *    dx_allocator shared this way must itself be thread-safe.
 *  - dx_extractor_new() may run in parallel with anything; dx_extractor_free()
 *    must not run while another thread uses that extractor.
 *  - A dx_result may be read from several threads at once (every dx_result_*
 *    reader, dx_write_json/text on it); dx_result_free() once, by one thread,
 *    when nobody reads it.
 *  - dx_write_json_error(), dx_strerror(), dx_version(), dx_lang_code(),
 *    dx_lang_from_code(), dx_*_name(), dx_codepoint_offset(), dx_line_col()
 *    are pure functions: always safe.  A dx_write_fn callback is called only
 *    from the thread that called the writer.
 */
#ifndef DIXIT_H
#define DIXIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DX_STATIC_DEFINE)
#define DX_EXPORT
#elif defined(_WIN32)
#ifdef DX_BUILDING
#define DX_EXPORT __declspec(dllexport)
#else
#define DX_EXPORT __declspec(dllimport)
#endif
#else
#define DX_EXPORT __attribute__((visibility("default")))
#endif

#define DX_VERSION_MAJOR 0
#define DX_VERSION_MINOR 1
#define DX_VERSION_PATCH 0
#define DX_VERSION_STRING "0.1.0"

/** The library's version, "MAJOR.MINOR.PATCH"; may differ from the header's. */
DX_EXPORT const char *dx_version(void);

/* ------------------------------------------------------------------ */
/* Status and errors                                                   */

/** Every function that can fail returns one of these. */
typedef enum dx_status {
  DX_OK = 0,
  DX_ENOMEM,    /**< an allocation failed; nothing leaked */
  DX_EINVAL,    /**< a bad argument (NULL where a value is needed) */
  DX_EUTF8,     /**< invalid UTF-8 in the text (offset says where) */
  DX_ENUL,      /**< a NUL byte in the text (offset says where) */
  DX_ETOOBIG,   /**< the document is larger than max_doc_bytes (at most
                     DX_MAX_DOC_BYTES) */
  DX_EIO        /**< a writer callback reported failure */
} dx_status;

/** Details of a failure or a warning.  offset is a byte offset into the
 * document's text, or SIZE_MAX when the problem has no position. */
typedef struct dx_error {
  dx_status code;
  size_t offset;
  char message[160];
} dx_error;

/** A static, human-readable description of a status code. */
DX_EXPORT const char *dx_strerror(dx_status code);

/* ------------------------------------------------------------------ */
/* Options                                                             */

typedef enum dx_lang {
  DX_LANG_AUTO = 0, /**< detect per document (as an option); unknown (as a result) */
  DX_LANG_FR,
  DX_LANG_EN,
  DX_LANG_OTHER     /**< detected as neither French nor English: no quotes */
} dx_lang;

/** ISO 639-1 code of a language ("fr", "en"), "und" for AUTO/OTHER. */
DX_EXPORT const char *dx_lang_code(dx_lang lang);
/** Parses "fr"/"en" (any case); returns DX_LANG_AUTO for anything else. */
DX_EXPORT dx_lang dx_lang_from_code(const char *code);

/** Option flags; all default to off (0). */
enum {
  /** Process text with invalid UTF-8 or NUL bytes instead of rejecting it:
   * bad bytes count as neither letters nor marks, offsets stay byte offsets
   * into the original text, and a warning names the first bad byte. */
  DX_OPT_LENIENT_UTF8 = 1u << 0,
  /** Leave out quotations marked optional-grade by the extractor (speech
   * acts with no content, nested quotations). */
  DX_OPT_NO_NESTED = 1u << 1
};

/** Memory functions, for hosts that account or limit memory.  ctx is passed
 * back unchanged.  A NULL allocator in dx_options means malloc/realloc/free. */
typedef struct dx_allocator {
  void *(*malloc)(void *ctx, size_t size);
  void *(*realloc)(void *ctx, void *ptr, size_t size);
  void (*free)(void *ctx, void *ptr);
  void *ctx;
} dx_allocator;

/** Extractor options.  A zeroed struct means: detect the language, reject
 * invalid UTF-8, DX_DEFAULT_MAX_DOC_BYTES, malloc. */
typedef struct dx_options {
  unsigned flags;               /**< DX_OPT_* bits */
  dx_lang lang;                 /**< force a language, or DX_LANG_AUTO */
  size_t max_doc_bytes;         /**< 0 means DX_DEFAULT_MAX_DOC_BYTES; more
                                     than DX_MAX_DOC_BYTES means that */
  const dx_allocator *allocator;/**< NULL means the C library's */
} dx_options;

/** Documents larger than this are refused with DX_ETOOBIG by default. */
#define DX_DEFAULT_MAX_DOC_BYTES ((size_t)64 << 20)
/** The largest document dixit can take, whatever max_doc_bytes says: 4 GiB
 * less one byte, since the library keeps byte offsets in 32 bits (a text
 * of punctuation makes a token of every byte).  dx_extract() and the
 * stream refuse a larger document with DX_ETOOBIG. */
#define DX_MAX_DOC_BYTES ((size_t)0xFFFFFFFFu)

/* ------------------------------------------------------------------ */
/* Extraction                                                          */

typedef struct dx_extractor dx_extractor;
typedef struct dx_result dx_result;

/** Creates an extractor.  opts may be NULL (all defaults).  Returns NULL on
 * failure and fills err if given.  The options are copied. */
DX_EXPORT dx_extractor *dx_extractor_new(const dx_options *opts, dx_error *err);
/** Frees an extractor; NULL is fine.  No result depends on it. */
DX_EXPORT void dx_extractor_free(dx_extractor *ex);

/** Extracts the quotations of one document.  text need not be
 * NUL-terminated; len is its size in bytes.  On DX_OK *out is a new result
 * that the caller frees with dx_result_free(); on failure *out is NULL and
 * err (if given) says what and where.  Safe to call from many threads on the
 * same extractor.  Time and memory are linear in len. */
DX_EXPORT dx_status dx_extract(const dx_extractor *ex, const char *text,
                               size_t len, dx_result **out, dx_error *err);

/** Frees a result and everything it owns; NULL is fine. */
DX_EXPORT void dx_result_free(dx_result *res);

/* ------------------------------------------------------------------ */
/* Streaming                                                           */

/** A document that arrives in pieces (a socket, a decompressor, a reader
 * of large files).  The stream copies the bytes it is fed, checks their
 * UTF-8 as they come (a sequence may straddle two pieces) and refuses the
 * document as soon as it grows past max_doc_bytes, so a caller never
 * holds more than the limit.  Its result is the one dx_extract() gives on
 * the concatenation of the pieces. */
typedef struct dx_stream dx_stream;

/** Starts a document.  ex must outlive the stream; its options (language,
 * flags, limit, allocator) apply.  Returns NULL on failure (err says why).
 * One stream is one document at a time and is not thread-safe; streams of
 * one extractor may run in parallel. */
DX_EXPORT dx_stream *dx_stream_new(const dx_extractor *ex, dx_error *err);

/** Appends len bytes (bytes may be NULL when len is 0).  Fails with
 * DX_EUTF8 or DX_ENUL (offset: the first bad byte in the whole document;
 * not under DX_OPT_LENIENT_UTF8), DX_ETOOBIG (offset: max_doc_bytes, the
 * first byte over the limit) or DX_ENOMEM.  After a failure the document
 * is lost: every later feed or finish returns the same error, until
 * dx_stream_reset().  A sequence cut at the end of a piece is judged when
 * the next piece (or finish) completes it, so the first error may come one
 * call late, with the right offset. */
DX_EXPORT dx_status dx_stream_feed(dx_stream *s, const char *bytes, size_t len,
                                   dx_error *err);

/** Ends the document and extracts it: *out and the status are those of
 * dx_extract() on every byte fed (or the stream's earlier error).  The text
 * stays readable through dx_stream_text() until reset or free.  A second
 * finish without reset is DX_EINVAL. */
DX_EXPORT dx_status dx_stream_finish(dx_stream *s, dx_result **out, dx_error *err);

/** The bytes fed so far (NULL with *len 0 when none), for dx_write_json(). */
DX_EXPORT const char *dx_stream_text(const dx_stream *s, size_t *len);

/** Forgets the document (and any error) to start the next one; keeps the
 * buffer, so that a stream of documents allocates little. */
DX_EXPORT void dx_stream_reset(dx_stream *s);

/** Frees a stream; NULL is fine.  Results it gave stay valid. */
DX_EXPORT void dx_stream_free(dx_stream *s);

/* ------------------------------------------------------------------ */
/* Results                                                             */

/** A half-open byte range [start, end) into the document's text.  A span
 * with start == end == 0 is absent unless stated otherwise. */
typedef struct dx_span {
  size_t start;
  size_t end;
} dx_span;

typedef enum dx_quote_type {
  DX_QUOTE_DIRECT = 0,  /**< the source's words between quotation marks */
  DX_QUOTE_INDIRECT,    /**< a paraphrase introduced by a cue */
  DX_QUOTE_MIXED        /**< a paraphrase that contains a quoted fragment */
} dx_quote_type;

/** "direct", "indirect" or "mixed". */
DX_EXPORT const char *dx_quote_type_name(dx_quote_type type);

/** No entity: the value of an index field that is absent. */
#define DX_NONE ((size_t)-1)

/** One quotation.  Strings are NUL-terminated UTF-8 owned by the result. */
typedef struct dx_quote {
  dx_quote_type type;
  dx_span content;          /**< the reported words, without marks */
  dx_span cue;              /**< the cue (a déclaré, selon, said); absent if none */
  const char *cue_lemma;    /**< the cue's lemma ("déclarer"), or NULL */
  size_t speaker;           /**< index into the entities, or DX_NONE */
  dx_span speaker_mention;  /**< where this sentence names the speaker (may be
                                 a pronoun or a role noun); for a speaker
                                 carried over from earlier sentences, the
                                 nearest earlier words naming it; absent if
                                 none */
  size_t addressee;         /**< entity index or DX_NONE */
  dx_span addressee_mention;
  size_t via;               /**< entity index or DX_NONE */
  dx_span via_mention;
  size_t parent;            /**< index of the quote this one is nested in, or DX_NONE */
} dx_quote;

typedef enum dx_entity_kind {
  DX_ENTITY_UNKNOWN = 0,    /**< a noun phrase we could not type */
  DX_ENTITY_PERSON,
  DX_ENTITY_ORGANISATION,
  DX_ENTITY_PLACE,
  DX_ENTITY_GROUP
} dx_entity_kind;

/** "unknown", "person", "organisation", "place" or "group". */
DX_EXPORT const char *dx_entity_kind_name(dx_entity_kind kind);

/** An entity the document talks about: a named person or body, or, when
 * the document never names it, the noun phrase that stands for it
 * ("une source proche du dossier"). */
typedef struct dx_entity {
  const char *name;         /**< most complete proper name the document gives */
  dx_entity_kind kind;
  size_t n_mentions;
  const dx_span *mentions;  /**< every place the document refers to it, in order */
  size_t n_roles;
  const char *const *roles; /**< the roles the text gives it, each once, in
                                 order: "président russe", "maire de Lille" */
} dx_entity;

/** The document's language, as detected or forced. */
DX_EXPORT dx_lang dx_result_lang(const dx_result *res);
DX_EXPORT size_t dx_result_quote_count(const dx_result *res);
/** The i-th quotation, in text order; NULL when i is out of range. */
DX_EXPORT const dx_quote *dx_result_quote(const dx_result *res, size_t i);
DX_EXPORT size_t dx_result_entity_count(const dx_result *res);
DX_EXPORT const dx_entity *dx_result_entity(const dx_result *res, size_t i);
/** Non-fatal problems met while extracting (language not supported,
 * invalid bytes tolerated under DX_OPT_LENIENT_UTF8, ...). */
DX_EXPORT size_t dx_result_warning_count(const dx_result *res);
DX_EXPORT const dx_error *dx_result_warning(const dx_result *res, size_t i);

/* ------------------------------------------------------------------ */
/* Writing results                                                     */

/** Receives output bytes; returns 0 on success, non-zero to stop writing
 * (the writer then returns DX_EIO). */
typedef int (*dx_write_fn)(void *ctx, const char *bytes, size_t len);

/** Writes one document's result as one line of JSON (with its newline):
 * {"id", "lang", "quotes": [...], "entities": [...], "warnings": [...]}.
 * text/len must be the text given to dx_extract().  id may be NULL (no id)
 * and is written as a raw JSON value when id_is_json is non-zero (so that a
 * numeric id from JSON Lines round-trips), else as a string.  Invalid UTF-8
 * in the text is written as U+FFFD, so the output is always valid JSON.
 * See docs/FORMAT.md. */
DX_EXPORT dx_status dx_write_json(const dx_result *res, const char *text,
                                  size_t len, const char *id, size_t id_len,
                                  int id_is_json, dx_write_fn write, void *ctx);

/** Writes the human reading of a result: one line per quotation,
 * `Speaker [type, cue]: « content »`. */
DX_EXPORT dx_status dx_write_text(const dx_result *res, const char *text,
                                  size_t len, dx_write_fn write, void *ctx);

/** Writes one tab-separated line per quotation, for spreadsheets: id, type,
 * start, end, speaker, speaker_kind, speaker_mention, cue, cue_lemma,
 * addressee, via, parent, text (dx_tsv_header() names the columns).  Tabs,
 * newlines and other control characters in a field become a space, invalid
 * bytes U+FFFD; absent values are empty.  id may be NULL. */
DX_EXPORT dx_status dx_write_tsv(const dx_result *res, const char *text, size_t len,
                                 const char *id, size_t id_len, dx_write_fn write, void *ctx);
/** The header line of dx_write_tsv's columns, with its newline. */
DX_EXPORT const char *dx_tsv_header(void);

/** Writes one JSON line for a document that failed: {"id", "error":
 * {"code", "message", "offset"}}. */
DX_EXPORT dx_status dx_write_json_error(const char *id, size_t id_len,
                                        int id_is_json, const dx_error *err,
                                        dx_write_fn write, void *ctx);

/* HTML report.  A page is dx_write_html_begin(), then dx_write_html() or
 * dx_write_html_error() once per document, then dx_write_html_end().  The
 * page is self-contained (inline CSS, a small inline script, inline SVG; no
 * external asset, no network): each quotation is highlighted in its
 * speaker's colour (direct solid, indirect dashed, mixed dotted), cues and
 * speaker mentions are marked, hovering or focusing a quotation shows its
 * speaker, cue, addressee and via; beside the text, a table by speaker and
 * a graph of who reports whom.  Every piece of text is escaped, and invalid
 * UTF-8 and control characters are written as U+FFFD.  The writers keep no
 * state between calls; they allocate working arrays with malloc (DX_ENOMEM
 * when that fails).  See docs/REPORT.md. */

/** Writes the start of the page: head, style, legend.  title may be NULL
 * ("dixit report"); it is plain text (escaped here). */
DX_EXPORT dx_status dx_write_html_begin(const char *title, dx_write_fn write, void *ctx);

/** Writes one document's section.  text/len must be the text given to
 * dx_extract(); id (plain text, may be NULL) heads the section; doc_index
 * numbers the sections of one page from 0 and keeps element ids unique. */
DX_EXPORT dx_status dx_write_html(const dx_result *res, const char *text, size_t len,
                                  const char *id, size_t id_len, size_t doc_index,
                                  dx_write_fn write, void *ctx);

/** Writes the section of a document that failed: its id and the error. */
DX_EXPORT dx_status dx_write_html_error(const char *id, size_t id_len, size_t doc_index,
                                        const dx_error *err, dx_write_fn write, void *ctx);

/** Writes the end of the page (the index of sections is built there, by
 * the page's script, when there is more than one). */
DX_EXPORT dx_status dx_write_html_end(dx_write_fn write, void *ctx);

/* ------------------------------------------------------------------ */
/* Offsets                                                             */

/** The number of code points in text[0, byte_offset): the offset Python
 * and JavaScript strings use.  Invalid bytes count one each. */
DX_EXPORT size_t dx_codepoint_offset(const char *text, size_t len,
                                     size_t byte_offset);

/** The 1-based line and column (in code points) of a byte offset. */
DX_EXPORT void dx_line_col(const char *text, size_t len, size_t byte_offset,
                           size_t *line, size_t *column);

#ifdef __cplusplus
}
#endif
#endif /* DIXIT_H */
