#include "core/error.hpp"

namespace abonado {

std::string_view code_name(Code code) {
  switch (code) {
    case Code::kInvalidJson: return "INVALID_JSON";
    case Code::kInvalidField: return "INVALID_FIELD";
    case Code::kMissingField: return "MISSING_FIELD";
    case Code::kInvalidIdDocument: return "INVALID_ID_DOCUMENT";
    case Code::kInvalidPhoneNumber: return "INVALID_PHONE_NUMBER";
    case Code::kInvalidEmail: return "INVALID_EMAIL";
    case Code::kInvalidAddress: return "INVALID_ADDRESS";
    case Code::kInvalidDate: return "INVALID_DATE";
    case Code::kUnknownParameter: return "UNKNOWN_PARAMETER";
    case Code::kInvalidParameter: return "INVALID_PARAMETER";
    case Code::kUnsupportedMediaType: return "UNSUPPORTED_MEDIA_TYPE";
    case Code::kBodyTooLarge: return "BODY_TOO_LARGE";
    case Code::kAttachmentTooLarge: return "ATTACHMENT_TOO_LARGE";
    case Code::kAttachmentTypeNotAllowed: return "ATTACHMENT_TYPE_NOT_ALLOWED";
    case Code::kHeadersTooLarge: return "HEADERS_TOO_LARGE";
    case Code::kNotFound: return "NOT_FOUND";
    case Code::kRouteNotFound: return "ROUTE_NOT_FOUND";
    case Code::kMethodNotAllowed: return "METHOD_NOT_ALLOWED";
    case Code::kUnauthorized: return "UNAUTHORIZED";
    case Code::kInvalidCredentials: return "INVALID_CREDENTIALS";
    case Code::kForbidden: return "FORBIDDEN";
    case Code::kAccountLocked: return "ACCOUNT_LOCKED";
    case Code::kTooManyRequests: return "TOO_MANY_REQUESTS";
    case Code::kConflict: return "CONFLICT";
    case Code::kDuplicate: return "DUPLICATE";
    case Code::kDuplicateParty: return "DUPLICATE_PARTY";
    case Code::kIdempotencyKeyReused: return "IDEMPOTENCY_KEY_REUSED";
    case Code::kInvalidIccid: return "INVALID_ICCID";
    case Code::kAppNotAllowed: return "APP_NOT_ALLOWED";
    case Code::kInvalidPortingPin: return "INVALID_PORTING_PIN";
    case Code::kSimNotFound: return "SIM_NOT_FOUND";
    case Code::kSimNotAvailable: return "SIM_NOT_AVAILABLE";
    case Code::kNoNumberAvailable: return "NO_NUMBER_AVAILABLE";
    case Code::kLineLimitReached: return "LINE_LIMIT_REACHED";
    case Code::kBiometricAttemptsExhausted: return "BIOMETRIC_ATTEMPTS_EXHAUSTED";
    case Code::kActivationNotPending: return "ACTIVATION_NOT_PENDING";
    case Code::kActivationSessionClosed: return "ACTIVATION_SESSION_CLOSED";
    case Code::kRequestAlreadyDecided: return "REQUEST_ALREADY_DECIDED";
    case Code::kNumberAlreadyOurs: return "NUMBER_ALREADY_OURS";
    case Code::kPortInProgress: return "PORT_IN_PROGRESS";
    case Code::kPortingPinAttemptsExhausted:
      return "PORTING_PIN_ATTEMPTS_EXHAUSTED";
    case Code::kLineNotActive: return "LINE_NOT_ACTIVE";
    case Code::kInvalidAmount: return "INVALID_AMOUNT";
    case Code::kCurrencyMismatch: return "CURRENCY_MISMATCH";
    case Code::kAmountOutOfRange: return "AMOUNT_OUT_OF_RANGE";
    case Code::kUnknownOffering: return "UNKNOWN_OFFERING";
    case Code::kInsufficientBalance: return "INSUFFICIENT_BALANCE";
    case Code::kTestingDisabled: return "TESTING_DISABLED";
    case Code::kUnavailable: return "SERVICE_UNAVAILABLE";
    case Code::kInternal: return "INTERNAL_ERROR";
  }
  return "INTERNAL_ERROR";
}

}  // namespace abonado
