#include "balance/demo.hpp"

#include "auth/audit.hpp"
#include "balance/json.hpp"
#include "balance/repo.hpp"
#include "core/ids.hpp"

namespace abonado::balance {
namespace {

struct DemoAgent {
  const char* name;
  const char* brand;
  const char* address;
  const char* district;
};

constexpr DemoAgent kAgents[] = {
    {"Bodega Don Lucho", "Flash", "Av. Larco 812", "Miraflores"},
    {"Minimarket Santa Rosa", "Flash", "Jr. de la Unión 455", "Cercado de Lima"},
    {"Librería El Estudiante", "Inkacel", "Av. Universitaria 1570", "San Martín de Porres"},
    {"Farmacia Salud Total", "Flash", "Av. Javier Prado Este 2210", "San Borja"},
    {"Bodega La Esquina", "Virgin", "Calle Los Pinos 130", "Surquillo"},
    {"Cabinas Internet Mundo Net", "Inkacel", "Av. Túpac Amaru 3344", "Comas"},
    {"Market Los Olivos", "Flash", "Av. Carlos Izaguirre 901", "Los Olivos"},
    {"Bazar Mi Barrio", "Virgin", "Av. Próceres de la Independencia 2875",
     "San Juan de Lurigancho"},
    {"Agente Flash Gamarra", "Flash", "Jr. Gamarra 1021", "La Victoria"},
    {"Bodega Doña Carmen", "Flash", "Av. Pachacútec 1440", "Villa María del Triunfo"},
    {"Multiservicios Chorrillos", "Inkacel", "Av. Huaylas 560", "Chorrillos"},
    {"Kiosko Plaza Norte", "Flash", "Av. Alfredo Mendiola 1400", "Independencia"},
};

}  // namespace

std::int64_t seed_demo_topup_agents(store::Tx& tx, TimePoint now) {
  if (repo::list_agents(tx, std::nullopt, 0, 1).second > 0) return 0;
  Actor seed = Actor::system("seed");
  for (const auto& d : kAgents) {
    TopupAgent a{new_id(now), d.name, d.brand, d.address, d.district, "active", now, now};
    repo::insert_agent(tx, a);
    auth::record(tx, seed, now,
                 {"topupAgent.create", "topupAgent", a.id, std::nullopt, agent_json(a).dump()});
  }
  return static_cast<std::int64_t>(std::size(kAgents));
}

}  // namespace abonado::balance
