#include "notify/templates.hpp"

#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cctype>

#include "core/error.hpp"

namespace abonado::notify {
namespace {

namespace mustache = kainjow::mustache;

constexpr std::string_view kSubjectPrefix = "Subject:";
constexpr std::string_view kLastFallback = "en";

std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// The plain variables ({{x}}, {{{x}}}, {{&x}}) a template uses; sections, partials and comments
// are not required values.
void collect_vars(std::string_view text, std::vector<std::string>& out) {
  std::size_t at = 0;
  while ((at = text.find("{{", at)) != std::string_view::npos) {
    auto end = text.find("}}", at + 2);
    if (end == std::string_view::npos) return;
    std::string_view tag = text.substr(at + 2, end - at - 2);
    at = end + 2;
    if (!tag.empty() && tag.front() == '{') tag.remove_prefix(1);
    if (!tag.empty() && tag.front() == '&') tag.remove_prefix(1);
    tag = trim(tag);
    if (tag.empty() || std::string_view("!#^/>=").find(tag.front()) != std::string_view::npos) {
      continue;
    }
    std::string name(tag);
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  }
}

// A template of text and plain variables only, split once at start-up, so
// that rendering is a concatenation (a receipt SMS goes out with every top-up);
// empty when the template uses anything else of mustache.
std::vector<std::pair<std::string, std::string>> split_plain(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;  // literal, then variable ("" at the end)
  std::size_t at = 0;
  for (;;) {
    auto open = text.find("{{", at);
    if (open == std::string_view::npos) {
      out.emplace_back(std::string(text.substr(at)), "");
      return out;
    }
    std::size_t inner = open + 2;
    std::string_view close = "}}";
    if (text.substr(inner).starts_with("{")) {
      ++inner;
      close = "}}}";
    } else if (text.substr(inner).starts_with("&")) {
      ++inner;
    }
    auto end = text.find(close, inner);
    if (end == std::string_view::npos) return {};
    std::string_view tag = trim(text.substr(inner, end - inner));
    bool plain = !tag.empty();
    for (char c : tag) {
      plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    }
    if (!plain) return {};
    out.emplace_back(std::string(text.substr(at, open - at)), std::string(tag));
    at = end + close.size();
  }
}

std::string render_plain(const std::vector<std::pair<std::string, std::string>>& parts,
                         const TemplateVars& vars) {
  std::string out;
  for (const auto& [literal, var] : parts) {
    out += literal;
    if (!var.empty()) out += vars.at(var);
  }
  return out;
}

std::string render_text(const std::string& text, const TemplateVars& vars) {
  mustache::mustache tmpl(text);
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  mustache::data data;
  for (const auto& [k, v] : vars) data.set(k, v);
  return tmpl.render(data);
}

}  // namespace

Templates::Templates(std::string operator_name, std::string default_language,
                     std::span<const EmbeddedTemplate> all)
    : operator_(std::move(operator_name)), default_language_(std::move(default_language)) {
  auto bad = [&](const std::string& why) {
    return Error(Code::kInvalidParameter, "message templates of '" + operator_ + "': " + why,
                 "operator");
  };
  for (const auto& t : all) {
    if (t.operator_name != operator_) continue;
    Entry e{std::string(t.language), std::string(t.name), std::nullopt, {}, {}, {}, {}};
    std::string_view text = t.text;
    if (text.starts_with(kSubjectPrefix)) {
      auto eol = text.find('\n');
      e.subject =
          std::string(trim(text.substr(kSubjectPrefix.size(), eol - kSubjectPrefix.size())));
      text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
      if (e.subject->empty()) throw bad(e.language + "/" + e.name + ": empty Subject line");
    }
    e.body = std::string(trim(text));
    if (e.body.empty()) throw bad(e.language + "/" + e.name + ": no text");
    for (const std::string* part : {e.subject ? &*e.subject : nullptr, &e.body}) {
      if (!part) continue;
      mustache::mustache check(*part);
      if (!check.is_valid()) throw bad(e.language + "/" + e.name + ": " + check.error_message());
      collect_vars(*part, e.vars);
    }
    if (e.subject) e.subject_parts = split_plain(*e.subject);
    e.body_parts = split_plain(e.body);
    entries_.push_back(std::move(e));
  }
  if (entries_.empty()) {
    throw bad("none found (expected policies/templates/" + operator_ + "/<language>/*.txt)");
  }
  for (const auto& e : entries_) {
    const Entry* en = find(e.name, kLastFallback);
    if (!en) throw bad("'" + e.name + "' exists in '" + e.language + "' but not in English");
    if (en->subject.has_value() != e.subject.has_value()) {
      throw bad(e.language + "/" + e.name + ": a Subject line in one language but not another");
    }
  }
}

const Templates::Entry* Templates::find(std::string_view name, std::string_view language) const {
  for (const auto& e : entries_) {
    if (e.name == name && e.language == language) return &e;
  }
  return nullptr;
}

Rendered Templates::render(std::string_view name, std::string_view language,
                           const TemplateVars& vars) const {
  const Entry* e = find(name, language);
  if (!e) e = find(name, default_language_);
  if (!e) e = find(name, kLastFallback);
  if (!e) {
    throw Error(Code::kInternal,
                "no message template '" + std::string(name) + "' for " + operator_);
  }
  for (const auto& v : e->vars) {
    if (!vars.contains(v)) {
      throw Error(Code::kInternal,
                  "message template '" + e->name + "' needs the value '" + v + "'");
    }
  }
  Rendered out;
  out.language = e->language;
  auto render_one = [&](const std::string& text, const auto& parts) {
    return std::string(trim(parts.empty() ? render_text(text, vars) : render_plain(parts, vars)));
  };
  if (e->subject) out.subject = render_one(*e->subject, e->subject_parts);
  out.text = render_one(e->body, e->body_parts);
  return out;
}

bool Templates::is_email(std::string_view name) const {
  const Entry* en = find(name, kLastFallback);
  return en && en->subject.has_value();
}

std::vector<std::string> Templates::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) {
    if (std::find(out.begin(), out.end(), e.name) == out.end()) out.push_back(e.name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Templates::languages(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& e : entries_) {
    if (e.name == name) out.push_back(e.language);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace abonado::notify
