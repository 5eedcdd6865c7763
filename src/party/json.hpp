#pragma once
// The TMF shapes of parties (TMF632), customers (TMF629) and billing
// accounts (TMF666), used by the API and by audit snapshots (internal to
// party/: it pulls in nlohmann-json).

#include <nlohmann/json.hpp>

#include "core/id_document.hpp"
#include "party/model.hpp"

namespace abonado::party {

nlohmann::json party_json(const Party& p);
nlohmann::json customer_json(const Customer& c);
nlohmann::json account_json(const BillingAccount& a);
nlohmann::json address_json(const PostalAddress& a);

// How a validated document is stored.
Identification identification_of(const IdDocument& doc);

// Addresses as stored in the database (the address_json shape, as text).
std::string address_to_json_text(const PostalAddress& a);
PostalAddress address_from_json_text(const std::string& text);

}  // namespace abonado::party
