#include "http/json.hpp"

#include "core/error.hpp"

namespace abonado::http {
namespace {

const Json* find(const Json& obj, std::string_view key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string type_error(std::string_view key, std::string_view want) {
  return "field '" + std::string(key) + "' must be " + std::string(want);
}

}  // namespace

Json parse_body(const Request& req) {
  Json j = Json::parse(req.body, nullptr, false);
  if (j.is_discarded()) {
    // Parse again for the message: the discarded form carries no position.
    try {
      (void)Json::parse(req.body);
    } catch (const Json::parse_error& e) {
      throw Error(Code::kInvalidJson,
                  "the body is not valid JSON (at byte " + std::to_string(e.byte) + ")", "body");
    } catch (const Json::out_of_range&) {
      // Well-formed, but a number does not fit a double (1E999).
      throw Error(Code::kInvalidJson, "the body has a number too large to represent", "body");
    }
    throw Error(Code::kInvalidJson, "the body is not valid JSON", "body");
  }
  if (!j.is_object()) throw Error(Code::kInvalidField, "the body must be a JSON object", "body");
  return j;
}

std::optional<std::string> optional_string(const Json& obj, std::string_view key,
                                           std::size_t max_len) {
  const Json* v = find(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) throw Error(Code::kInvalidField, type_error(key, "a string"), std::string(key));
  const auto& s = v->get_ref<const std::string&>();
  if (s.find('\0') != std::string::npos) {
    throw Error(Code::kInvalidField, "field '" + std::string(key) + "' contains a NUL character",
                std::string(key));
  }
  if (s.size() > max_len) {
    throw Error(Code::kInvalidField,
                "field '" + std::string(key) + "' is longer than " + std::to_string(max_len),
                std::string(key));
  }
  return s;
}

std::string required_string(const Json& obj, std::string_view key, std::size_t max_len) {
  auto s = optional_string(obj, key, max_len);
  if (!s || s->empty()) {
    throw Error(Code::kMissingField, "field '" + std::string(key) + "' is required",
                std::string(key));
  }
  return *s;
}

std::int64_t required_int(const Json& obj, std::string_view key, std::int64_t min,
                          std::int64_t max) {
  const Json* v = find(obj, key);
  if (!v) {
    throw Error(Code::kMissingField, "field '" + std::string(key) + "' is required",
                std::string(key));
  }
  if (!v->is_number_integer()) {
    throw Error(Code::kInvalidField, type_error(key, "an integer"), std::string(key));
  }
  auto out_of_range = [&] {
    return Error(Code::kInvalidField,
                 "field '" + std::string(key) + "' must be between " + std::to_string(min) +
                     " and " + std::to_string(max),
                 std::string(key));
  };
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > INT64_MAX) throw out_of_range();
  auto n = v->get<std::int64_t>();
  if (n < min || n > max) throw out_of_range();
  return n;
}

std::optional<bool> optional_bool(const Json& obj, std::string_view key) {
  const Json* v = find(obj, key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) throw Error(Code::kInvalidField, type_error(key, "true or false"), std::string(key));
  return v->get<bool>();
}

void only_fields(const Json& obj, std::initializer_list<std::string_view> allowed) {
  for (const auto& [k, _] : obj.items()) {
    bool ok = false;
    for (auto a : allowed) ok = ok || a == k;
    if (!ok) throw Error(Code::kInvalidField, "unknown field '" + k + "'", k);
  }
}

Response json_response(int status, const Json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

}  // namespace abonado::http
