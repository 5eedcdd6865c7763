#pragma once
// SMS text facts: whether a UTF-8 text fits the GSM 03.38 7-bit alphabet (160 characters a
// part) or needs UCS-2 (70 a part). Pure functions; any thread.

#include <cstddef>
#include <optional>
#include <string_view>

namespace abonado::notify {

// The number of 7-bit septets `utf8` takes (extension characters such as € [ ] { } count
// twice), or nullopt when a character is outside the GSM alphabet or the text is not UTF-8.
std::optional<std::size_t> gsm7_septets(std::string_view utf8);
inline bool is_gsm7(std::string_view utf8) { return gsm7_septets(utf8).has_value(); }

// Code points of `utf8` (UCS-2 length for characters of the Basic Multilingual Plane), or
// nullopt when it is not valid UTF-8.
std::optional<std::size_t> utf8_length(std::string_view utf8);

}  // namespace abonado::notify
