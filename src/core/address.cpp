#include "core/address.hpp"

#include <array>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"

namespace abonado {
namespace {

// The parts of an address that a keyword introduces.
enum class Part {
  kNone,
  kBetween,
  kCorner,
  kBuilding,
  kCondominium,
  kBlock,
  kFloor,
  kApartment,
  kZone,
  kNeighbourhood,
  kObservations,
};

struct Keyword {
  std::string_view folded;  // as fold_for_search writes it
  Part part;
};

constexpr std::array<Keyword, 18> kKeywords{{
    {"entre", Part::kBetween},
    {"esquina", Part::kCorner},
    {"esq", Part::kCorner},
    {"edificio", Part::kBuilding},
    {"edif", Part::kBuilding},
    {"condominio", Part::kCondominium},
    {"cond", Part::kCondominium},
    {"bloque", Part::kBlock},
    {"bloq", Part::kBlock},
    {"piso", Part::kFloor},
    {"depto", Part::kApartment},
    {"dpto", Part::kApartment},
    {"departamento", Part::kApartment},
    {"zona", Part::kZone},
    {"barrio", Part::kNeighbourhood},
    {"observaciones", Part::kObservations},
    {"observacion", Part::kObservations},
    {"obs", Part::kObservations},
}};

constexpr std::string_view kUnnamedStreet = "INNOMINADA";
constexpr std::string_view kNoNumber = "S/N";
constexpr std::string_view kRuralMarker = "UBICACIÓN RURAL: ";
constexpr std::string_view kTrimmed = " \t\r\n.,;:-";

[[noreturn]] void fail(const std::string& reason) {
  throw Error(Code::kInvalidAddress, reason, "address");
}

std::string_view trim(std::string_view s, std::string_view chars) {
  std::size_t first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) words.emplace_back(text.substr(start, i - start));
  }
  return words;
}

std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

Part keyword_of(const std::string& word) {
  std::string folded = fold_for_search(word);
  for (const Keyword& k : kKeywords) {
    if (k.folded == folded) return k.part;
  }
  return Part::kNone;
}

std::string_view part_name(Part part) {
  switch (part) {
    case Part::kBetween:
      return "ENTRE";
    case Part::kCorner:
      return "ESQUINA";
    case Part::kBuilding:
      return "EDIFICIO";
    case Part::kCondominium:
      return "CONDOMINIO";
    case Part::kBlock:
      return "BLOQUE";
    case Part::kFloor:
      return "PISO";
    case Part::kApartment:
      return "DEPTO";
    case Part::kZone:
      return "ZONA";
    case Part::kNeighbourhood:
      return "BARRIO";
    default:  // kObservations; kNone is never named
      return "OBSERVACIONES";
  }
}

bool is_unnamed(std::string_view street) { return fold_for_search(street) == "innominada"; }

bool is_house_number(std::string_view number) {
  if (number == kNoNumber) return true;
  std::size_t digits = 0;
  while (digits < number.size() && is_digit(number[digits])) ++digits;
  std::size_t rest = number.size() - digits;
  return digits >= 1 && digits <= 6 &&
         (rest == 0 || (rest == 1 && number.back() >= 'A' && number.back() <= 'Z'));
}

// Strips a leading "UBICACIÓN RURAL" (any case or accents, then ':' or '-').
bool take_rural_marker(std::vector<std::string>& words) {
  if (words.size() < 2 || fold_for_search(words[0] + " " + words[1]) != "ubicacion rural") {
    return false;
  }
  std::size_t skip = 2;
  if (skip < words.size() && trim(words[skip], kTrimmed).empty()) ++skip;
  words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(skip));
  return true;
}

// The '-' between street and house number: the first one followed, after
// blanks, by a digit or S/N (a street name may itself contain hyphens).
std::size_t number_dash(std::string_view text) {
  for (std::size_t i = text.find('-'); i != std::string_view::npos; i = text.find('-', i + 1)) {
    std::string_view after = trim(text.substr(i + 1), " ");
    if (!after.empty() && (is_digit(after[0]) || after.substr(0, kNoNumber.size()) == kNoNumber)) {
      return i;
    }
  }
  fail(
      "the street needs ' - ' and a house number, as in LA PAZ - 2020 (use S/N only for rural "
      "locations)");
}

void set_between(PostalAddress& a, const std::vector<std::string>& words, std::size_t from,
                 std::size_t to) {
  std::size_t y = from;
  while (y < to && fold_for_search(words[y]) != "y") ++y;
  a.between_a = trim(join(words, from, y), kTrimmed);
  a.between_b = y < to ? std::string(trim(join(words, y + 1, to), kTrimmed)) : std::string();
  if (a.between_a.empty() || a.between_b.empty()) {
    fail("ENTRE needs two streets: ENTRE <street> Y <street>");
  }
}

std::string* field_of(PostalAddress& a, Part part) {
  switch (part) {
    case Part::kCorner:
      return &a.corner;
    case Part::kBuilding:
    case Part::kCondominium:
      return &a.building;
    case Part::kBlock:
      return &a.block;
    case Part::kFloor:
      return &a.floor;
    case Part::kApartment:
      return &a.apartment;
    case Part::kZone:
      return &a.zone;
    case Part::kNeighbourhood:
      return &a.neighbourhood;
    default:  // kBetween: its first street tells whether ENTRE was seen
      return &a.between_a;
  }
}

