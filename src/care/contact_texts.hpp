#pragma once
// The words of the contacts Abonado records by itself (a top-up, a purchase,
// an activation, a port, a form request, a suspension), in the operator's
// language, so that a customer's history reads like the rest of the
// operator's records and the SMS sent with them. Spanish and Russian;
// English for any other language. Outcome and channel codes stay codes.

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/business_calendar.hpp"
#include "core/clock.hpp"

namespace abonado::care {

enum class ContactText {
  kTopup,               // reason: {amount}
  kScheduledTopup,      // reason: {amount}
  kTopupDeclined,       // description (a scheduled top-up's card)
  kAutoTopupStopped,    // description: {amount}
  kTopupHow,            // description: {channel} {invoice}
  kTopupHowAgent,       // description: {agent} {invoice}
  kPurchase,            // reason: {offering}
  kPurchasePaid,        // description: {price} {channel}
  kActivation,          // reason
  kActivationRejected,  // description: {attempts}
  kActivated,           // description: {msisdn}
  kPortIn,              // reason
  kPortInStarted,       // description: {msisdn} {donor} {due}
  kPortInCompleted,     // description: {msisdn} {temporary}
  kPortInFailed,        // description: {msisdn} {reason} {temporary}
  kActivationRequest,   // reason
  kRequestPending,      // description: {category} {due}
  kRequestCompleted,    // description: {category} {msisdn}
  kRequestRejected,     // description: {category} {reason}
  kSuspension,          // reason
  kSuspended,           // description: {msisdn}
  kResumption,          // reason
  kResumed,             // description: {msisdn}
};

using TextVars = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// The text of `key` in `language` (ISO 639-1: "es", "ru", else English),
// each "{name}" replaced by its value in `vars`. Throws std::logic_error for a
// placeholder `vars` lacks (a programmer error).
std::string contact_text(std::string_view language, ContactText key, TextVars vars = {});

// A money channel's code ("callCenter", "web", "account", "agent", "ussd",
// "app") as a reader of `language` names it in a text: "centro de
// llamadas". A code it does not know is returned as it is.
std::string_view channel_text(std::string_view language, std::string_view channel);

// `t` as a reader of `language` writes a date and time, in the operator's
// zone (`calendar`), to the minute: "14/12/2026 09:30" (es), "14.12.2026
// 09:30" (ru), "2026-12-14 09:30" (other). For texts such as "vence {due}".
std::string local_time_text(std::string_view language, const BusinessCalendar& calendar,
                            TimePoint t);

// For tests: every key and the languages the texts are written in, and one
// text as written ("{amount}" left in).
std::span<const ContactText> all_contact_texts();
std::span<const std::string_view> contact_text_languages();
std::string_view contact_text_pattern(std::string_view language, ContactText key);

}  // namespace abonado::care
