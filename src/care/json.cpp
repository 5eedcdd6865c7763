#include "care/json.hpp"

namespace abonado::care {

using nlohmann::json;

json interaction_json(const Interaction& i) {
  json period = {{"startDateTime", format_iso(i.start)}};
  if (i.end) period["endDateTime"] = format_iso(*i.end);
  json agent = {{"name", i.agent_name}, {"role", "agent"}, {"@referredType", "Agent"}};
  if (!i.agent_id.empty()) agent["id"] = i.agent_id;
  json j = {{"id", i.id},
            {"href", std::string(kInteractionPath) + "/" + i.id},
            {"@type", "PartyInteraction"},
            {"creationDate", format_iso(i.created_at)},
            {"interactionDate", period},
            {"channel", json::array({{{"name", i.channel}}})},
            {"direction", i.direction},
            {"status", i.status},
            {"reason", i.reason},
            {"relatedParty",
             json::array(
                 {{{"id", i.party_id}, {"role", "customer"}, {"@referredType", "Party"}}, agent})}};
  if (i.outcome) j["outcome"] = *i.outcome;
  if (i.description) j["description"] = *i.description;
  if (i.service_line) j["serviceLine"] = *i.service_line;
  if (i.product_id) {
    // TMF683 carries the product as an interaction item; `product` is the
    // shorthand clients may also write.
    j["interactionItem"] =
        json::array({{{"item", {{"id", *i.product_id}, {"@referredType", "Product"}}}}});
    j["product"] = {{"id", *i.product_id}};
  }
  return j;
}

json note_json(const Note& n, TimePoint now) {
  const char* state = n.valid_at(now) ? "valid" : now < n.valid_from ? "notYetValid" : "expired";
  json j = {{"id", n.id},
            {"href", std::string(kNotePath) + "/" + n.id},
            {"@type", "Note"},
            {"partyId", n.party_id},
            {"type", n.type},
            {"validFrom", format_iso(n.valid_from)},
            {"state", state},
            {"text", n.text},
            {"author", n.author_name},
            {"date", format_iso(n.created_at)}};
  if (n.product_id) j["productId"] = *n.product_id;
  if (n.valid_to) j["validTo"] = format_iso(*n.valid_to);
  if (n.campaign) j["campaign"] = *n.campaign;
  return j;
}

}  // namespace abonado::care
