// The API test runner: libcurl is set up once for the whole process.

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <iostream>

#include "harness.hpp"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    std::cerr << "curl_global_init failed\n";
    return 2;
  }
  try {
    std::cout << "API tests against " << abonado::apitest::database_kind() << "\n";
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  int rc = RUN_ALL_TESTS();
  curl_global_cleanup();
  return rc;
}
