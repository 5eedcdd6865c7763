#pragma once
// JSON text written straight into a string, for the few documents on a hot
// path whose shape is fixed (a top-up's answer and audit snapshot): building
// them as nlohmann documents and dumping them cost the database writer a
// sixth of a top-up (bench/README.md). Everything else uses nlohmann::json.
//
//   JsonText j;
//   j.open().key("id").str(id).key("amount").money(300, 2).close();
//   std::string text = j.take();  // {"id":"...","amount":3.0}

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace abonado {

class JsonText {
 public:
  JsonText& open(char bracket = '{');
  JsonText& close(char bracket = '}');
  JsonText& key(std::string_view k);
  JsonText& str(std::string_view v);
  JsonText& num(std::int64_t v);
  JsonText& boolean(bool v);
  // `minor` units of a currency with `minor_digits` decimals as the number
  // nlohmann::json writes for to_major(): 300, 2 -> 3.0; 1050, 2 -> 10.5.
  JsonText& money(std::int64_t minor, int minor_digits);
  // Text that is already JSON (a document made elsewhere), as it is.
  JsonText& raw(std::string_view json);
  std::string take() { return std::move(out_); }

 private:
  void separate();
  std::string out_;
  bool first_ = true;
};

// `v` as a JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view v);

}  // namespace abonado
