#pragma once
// Message templates: policies/templates/<operator>/<language>/<name>.txt, compiled into the
// binary at build time (src/notify/CMakeLists.txt). A template is mustache text; an email
// template's first line is "Subject: ..." (itself a template), an SMS template has none. Values
// are inserted as they are (no HTML escaping): these are plain-text messages.
//
// Built once at start-up for one operator; immutable afterwards, so any thread may render.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notify/model.hpp"

namespace abonado::notify {

struct EmbeddedTemplate {
  std::string_view operator_name;  // "pe-flash"
  std::string_view language;       // "es"
  std::string_view name;           // "welcome"
  std::string_view text;
};

// Every template under policies/templates, as compiled in.
std::span<const EmbeddedTemplate> embedded_templates();

struct Rendered {
  std::optional<std::string> subject;  // email templates only
  std::string text;
  std::string language;  // the one used after fallback
};

class Templates {
 public:
  // The operator's templates; `default_language` is its policy's language ("es"). Throws
  // abonado::Error(kInvalidParameter, field "operator") when the operator has no templates, a
  // template does not parse, or one exists in some language but not in English (the last
  // fallback).
  Templates(std::string operator_name, std::string default_language,
            std::span<const EmbeddedTemplate> all = embedded_templates());

  // Renders `name` in `language`, else the operator's default language, else English. Throws
  // abonado::Error(kInternal) for an unknown template or a variable it needs that `vars` lacks
  // (a programmer error of the calling module).
  Rendered render(std::string_view name, std::string_view language, const TemplateVars& vars) const;

  // True when `name` exists (in English at least) and is an email template.
  bool is_email(std::string_view name) const;
  std::vector<std::string> names() const;
  // The languages `name` exists in.
  std::vector<std::string> languages(std::string_view name) const;

 private:
  struct Entry {
    std::string language;
    std::string name;
    std::optional<std::string> subject;  // template text of the Subject line
    std::string body;
    std::vector<std::string> vars;  // variables it uses
    // Literal text and the variable after it, when the template has nothing
    // but plain variables; else empty (rendered by mustache).
    std::vector<std::pair<std::string, std::string>> subject_parts, body_parts;
  };
  const Entry* find(std::string_view name, std::string_view language) const;

  std::string operator_;
  std::string default_language_;
  std::vector<Entry> entries_;
};

}  // namespace abonado::notify
