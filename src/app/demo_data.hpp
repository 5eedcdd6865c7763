#pragma once
// Made-up but plausible customers of an operator's country, for the demo
// (`abonado seed --demo`) and the quick-search benchmark (`abonado bench
// search`): names drawn with the country's surname frequencies, valid
// documents and mobile numbers (checked with parse_id_document and
// parse_phone), e-mails, birth dates, Bolivian addresses in the Annex 1
// protocol, and companies with valid tax numbers.
//
// A customer is a pure function of (country, index): the same index always
// gives the same customer (stable demo screenshots), and two indexes below
// capacity() never share a document or a mobile number.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "core/phone.hpp"
#include "party/service.hpp"
#include "policy/policy.hpp"
#include "store/database.hpp"

namespace abonado::app {

// A party to create, and the one billing account of its customer.
struct DemoCustomer {
  party::NewParty party;
  party::NewAccount account;
  std::string mobile_national;  // the preferred mobile as people dial it: "987 654 321"
  // Organizations: the account's administrator is the person created just
  // before it in the same write job (CL-1).
  bool wants_admin = false;
};

// Immutable after construction: any thread may call.
class DemoPeople {
 public:
  // `country`: PE, BO, RU or EC (ISO alpha-2). Throws Error(kInvalidParameter) for another.
  explicit DemoPeople(std::string_view country);

  const std::string& country() const { return country_; }
  // How many distinct customers the country's numbering plans leave room for.
  std::int64_t capacity() const { return capacity_; }
  // One index in 16 is a company; the others are people.
  static bool is_organization(std::int64_t index) { return index % 16 == 15; }

  // The index-th customer, 0 <= index < capacity(). Throws
  // Error(kInvalidParameter) outside that range.
  DemoCustomer customer(std::int64_t index) const;

  // Name queries for the benchmark, folded as search_tokens writes them,
  // drawn from `seed`: a common surname and a common given name
  // ("quispe rosa"), or one rare surname ("nahui").
  std::string common_name_query(std::uint64_t seed) const;
  std::string rare_name_query(std::uint64_t seed) const;

 private:
  // A bijection of [0, m) (a keyed Feistel network, cycle-walked into the
  // range): spreads consecutive indexes over a numbering plan without
  // repeating a number or showing a pattern.
  struct Scramble {
    std::int64_t m = 1;
    int half_bits = 1;
    std::uint64_t keys[4] = {};
    std::int64_t operator()(std::int64_t x) const;
  };
  static Scramble make_scramble(std::int64_t m, std::uint64_t salt);

  DemoCustomer person(std::int64_t index) const;
  DemoCustomer organization(std::int64_t index) const;
  PhoneNumber mobile(std::int64_t index) const;

  std::string country_;
  std::int64_t capacity_ = 0;
  Scramble person_doc_;              // index -> the person's document within the country's plan
  Scramble org_doc_;                 // index / 16 -> the company's tax number
  Scramble mobile_;                  // index -> the mobile number
  std::vector<double> surname_cdf_;  // cumulative weights over the common then the rare surnames
  std::vector<double> female_cdf_;
  std::vector<double> male_cdf_;
};

struct DemoLoad {
  std::int64_t added = 0;          // parties created, each with a customer and an account
  std::int64_t existing = 0;       // skipped: a party with the same document was there already
  std::int64_t organizations = 0;  // of `added`
};

// Creates customers [first, last) of `people` through `service`, audited as
// `by`, `per_job` parties per write job, generating the next job while the
// database writes the last ones. A customer whose document already names a
// party is skipped, so loading again adds nothing. `progress`, when set, is
// called on the calling thread with the number of customers handled so far.
// Throws what a job threw (after the jobs in flight have finished).
DemoLoad load_demo_customers(store::Database& db, const party::PartyService& service,
                             const Actor& by, const DemoPeople& people, std::int64_t first,
                             std::int64_t last, int per_job,
                             const std::function<void(std::int64_t)>& progress = {});

// The customers of `abonado seed --demo`: kDemoCustomers customers of the
// operator's country in jobs of 50, audited as the system ("seed"). Prints
// what it added (or that the data was there already) and three quick-search
// queries that find a demo customer.
inline constexpr std::int64_t kDemoCustomers = 300;
void seed_demo_customers(store::Database& db, const Clock& clock, const Policy& policy,
                         std::ostream& out);

}  // namespace abonado::app
