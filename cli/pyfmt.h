/*
 * pyfmt.h — printing values the way Python prints them, so that dixit eval
 * writes byte for byte what the reference scorer (score.py) writes, and a
 * real-valued id keeps the spelling Python gives it.
 */
#ifndef DIXIT_CLI_PYFMT_H
#define DIXIT_CLI_PYFMT_H

#include <jansson.h>
#include <stddef.h>

#include "sink.h"

/* repr(x) for a float: the shortest digits that read back as x, "1.0" for
 * whole numbers, exponent form below 1e-4 and from 1e16 ("1e-05").  buf
 * holds at least 32 bytes. */
void py_float_repr(double x, char *buf);

/* repr(round(x, 4)): x rounded half-even on its exact binary value. */
void py_round4_repr(double x, char *buf);

/* repr(s) of a str given as UTF-8 ('…', or "…" when s has ' but no "). */
int py_str_repr(cli_membuf *out, const char *s, size_t len);

/* str(v) of the Python value json.loads gives for v (a str as is, None,
 * True, 12, 1.5, [1, 'a'], {'k': None}); NULL means a missing key: "None". */
int py_str(cli_membuf *out, const json_t *v);

/* repr(v), which differs from str(v) for strings only. */
int py_repr(cli_membuf *out, const json_t *v);

#endif
