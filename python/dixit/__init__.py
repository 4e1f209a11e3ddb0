"""dixit: who said what, to whom, in French and English news text.

    >>> import dixit
    >>> r = dixit.extract("« Non », a déclaré Paul Durand.")
    >>> q = r.quotes[0]
    >>> q.type, q.text, q.speaker.name, q.start, q.byte_start
    ('direct', 'Non', 'Paul Durand', 2, 3)

Offsets come twice: ``start``/``end`` index the Python string (code
points), ``byte_start``/``byte_end`` are UTF-8 byte offsets, as in the
``dixit`` command's JSON (docs/FORMAT.md).  Cue, Party, Entity, Span and
Warning are struct sequences: read-only, with named fields, and tuples as
well.  A Quote and a Result read the same way (``lang, quotes, entities,
warnings = r``; == and pickling as their tuples) but make their parts when
first read: a Quote each of its fields (its Cue, its Party objects and
their Spans are most of its cost), a Result its ``entities`` (every
mention of every name, most of a document's objects).  A program pays for
what it reads; a Quote keeps its document's str (or bytes) to cut its
spans from.

The extraction runs in C (libdixit, compiled into ``dixit._core``) with
the GIL released, so threads of your own run alongside, and
``extract_many`` uses several cores by itself.
"""
import os

from . import _core
from ._core import Cue, Entity, Party, Quote, Result, Span, Warning  # noqa: F401

__all__ = ["extract", "extract_many", "Error", "Result", "Quote", "Entity", "Span", "Cue",
           "Party", "Warning", "__version__"]
__version__ = "0.1.0"


class Error(ValueError):
    """A document dixit refused.

    ``code`` is the error code of docs/FORMAT.md ("invalid-utf8",
    "nul-byte", "too-big", "out-of-memory", "invalid-argument");
    ``offset`` is where, in code points into the str given (None when the
    problem has no place), and ``byte_offset`` the same in UTF-8 bytes (None
    for a lone surrogate, which has no UTF-8 form).
    """

    def __init__(self, message, code, offset=None, byte_offset=None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.offset = offset
        self.byte_offset = byte_offset

    def __str__(self):
        where = f" (offset {self.offset})" if self.offset is not None else ""
        return f"{self.code}: {self.message}{where}"

    def __reduce__(self):  # picklable, for multiprocessing and Dask
        return (Error, (self.message, self.code, self.offset, self.byte_offset))


_core._set_error_type(Error)


def extract(text, lang=None):
    """The quotations of one document.

    text: a str (or UTF-8 bytes).  lang: "fr", "en", or None to detect it.
    Returns a Result (lang, quotes, entities, warnings); raises dixit.Error
    when the text cannot be processed (a NUL character, a lone surrogate,
    invalid UTF-8 in bytes), TypeError when it is not text, ValueError for
    an unknown lang.
    """
    r = _core.extract(text, lang)
    if isinstance(r, Error):
        raise r
    return r


def extract_many(texts, threads=None, lang=None, errors="raise", batch=None):
    """Results for an iterable of documents, in the same order, lazily.

    threads: C threads extracting at once (default: os.cpu_count()); the
    GIL is released while they work, and they keep working while you use
    the results.  With two or more, the calling thread is one of them: it
    extracts, the GIL let go, whenever the next result is not ready yet.  At most `batch` documents (default 64 per thread) are
    read ahead of the one you get, so memory follows the batch, not the
    corpus.  errors="raise" raises dixit.Error at a bad document;
    errors="return" yields the dixit.Error in its place and goes on.
    """
    if errors not in ("raise", "return"):
        raise ValueError("errors must be 'raise' or 'return'")
    threads = int(threads or os.cpu_count() or 1)
    if threads < 1:
        raise ValueError("threads must be at least 1")
    size = int(batch or 64 * threads)
    return _many(iter(texts), threads, lang, errors, size)


def _many(texts, threads, lang, errors, size):
    stream = _core.Stream(texts, lang, threads, size)
    if errors == "return":
        yield from stream
        return
    for r in stream:
        if isinstance(r, Error):
            raise r
        yield r
