#include "http/tmf.hpp"

#include <algorithm>
#include <charconv>

namespace abonado::http {

int status_of(Code code) {
  switch (code) {
    case Code::kInvalidJson:
    case Code::kInvalidField:
    case Code::kMissingField:
    case Code::kInvalidIdDocument:
    case Code::kInvalidPhoneNumber:
    case Code::kInvalidEmail:
    case Code::kInvalidAddress:
    case Code::kInvalidDate:
    case Code::kUnknownParameter:
    case Code::kInvalidParameter:
    case Code::kInvalidIccid:
    case Code::kAppNotAllowed:
    case Code::kInvalidPortingPin:
    case Code::kInvalidAmount:
    case Code::kCurrencyMismatch:
    case Code::kAmountOutOfRange:
    case Code::kUnknownOffering: return 400;
    case Code::kSimNotFound: return 404;
    case Code::kSimNotAvailable:
    case Code::kNoNumberAvailable:
    case Code::kLineLimitReached:
    case Code::kBiometricAttemptsExhausted:
    case Code::kActivationNotPending:
    case Code::kActivationSessionClosed:
    case Code::kRequestAlreadyDecided:
    case Code::kNumberAlreadyOurs:
    case Code::kPortInProgress:
    case Code::kPortingPinAttemptsExhausted:
    case Code::kLineNotActive:
    case Code::kInsufficientBalance: return 409;
    case Code::kUnsupportedMediaType:
    case Code::kAttachmentTypeNotAllowed: return 415;
    case Code::kBodyTooLarge:
    case Code::kAttachmentTooLarge: return 413;
    case Code::kHeadersTooLarge: return 431;
    case Code::kNotFound:
    case Code::kRouteNotFound:
    case Code::kTestingDisabled: return 404;
    case Code::kMethodNotAllowed: return 405;
    case Code::kUnauthorized:
    case Code::kInvalidCredentials: return 401;
    case Code::kForbidden: return 403;
    case Code::kAccountLocked:
    case Code::kTooManyRequests: return 429;
    case Code::kConflict:
    case Code::kDuplicate:
    case Code::kDuplicateParty: return 409;
    case Code::kIdempotencyKeyReused: return 422;
    case Code::kUnavailable: return 503;
    case Code::kInternal: return 500;
  }
  return 500;
}

Response error_response(const Error& e) {
  int status = status_of(e.code());
  Json body = {{"@type", "Error"},
               {"code", std::string(code_name(e.code()))},
               {"reason", e.what()},
               {"message", e.what()},
               {"status", std::to_string(status)}};
  if (!e.field().empty()) body["field"] = e.field();
  for (const auto& [name, value] : e.details()) {
    std::visit([&, &name = name](const auto& v) { body[name] = v; }, value);
  }
  return json_response(status, body);
}

const std::string* ListQuery::filter(std::string_view name) const {
  for (const auto& [k, v] : filters) {
    if (k == name) return &v;
  }
  return nullptr;
}

namespace {

std::int64_t parse_count(std::string_view name, const std::string& text, std::int64_t min,
                         std::int64_t max) {
  std::int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || n < min ||
      n > max) {
    throw Error(Code::kInvalidParameter,
                "query parameter '" + std::string(name) + "' must be an integer from " +
                    std::to_string(min) + " to " + std::to_string(max),
                std::string(name));
  }
  return n;
}

bool valid_field_name(std::string_view f) {
  if (f.empty() || f.size() > 64) return false;
  return std::all_of(f.begin(), f.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '@' || c == '_';
  });
}

}  // namespace

ListQuery parse_query(const Request& req, const QuerySpec& spec) {
  ListQuery q;
  std::vector<std::string_view> seen;
  for (const auto& [name, value] : req.query) {
    if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
      throw Error(Code::kInvalidParameter,
                  "query parameter '" + name + "' is given more than once", name);
    }
    seen.push_back(name);
    bool declared = std::find(spec.params.begin(), spec.params.end(), name) != spec.params.end();
    if (spec.list && name == "offset") {
      q.offset = parse_count(name, value, 0, INT32_MAX);
    } else if (spec.list && name == "limit") {
      q.limit = parse_count(name, value, 1, kMaxLimit);
    } else if (spec.list && name == "fields") {
      std::string_view rest = value;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        auto f = rest.substr(0, comma);
        if (!valid_field_name(f)) {
          throw Error(Code::kInvalidParameter, "query parameter 'fields' has a bad field name",
                      "fields");
        }
        q.fields.emplace_back(f);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
    } else if (declared) {
      if (value.size() > 256) {
        throw Error(Code::kInvalidParameter, "query parameter '" + name + "' is too long", name);
      }
      q.filters.emplace_back(name, value);
    } else {
      throw Error(Code::kUnknownParameter, "unknown query parameter '" + name + "'", name);
    }
  }
  return q;
}

Json project(const Json& item, const std::vector<std::string>& fields) {
  if (fields.empty() || !item.is_object()) return item;
  Json out = Json::object();
  for (const char* keep : {"id", "href", "@type"}) {
    if (item.contains(keep)) out[keep] = item[keep];
  }
  for (const auto& f : fields) {
    auto dot = f.find('.');
    std::string top = f.substr(0, dot);
    if (item.contains(top)) out[top] = item[top];
  }
  return out;
}

Response list_response(const ListQuery& q, Json items, std::int64_t total) {
  Json page = Json::array();
  for (auto& it : items) page.push_back(project(it, q.fields));
  auto r = json_response(200, page);
  r.with_header("X-Total-Count", std::to_string(total));
  r.with_header("X-Result-Count", std::to_string(page.size()));
  return r;
}

}  // namespace abonado::http