// Stores the words [from, to) that follow the keyword of `part`.
void set_part(PostalAddress& a, Part part, const std::vector<std::string>& words, std::size_t from,
              std::size_t to) {
  std::string name(part_name(part));
  std::string* field = field_of(a, part);
  if (!field->empty()) {
    fail(part == Part::kBuilding || part == Part::kCondominium
             ? "only one EDIFICIO or CONDOMINIO may be given"
             : name + " is given twice");
  }
  if (part == Part::kBetween) {
    set_between(a, words, from, to);
    return;
  }
  *field = trim(join(words, from, to), kTrimmed);
  if (field->empty()) fail(name + " needs a value");
  if (part == Part::kCondominium) a.condominium = true;
}

// Reads the keyword parts that follow the house number.
void parse_parts(PostalAddress& a, const std::vector<std::string>& words) {
  std::size_t i = 1;
  if (i < words.size() && keyword_of(words[i]) == Part::kNone) {
    fail("unexpected text after the house number: " + words[i] +
         " (expected ENTRE, ESQUINA, EDIFICIO, CONDOMINIO, BLOQUE, PISO, DEPTO, ZONA, BARRIO or "
         "OBSERVACIONES)");
  }
  while (i < words.size()) {
    Part part = keyword_of(words[i++]);
    if (part == Part::kObservations) {
      a.observations = trim(join(words, i, words.size()), " :-");
      return;
    }
    std::size_t end = i;
    while (end < words.size() && keyword_of(words[end]) == Part::kNone) ++end;
    set_part(a, part, words, i, end);
    i = end;
  }
}

void append_part(std::string& out, std::string_view keyword, const std::string& value) {
  if (value.empty()) return;
  out += ' ';
  out += keyword;
  out += ' ';
  out += value;
}

}  // namespace

PostalAddress parse_bo_address(std::string_view text) {
  std::vector<std::string> words = split_words(to_upper(text));
  if (words.empty()) fail("the address is empty");
  PostalAddress a;
  a.country = "BO";
  a.rural = take_rural_marker(words);
  std::string line = join(words, 0, words.size());
  std::size_t dash = number_dash(line);
  std::string_view head = trim(std::string_view(line).substr(0, dash), kTrimmed);
  if (std::size_t slash = head.find('/'); slash != std::string_view::npos) {
    a.city = trim(head.substr(0, slash), kTrimmed);
    head = trim(head.substr(slash + 1), kTrimmed);
  }
  a.street = head;
  std::vector<std::string> tail = split_words(std::string_view(line).substr(dash + 1));
  a.number = trim(tail[0], ".,;");
  parse_parts(a, tail);
  a.rural = a.rural || is_unnamed(a.street);
  validate_address(a);
  return a;
}

std::string format_bo_address(const PostalAddress& a) {
  std::string out;
  if (a.rural && !is_unnamed(a.street)) out += kRuralMarker;
  if (!a.city.empty()) out += a.city + "/";
  out += a.street + " - " + a.number;
  if (!a.between_a.empty()) out += " ENTRE " + a.between_a + " Y " + a.between_b;
  append_part(out, "ESQUINA", a.corner);
  append_part(out, a.condominium ? "CONDOMINIO" : "EDIFICIO", a.building);
  append_part(out, "BLOQUE", a.block);
  append_part(out, "PISO", a.floor);
  append_part(out, "DEPTO", a.apartment);
  append_part(out, "ZONA", a.zone);
  append_part(out, "BARRIO", a.neighbourhood);
  if (!a.observations.empty()) out += ". OBSERVACIONES: " + a.observations;
  return out;
}

void validate_address(const PostalAddress& a) {
  if (a.street.empty()) fail("the address needs a street (INNOMINADA for an unnamed one)");
  if (a.number.empty() || (a.number == kNoNumber && !a.rural)) {
    fail("the street needs a house number (use S/N only for rural locations)");
  }
  if (!is_house_number(a.number)) {
    fail("the house number must be up to 6 digits, optionally followed by one letter, or S/N");
  }
  if (is_unnamed(a.street) && !a.rural) {
    fail("an unnamed street (INNOMINADA) must be registered as a rural location");
  }
  if (a.between_a.empty() != a.between_b.empty()) {
    fail("ENTRE needs two streets: ENTRE <street> Y <street>");
  }
  if (!a.rural && a.between_a.empty() && a.corner.empty()) {
    fail("an urban address needs ENTRE <street> Y <street> or ESQUINA <street>");
  }
  if (a.condominium && a.building.empty()) fail("CONDOMINIO needs a name");
  if (a.building.empty() && !(a.block.empty() && a.floor.empty() && a.apartment.empty())) {
    fail("BLOQUE, PISO and DEPTO need the name of the EDIFICIO or CONDOMINIO");
  }
  if (a.rural && a.observations.empty()) {
    fail("a rural location needs directions to the house in OBSERVACIONES");
  }
}

}  // namespace abonado
