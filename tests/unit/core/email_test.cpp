#include <gtest/gtest.h>

#include "core/email.hpp"
#include "core/error.hpp"

namespace abonado {
namespace {

void expect_invalid(std::string_view text, std::string_view reason) {
  try {
    normalize_email(text);
    ADD_FAILURE() << "accepted " << text;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Code::kInvalidEmail) << text;
    EXPECT_EQ(e.field(), "email");
    EXPECT_EQ(std::string(e.what()), reason) << text;
  }
}

TEST(Email, TrimsAndLowerCasesTheDomainOnly) {
  EXPECT_EQ(normalize_email("  Juan.Quispe@Example.COM \n"), "Juan.Quispe@example.com");
  EXPECT_EQ(normalize_email("a@b.co"), "a@b.co");
  EXPECT_EQ(normalize_email("o'brien+tag_1@mail-server.comteco.com.bo"),
            "o'brien+tag_1@mail-server.comteco.com.bo");
  EXPECT_EQ(normalize_email("!#$%&'*+/=?^_`{|}~-@x.io"), "!#$%&'*+/=?^_`{|}~-@x.io");
}

TEST(Email, AcceptsTheMaximumLengths) {
  std::string local(64, 'a');
  EXPECT_EQ(normalize_email(local + "@x.io"), local + "@x.io");
  std::string label(63, 'b');
  EXPECT_NO_THROW(normalize_email("a@" + label + ".io"));
  // 1 + 1 + 3 × 63 + 3 dots + "io" = 196; pad the local part up to 254.
  std::string domain = label + "." + label + "." + label + ".io";
  std::string longest = std::string(254 - 1 - domain.size(), 'c') + "@" + domain;
  ASSERT_EQ(longest.size(), 254u);
  EXPECT_EQ(normalize_email(longest), longest);
  expect_invalid("c" + longest, "the e-mail address is longer than 254 characters");
}

TEST(Email, RejectsBadShapes) {
  expect_invalid("", "the e-mail address is empty");
  expect_invalid("   ", "the e-mail address is empty");
  expect_invalid("juan.example.com", "the e-mail address must contain exactly one @");
  expect_invalid("juan@@example.com", "the e-mail address must contain exactly one @");
  expect_invalid("a@b@example.com", "the e-mail address must contain exactly one @");
  expect_invalid("@example.com", "the part before @ must have 1 to 64 characters");
  expect_invalid(std::string(65, 'a') + "@example.com",
                 "the part before @ must have 1 to 64 characters");
  for (const char* bad : {"juan perez@example.com", "juan\"@example.com", "juan(x)@example.com",
                          "jos\xC3\xA9@example.com"}) {
    expect_invalid(bad,
                   "the part before @ may contain only letters, digits and !#$%&'*+/=?^_`{|}~.-");
  }
  for (const char* bad : {".juan@example.com", "juan.@example.com", "ju..an@example.com"}) {
    expect_invalid(bad,
                   "the part before @ cannot start or end with a dot or have two dots in a row");
  }
  expect_invalid("juan@", "the domain needs a dot, as in example.com");
  expect_invalid("juan@localhost", "the domain needs a dot, as in example.com");
  expect_invalid("juan@example..com", "each part of the domain must have 1 to 63 characters");
  expect_invalid("juan@.example.com", "each part of the domain must have 1 to 63 characters");
  expect_invalid("juan@example.com.", "each part of the domain must have 1 to 63 characters");
  expect_invalid("juan@" + std::string(64, 'b') + ".com",
                 "each part of the domain must have 1 to 63 characters");
  expect_invalid("juan@exa_mple.com",
                 "the domain may contain only letters, digits, hyphens and dots");
  expect_invalid("juan@ex ample.com",
                 "the domain may contain only letters, digits, hyphens and dots");
  expect_invalid("juan@-example.com", "a part of the domain cannot start or end with a hyphen");
  expect_invalid("juan@example-.com", "a part of the domain cannot start or end with a hyphen");
}

}  // namespace
}  // namespace abonado
