#pragma once
// How lines/ records a contact with a customer and words a message to one
// (internal): every activation, form request and port is an interaction
// (TMF683) and most send an SMS or email.

#include <string>

#include "care/contact_texts.hpp"
#include "care/service.hpp"
#include "notify/model.hpp"

namespace abonado::lines {

inline care::NewInteraction contact(const std::string& party_id, const char* channel,
                                    const char* direction, std::string reason, std::string outcome,
                                    std::string description, std::string product_id = {}) {
  care::NewInteraction n;
  n.party_id = party_id;
  n.channel = channel;
  n.direction = direction;
  n.reason = std::move(reason);
  n.outcome = std::move(outcome);
  n.description = std::move(description);
  n.product_id = std::move(product_id);
  return n;
}

// A text of care/contact_texts.hpp in the operator's language.
inline std::string words(const std::string& language, care::ContactText key,
                         care::TextVars vars = {}) {
  return care::contact_text(language, key, vars);
}

inline notify::TemplateMessage message(const std::string& party_id, notify::Channel channel,
                                       std::string recipient, const char* template_name,
                                       std::string language, notify::TemplateVars vars) {
  notify::TemplateMessage m;
  m.party_id = party_id;
  m.channel = channel;
  m.recipient = std::move(recipient);
  m.template_name = template_name;
  m.language = std::move(language);
  m.vars = std::move(vars);
  return m;
}

}  // namespace abonado::lines
