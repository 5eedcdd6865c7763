#pragma once
// The one error type of Abonado. A broken business rule or bad input throws
// abonado::Error with a stable code; http/ maps each code to a status and the
// TMF error body. Codes are part of the API contract: never rename one.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace abonado {

enum class Code {
  // Request shape (400 unless noted).
  kInvalidJson,
  kInvalidField,
  kMissingField,
  kInvalidIdDocument,  // an identity document that breaks its country's rule
  kInvalidPhoneNumber,
  kInvalidEmail,
  kInvalidAddress,
  kInvalidDate,
  kUnknownParameter,
  kInvalidParameter,
  kUnsupportedMediaType,      // 415
  kBodyTooLarge,              // 413
  kAttachmentTooLarge,        // 413
  kAttachmentTypeNotAllowed,  // 415
  kHeadersTooLarge,           // 431
  // Routing.
  kNotFound,          // 404: an entity
  kRouteNotFound,     // 404: no such route
  kMethodNotAllowed,  // 405
  // Auth.
  kUnauthorized,        // 401
  kInvalidCredentials,  // 401
  kForbidden,           // 403
  kAccountLocked,       // 429
  kTooManyRequests,     // 429
  // State.
  kConflict,              // 409
  kDuplicate,             // 409
  kDuplicateParty,        // 409: a party with this identity document exists
  kIdempotencyKeyReused,  // 422
  // Lines, inventory, activation and portability in (FL-1..FL-9).
  kInvalidIccid,                 // 400: length, 89 prefix or Luhn check digit
  kAppNotAllowed,                // 400: the document must use the form channel (FL-4)
  kInvalidPortingPin,            // 400: the donor refused the PIN (FL-6)
  kSimNotFound,                  // 404
  kSimNotAvailable,              // 409: reserved or in use
  kNoNumberAvailable,            // 409: the pool is empty
  kLineLimitReached,             // 409: FL-3
  kBiometricAttemptsExhausted,   // 409: FL-2
  kActivationNotPending,         // 409: the fingerprint step is over
  kActivationSessionClosed,      // 409: FL-7
  kRequestAlreadyDecided,        // 409: a form request completed or rejected before
  kNumberAlreadyOurs,            // 409: port in of a number we already hold
  kPortInProgress,               // 409: the number or line is already being ported
  kPortingPinAttemptsExhausted,  // 409: too many wrong PINs for the number lately (FL-6)
  kLineNotActive,                // 409: the line is suspended, terminated or ported out
  // Balance, top-ups and purchases (FL-10..FL-14).
  kInvalidAmount,        // 400: not a number, not positive, or finer than the minor unit
  kCurrencyMismatch,     // 400: an amount in another currency than the operator's
  kAmountOutOfRange,     // 400: outside the policy's top-up bounds
  kUnknownOffering,      // 400: no such plan or package in the catalog
  kInsufficientBalance,  // 409: the balance does not cover the price (FL-14)
  kTestingDisabled,      // 404: testing endpoint without --testing
  kUnavailable,          // 503
  kInternal,             // 500
};

// Stable wire name, e.g. "INVALID_JSON".
std::string_view code_name(Code code);

class Error : public std::runtime_error {
 public:
  // A fact of the refusal that a client acts on without reading the message:
  // a count ("attemptsLeft") or a time ("retryAt", RFC 3339 text).
  using Detail = std::pair<std::string, std::variant<std::int64_t, std::string>>;

  Error(Code code, std::string message, std::string field = {})
      : std::runtime_error(std::move(message)), code_(code), field_(std::move(field)) {}

  Code code() const { return code_; }
  // The input field at fault, when there is one ("limit", "body.username").
  const std::string& field() const { return field_; }
  // Sent in the error body beside "message", each under its name.
  const std::vector<Detail>& details() const { return details_; }
  Error& with(std::string name, std::int64_t value) & {
    details_.emplace_back(std::move(name), value);
    return *this;
  }
  Error& with(std::string name, std::string value) & {
    details_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Error&& with(std::string name, std::int64_t value) && {
    return std::move(with(std::move(name), value));
  }
  Error&& with(std::string name, std::string value) && {
    return std::move(with(std::move(name), std::move(value)));
  }

 private:
  Code code_;
  std::string field_;
  std::vector<Detail> details_;
};

}  // namespace abonado
