/* offsets.c — byte offsets to code points and to line/column. */
#include "dixit.h"

/* A byte starts a code point unless it is a UTF-8 continuation byte; invalid
 * bytes that are not continuations count one each, as documented. */
static int starts_codepoint(unsigned char c) { return (c & 0xC0) != 0x80; }

size_t dx_codepoint_offset(const char *text, size_t len, size_t byte_offset) {
  if (!text)
    return 0;
  if (byte_offset > len)
    byte_offset = len;
  size_t n = 0;
  for (size_t i = 0; i < byte_offset; i++)
    n += starts_codepoint((unsigned char)text[i]);
  return n;
}

void dx_line_col(const char *text, size_t len, size_t byte_offset,
                 size_t *line, size_t *column) {
  size_t l = 1, c = 1;
  if (text) {
    if (byte_offset > len)
      byte_offset = len;
    for (size_t i = 0; i < byte_offset; i++) {
      unsigned char ch = (unsigned char)text[i];
      if (ch == '\n') {
        l++;
        c = 1;
      } else if (starts_codepoint(ch)) {
        c++;
      }
    }
  }
  if (line)
    *line = l;
  if (column)
    *column = c;
}
