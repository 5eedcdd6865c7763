#include "app/search_sources.hpp"

#include "lines/json.hpp"

namespace abonado::app {

party::ProductsOfParties line_products(const lines::Lines& lines) {
  return [&lines](store::Tx& tx, const std::vector<std::string>& party_ids) {
    std::vector<std::vector<party::ProductSummary>> out;
    for (const auto& of_party : lines.of_parties(tx, party_ids)) {
      auto& summaries = out.emplace_back();
      for (const auto& l : of_party) {
        summaries.push_back({l.id, std::string(lines::kProductPath) + "/" + l.id, l.status,
                             l.msisdn, lines::national_number(l.msisdn), l.offering_id});
      }
    }
    return out;
  };
}

}  // namespace abonado::app
