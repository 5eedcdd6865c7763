#pragma once
// Text folding for search and display. Input is UTF-8; bytes that are not
// valid UTF-8 are dropped, never passed through. Pure functions, thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace abonado {

// Lower-cases and strips accents from Latin letters (Latin-1 Supplement and
// Latin Extended-A: "Ñ" -> "n", "ß" -> "ss", "Œ" -> "oe"), lower-cases
// Cyrillic (with "Ё" -> "е", as Russian search expects), drops combining
// marks, and turns every run of whitespace and punctuation into one space,
// trimmed. "Quispe  Ñahui" -> "quispe nahui".
std::string fold_for_search(std::string_view utf8);

// The words of fold_for_search(utf8), in order.
std::vector<std::string> search_tokens(std::string_view utf8);

// Upper-cases ASCII, Latin-1 Supplement, Latin Extended-A and Cyrillic letters,
// keeping accents ("peñaranda" -> "PEÑARANDA"); everything else is copied.
std::string to_upper(std::string_view utf8);

// Whether `text` is well-formed UTF-8 (no overlong forms, surrogates or code
// points above U+10FFFF): what PostgreSQL's UTF8 encoding accepts, NUL aside.
bool valid_utf8(std::string_view text);

// `text` with each byte that starts no valid UTF-8 sequence replaced by '_',
// cut to at most `max_bytes` at a character boundary.
std::string clean_utf8(std::string_view text, std::size_t max_bytes);

// `text` as one line of printed text for a name nobody typed for us (a
// file's): the characters line_problem calls control dropped, bytes that
// start no character '_', cut as clean_utf8 cuts.
std::string printable_line(std::string_view text, std::size_t max_bytes);

// What keeps `text` from being one line of printed text that people read
// (a name, an address, an operator's name): kBlank when it holds nothing but
// spaces (no-break and ideographic spaces, zero-width ones and the BOM
// included), kControl when it holds a control character (C0, DEL, C1, the
// line and paragraph separators) or one that reorders what is shown
// (direction marks, bidirectional embeddings, overrides and isolates),
// kNotUtf8 when it is not well-formed UTF-8.
enum class LineProblem { kNone, kBlank, kControl, kNotUtf8 };
LineProblem line_problem(std::string_view text);

// Refuses `value` for the request field `field` unless it is such a line of
// at most `max_bytes`: MISSING_FIELD when blank, INVALID_FIELD otherwise.
void check_line(std::string_view value, std::size_t max_bytes, std::string_view field);

}  // namespace abonado
