// migrate, user add, seed --demo: short-lived commands on a database.

#include <iostream>

#include "app/commands.hpp"
#include "app/demo_data.hpp"
#include "auth/password.hpp"
#include "auth/service.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
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

}  // namespace

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
    db->close();
    return 0;
  });
}

}  // namespace abonado::app
