#pragma once
// Parties (the people and companies we serve), their customers and billing
// accounts. Values here are already validated: services build them only from
// checked input (core/id_document, core/phone, core/email, core/address).

#include <optional>
#include <string>
#include <vector>

#include "core/address.hpp"
#include "core/clock.hpp"
#include "core/id_document.hpp"

namespace abonado::party {

enum class PartyKind { kIndividual, kOrganization };

// A stored identity document (validated by core/id_document when it came in).
struct Identification {
  std::string type;     // DNI, CE, PASSPORT, CI, CEDULA, RU_PASSPORT, RUC, NIT, INN
  std::string country;  // ISO 3166-1 alpha-2
  std::string number;   // canonical form: the uniqueness key
  std::string display;  // as printed, e.g. "4567890-1A LP"
};

struct ContactMedium {
  std::string id;
  std::string medium_type;  // mobile | phone | email | postalAddress
  bool preferred = false;
  std::string phone_e164;   // mobile, phone
  std::string email;        // email
  std::optional<PostalAddress> address;  // postalAddress
};

struct Party {
  std::string id;
  PartyKind kind = PartyKind::kIndividual;
  std::string given_name;    // individuals
  std::string family_name;   // individuals
  std::string full_name;     // individuals: given + family; organizations: legal name
  std::string trading_name;  // organizations, optional
  std::optional<std::string> birth_date;  // YYYY-MM-DD
  bool disability = false;
  std::string status;  // initialized | validated
  std::vector<Identification> documents;
  std::vector<ContactMedium> contacts;
  TimePoint created_at;
  TimePoint updated_at;
};

struct BillingAccount {
  std::string id;
  std::string customer_id;
  std::string party_id;
  std::string name;
  int billing_cycle_day = 1;            // 1..28
  std::string invoice_type;             // e.g. boleta | factura | electronic | paper
  std::optional<PostalAddress> billing_address;
  std::optional<std::string> admin_party_id;  // the administrator contact of a company
  std::string state;                    // active | suspended | closed
  TimePoint created_at;
  TimePoint updated_at;
};

struct Customer {
  std::string id;
  std::string party_id;
  std::string contract_number;
  std::string name;
  std::string status;  // initialized | active | suspended | closed
  std::optional<std::string> status_reason;
  std::vector<BillingAccount> accounts;
  TimePoint created_at;
  TimePoint updated_at;
};

}  // namespace abonado::party
