// migrate, user add, seed --demo, import: short-lived commands on a database.

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/commands.hpp"
#include "app/demo_data.hpp"
#include "app/line_opened.hpp"
#include "auth/password.hpp"
#include "auth/service.hpp"
#include "balance/demo.hpp"
#include "core/error.hpp"
#include "core/iccid.hpp"
#include "core/ids.hpp"
#include "lines/inventory.hpp"
#include "lines/json.hpp"
#include "lines/service.hpp"
#include "party/service.hpp"
#include "policy/load.hpp"
#include "store/database.hpp"

namespace abonado::app {
namespace {

// Runs `body`, turning any failure into a message and exit code 2.
template <typename F>
int guarded(F body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
}

std::unique_ptr<store::Database> open_migrated(const std::string& url) {
  auto db = store::open_database(url, store::OpenOptions{.readers = 1});
  store::migrate(*db);
  return db;
}

// A CSV row's first cell, unquoted and trimmed ("" for a blank line).
std::string first_cell(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  auto end = line.find_first_of(",;\t");
  std::string cell = line.substr(0, end);
  auto first = cell.find_first_not_of(" \"'");
  if (first == std::string::npos) return "";
  auto last = cell.find_last_not_of(" \"'");
  return cell.substr(first, last - first + 1);
}

// A header names its column in words ("iccid", "msisdn_e164", "ICCID (20)"):
// more letters than digits. A value mistyped with a letter ("89510...O06")
// is mostly digits: it is a row, rejected with its reason, never skipped.
bool is_header(const std::string& cell) {
  int letters = 0, digits = 0;
  for (char c : cell) {
    letters += std::isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
    digits += std::isdigit(static_cast<unsigned char>(c)) ? 1 : 0;
  }
  return letters > digits;
}

// The file's lines, whatever ends them (\n, \r\n or a lone \r), without a
// leading UTF-8 byte order mark.
std::vector<std::string> lines_of(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw std::runtime_error(path + " is not a file that can be read");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error("cannot read " + path);
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') continue;
    out.push_back(text.substr(start, i - start));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

}  // namespace

int import_stock(const ImportOptions& opts) {
  return guarded([&] {
    std::vector<std::string> rows = lines_of(opts.file);
    Policy policy = load_policy(opts.operator_name);
    // Rows with their line numbers; blank lines and a header (the first
    // line with anything in it) left out.
    std::vector<std::size_t> line_of;
    lines::RawValues values;
    bool first = true;
    for (std::size_t n = 1; n <= rows.size(); ++n) {
      std::string cell = first_cell(rows[n - 1]);
      if (cell.empty()) continue;
      bool header = first && is_header(cell);
      first = false;
      if (header) continue;
      line_of.push_back(n);
      values.emplace_back(std::move(cell));
    }
    auto db = open_migrated(opts.db_url);
    SystemClock clock;
    lines::Inventory inventory(clock, policy.phone_region);
    Actor by = Actor::system("import");
    constexpr std::size_t kBatch = 1000;  // rows per write job
    lines::LoadResult total;
    for (std::size_t from = 0; from < values.size(); from += kBatch) {
      lines::RawValues batch(values.begin() + from,
                             values.begin() + std::min(values.size(), from + kBatch));
      // A write job may run more than once before it commits: it only
      // assigns its result, which is added up once it has.
      lines::LoadResult r;
      db->write_sync([&](store::Tx& tx) {
        r = opts.kind == "sims" ? inventory.load_sims(tx, by, batch, from)
                                : inventory.load_numbers(tx, by, batch, from);
      });
      total.accepted += r.accepted;
      for (auto& x : r.rejected) total.rejected.push_back(std::move(x));
      std::cerr << "\r" << opts.kind << ": " << std::min(values.size(), from + kBatch) << " of "
                << values.size() << " rows, " << total.accepted << " loaded, "
                << total.rejected.size() << " rejected" << std::flush;
    }
    if (!values.empty()) std::cerr << "\n";
    db->close();
    std::cout << opts.kind << ": " << total.accepted << " loaded, " << total.rejected.size()
              << " rejected of " << values.size() << " rows\n";
    constexpr std::size_t kShown = 100;
    for (std::size_t i = 0; i < total.rejected.size() && i < kShown; ++i) {
      const auto& x = total.rejected[i];
      std::cout << "  line " << line_of[x.index] << ": " << x.code << ": " << x.reason << " ("
                << x.value << ")\n";
    }
    if (total.rejected.size() > kShown) {
      std::cout << "  ... and " << total.rejected.size() - kShown << " more\n";
    }
    return total.rejected.empty() ? 0 : 1;
  });
}

int migrate(const std::string& db_url) {
  return guarded([&] {
    auto db = store::open_database(db_url, store::OpenOptions{.readers = 1});
    int ran = store::migrate(*db);
    std::cout << "applied " << ran << " migration(s)\n";
    return 0;
  });
}

int user_add(const UserAddOptions& opts) {
  return guarded([&] {
    auth::check_username(opts.username);
    RoleSet roles;
    for (const auto& r : opts.roles) {
      auto role = parse_role(r);
      if (!role) throw Error(Code::kInvalidField, "unknown role '" + r + "'", "role");
      roles.add(*role);
    }
    std::string password;
    std::getline(std::cin, password);
    auth::check_password_rules(password);
    auto db = open_migrated(opts.db_url);
    SystemClock clock;
    // Login rules play no part in these commands.
    auth::AuthService service(clock, auth::LoginRules{});
    auth::NewAgent n{opts.username, opts.display_name.empty() ? opts.username : opts.display_name,
                     auth::hash_password(password), roles};
    db->write_sync([&](store::Tx& tx) {
      service.create_agent(tx, Actor::system("cli"), n);
    });
    std::cout << "added agent " << opts.username << " (" << roles.to_csv() << ")\n";
    db->close();
    return 0;
  });
}

// Flash's demo stock (FL-1): SIM cards and pool numbers for the activation
// wizard, the same every time; a second seed finds them there. Prints a few
// ICCIDs to type in the wizard; returns them all.
lines::RawValues seed_demo_stock(store::Database& db, const Clock& clock, const Policy& policy) {
  constexpr int kStock = 50;
  lines::RawValues iccids, numbers;
  for (int i = 0; i < kStock; ++i) {
    char serial[8];
    std::snprintf(serial, sizeof serial, "%04d", i);
    std::string payload = std::string("89511990000000") + serial;  // 18 digits
    iccids.emplace_back(payload + luhn_check_digit(payload));
    numbers.emplace_back("+5194999" + std::string(serial));
  }
  lines::Inventory inventory(clock, policy.phone_region);
  lines::LoadResult sims, pool;
  db.write_sync([&](store::Tx& tx) {
    sims = inventory.load_sims(tx, Actor::system("seed"), iccids);
    pool = inventory.load_numbers(tx, Actor::system("seed"), numbers);
  });
  std::cout << "Demo stock for activations: " << sims.accepted << " SIM cards and "
            << pool.accepted << " numbers added (" << kStock << " of each in all)\n";
  for (int i = 0; i < 3; ++i) std::cout << "  iccid     " << *iccids[i] << "\n";
  return iccids;
}

// A few demo customers with an active line (no balance yet), so that an
// operator can top up and sell plans on first start without a leader
// activating one first. They take the last SIM cards of the demo stock (the
// printed ones stay for the wizard); a second seed finds those in use.
void seed_demo_lines(store::Database& db, const Clock& clock, const Policy& policy,
                     const lines::RawValues& iccids) {
  constexpr std::size_t kLines = 5;
  party::PartyService parties(clock, policy.phone_region);
  lines::Lines lines_service(clock, parties, lines::line_rules(policy),
                             with_main_balance(clock, policy.currency));
  lines::Inventory inventory(clock, policy.phone_region);
  DemoPeople people(policy.country);
  Actor by = Actor::system("seed");
  std::vector<std::string> opened;  // "987 654 321  Rosa Quispe"
  std::size_t person = 1;
  for (std::size_t k = 0; k < kLines && k < iccids.size(); ++k) {
    const std::string& iccid = *iccids[iccids.size() - 1 - k];
    while (DemoPeople::is_organization(static_cast<std::int64_t>(person))) ++person;
    DemoCustomer c = people.customer(static_cast<std::int64_t>(person++));
    db.write_sync([&](store::Tx& tx) {
      auto hits = parties.search(tx, c.party.documents.front().number, 1);
      if (hits.empty() || hits.front().matched_by != "document") return;
      auto sim = inventory.sim(tx, iccid);
      if (!sim || sim->status != lines::kInStock) return;  // seeded before
      party::Party p = lines_service.party(tx, hits.front().party_id, "partyId");
      lines::HolderDocument doc = lines_service.holder_document(p);
      std::string product_id = new_id(clock.now());
      lines_service.reserve_sim(tx, iccid, product_id);
      std::string msisdn = lines_service.reserve_number(tx, doc.key(), product_id);
      lines_service.open_line(tx, by, {product_id, p.id, doc.key(), iccid, msisdn, "app"});
      opened.push_back(lines::national_number(msisdn) + "  " + p.full_name);
    });
  }
  std::cout << "Demo lines (active, no balance yet; top them up as the operator): "
            << (opened.empty() ? "already there" : "added " + std::to_string(opened.size()))
            << "\n";
  for (const auto& line : opened) std::cout << "  line      " << line << "\n";
}

int seed_demo(const SeedOptions& opts) {
  return guarded([&] {
    Policy policy = load_policy(opts.operator_name);
    auto db = open_migrated(opts.db_url);
    SystemClock clock;
    // Login rules play no part in these commands.
    auth::AuthService service(clock, auth::LoginRules{});
    std::cout << "Demo agents for " << policy.name << " (username / password / roles):\n";
    for (int i = 0; i < kRoleCount; ++i) {
      auto role = static_cast<Role>(i);
      std::string username(role_name(role));
      std::string password = random_token(12);
      auth::NewAgent n{username, "Demo " + username, auth::hash_password(password), {role}};
      bool created = false;
      db->write_sync([&](store::Tx& tx) {
        try {
          service.create_agent(tx, Actor::system("seed"), n);
          created = true;
        } catch (const Error& e) {
          if (e.code() != Code::kDuplicate) throw;
        }
      });
      std::cout << "  " << username << "  " << (created ? password : "(exists, unchanged)")
                << "  " << role_name(role) << "\n";
    }
    seed_demo_customers(*db, clock, policy, std::cout);
    // FL-12: Flash's cash top-up agents are Lima shops.
    if (policy.country == "PE" && policy.topup) {
      std::int64_t added = 0;
      db->write_sync(
          [&](store::Tx& tx) { added = balance::seed_demo_topup_agents(tx, clock.now()); });
      std::cout << "Demo top-up agents (GET /api/v1/topupAgents): "
                << (added ? "added " + std::to_string(added) : "already there") << "\n";
      seed_demo_lines(*db, clock, policy, seed_demo_stock(*db, clock, policy));
    }
    db->close();
    return 0;
  });
}

}  // namespace abonado::app
