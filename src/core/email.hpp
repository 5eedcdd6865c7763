#pragma once
// E-mail addresses as stored: validated once at the edge, then trusted.
// Pure function, thread-safe.

#include <string>
#include <string_view>

namespace abonado {

// Trims `text`, checks its shape and lower-cases the domain (the local part
// keeps its case: RFC 5321 lets the receiving server decide). The shape is
// the practical subset mail providers accept: one "@"; a local part of 1-64
// letters, digits and !#$%&'*+/=?^_`{|}~.- without leading, trailing or
// doubled dots; a domain of at least two dot-separated labels of 1-63 ASCII
// letters, digits and inner hyphens; 254 characters in all. Throws
// Error(kInvalidEmail, reason, "email").
std::string normalize_email(std::string_view text);

}  // namespace abonado
