#include "http/tmf.hpp"

#include <gtest/gtest.h>

namespace abonado::http {
namespace {

Request with_query(std::vector<std::pair<std::string, std::string>> q) {
  Request r;
  r.method = "GET";
  r.path = "/x";
  r.query = std::move(q);
  return r;
}

const QuerySpec kList{{"status"}, true};

Code code_of(const Request& req, const QuerySpec& spec) {
  try {
    parse_query(req, spec);
  } catch (const Error& e) {
    return e.code();
  }
  ADD_FAILURE() << "no error";
  return Code::kInternal;
}

TEST(ParseQuery, DefaultsAndValues) {
  auto q = parse_query(with_query({}), kList);
  EXPECT_EQ(q.offset, 0);
  EXPECT_EQ(q.limit, kDefaultLimit);
  q = parse_query(
      with_query({{"offset", "40"}, {"limit", "1000"}, {"fields", "a,b.c"}, {"status", "x"}}),
      kList);
  EXPECT_EQ(q.offset, 40);
  EXPECT_EQ(q.limit, 1000);
  EXPECT_EQ(q.fields, (std::vector<std::string>{"a", "b.c"}));
  ASSERT_NE(q.filter("status"), nullptr);
  EXPECT_EQ(*q.filter("status"), "x");
}

TEST(ParseQuery, RefusesBadValues) {
  for (const char* bad : {"0", "1001", "-1", "abc", "", "10x", "99999999999999999999"}) {
    EXPECT_EQ(code_of(with_query({{"limit", bad}}), kList), Code::kInvalidParameter) << bad;
  }
  EXPECT_EQ(code_of(with_query({{"offset", "-1"}}), kList), Code::kInvalidParameter);
  EXPECT_EQ(code_of(with_query({{"fields", "a,,b"}}), kList), Code::kInvalidParameter);
  EXPECT_EQ(code_of(with_query({{"limit", "1"}, {"limit", "2"}}), kList),
            Code::kInvalidParameter);
}

TEST(ParseQuery, RefusesUnknownParameters) {
  EXPECT_EQ(code_of(with_query({{"colour", "red"}}), kList), Code::kUnknownParameter);
  // offset and limit belong to list routes only.
  EXPECT_EQ(code_of(with_query({{"limit", "5"}}), QuerySpec{}), Code::kUnknownParameter);
}

TEST(Project, KeepsIdentityAndAskedFields) {
  Json item = {{"id", "1"}, {"href", "/x/1"}, {"@type", "T"}, {"a", 1}, {"b", {{"c", 2}}}, {"d", 3}};
  Json p = project(item, {"a", "b.c"});
  EXPECT_EQ(p, (Json{{"id", "1"}, {"href", "/x/1"}, {"@type", "T"}, {"a", 1}, {"b", {{"c", 2}}}}));
  EXPECT_EQ(project(item, {}), item);
}

TEST(ErrorResponse, HasTmfShapeAndStatus) {
  auto r = error_response(Error(Code::kIdempotencyKeyReused, "used", "Idempotency-Key"));
  EXPECT_EQ(r.status, 422);
  auto body = Json::parse(r.body);
  EXPECT_EQ(body["@type"], "Error");
  EXPECT_EQ(body["code"], "IDEMPOTENCY_KEY_REUSED");
  EXPECT_EQ(body["status"], "422");
  EXPECT_EQ(body["field"], "Idempotency-Key");
}

}  // namespace
}  // namespace abonado::http
