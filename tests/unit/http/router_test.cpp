#include "http/router.hpp"

#include <gtest/gtest.h>

namespace abonado::http {
namespace {

Handler noop() {
  return [](Request&) -> boost::asio::awaitable<Response> { co_return Response{}; };
}

Router make_router() {
  Router r;
  r.add({"GET", "/api/v1/agents", Access::any_agent(), noop()});
  r.add({"GET", "/api/v1/agents/{id}", Access::any_agent(), noop()});
  r.add({"GET", "/api/v1/agents/me", Access::any_agent(), noop()});
  r.add({"PATCH", "/api/v1/agents/{id}", Access::any_agent(), noop()});
  r.add({"POST", "/api/v1/activations/{id}/biometric", Access::any_agent(), noop()});
  return r;
}

TEST(Router, MatchesLiteralAndParameters) {
  Router r = make_router();
  auto m = r.match("GET", "/api/v1/agents/abc");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/agents/{id}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "abc");

  m = r.match("POST", "/api/v1/activations/42/biometric");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"id", "42"}));
}

TEST(Router, LiteralSegmentWinsOverParameter) {
  Router r = make_router();
  auto m = r.match("GET", "/api/v1/agents/me");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/agents/me");
  EXPECT_TRUE(m.params.empty());
}

TEST(Router, ToleratesTrailingAndDoubleSlashes) {
  Router r = make_router();
  EXPECT_NE(r.match("GET", "/api/v1/agents/").route, nullptr);
  EXPECT_NE(r.match("GET", "//api/v1//agents").route, nullptr);
}

TEST(Router, ReportsWrongMethodAndUnknownPath) {
  Router r = make_router();
  auto m = r.match("DELETE", "/api/v1/agents/abc");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.method_mismatch);
  m = r.match("GET", "/api/v1/nothing");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_FALSE(m.method_mismatch);
}

TEST(Router, RefusesTheSameRouteTwice) {
  Router r = make_router();
  EXPECT_THROW(r.add({"GET", "/api/v1/agents/{other}", Access::any_agent(), noop()}),
               std::logic_error);
}

}  // namespace
}  // namespace abonado::http
