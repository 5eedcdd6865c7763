#include "balance/ussd.hpp"

#include <charconv>
#include <cstdio>

#include "balance/repo.hpp"
#include "core/money.hpp"
#include "core/phone.hpp"
#include "lines/products.hpp"

namespace abonado::balance {
namespace {

std::string end(std::string text) { return "END " + text; }
UssdStep answer(std::string reply) {
  UssdStep step;
  step.reply = std::move(reply);
  return step;
}
std::string con(std::string text) { return "CON " + text; }

std::vector<std::string> split_choices(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t at = 0;
  for (;;) {
    auto star = text.find('*', at);
    out.push_back(text.substr(at, star == std::string::npos ? std::string::npos : star - at));
    if (star == std::string::npos) break;
    at = star + 1;
  }
  return out;
}

// A menu choice 1..max written as people type it, or 0 when it is not one.
int choice(const std::string& s, int max) {
  if (s.size() > 1 && s[0] == '0') return 0;
  int n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || s.size() > 3 || n < 1 || n > max) {
    return 0;
  }
  return n;
}

std::string ddmm(std::chrono::year_month_day d) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u/%02u", static_cast<unsigned>(d.day()),
                static_cast<unsigned>(d.month()));
  return buf;
}

// On-net minutes are named after the operator's brand: "Minutos a Flash Mobile".
std::string allowance_name(const Bucket& b, const std::string& brand) {
  if (b.usage_type == "data") return "Datos";
  if (b.usage_type == "sms") return "SMS";
  return b.scope ? "Minutos a " + brand : "Minutos";
}

std::string offering_line(int n, const Offering& o, const Currency& c) {
  return std::to_string(n) + ". " + o.name + " " + format_money(o.price, c.code, c.minor_digits);
}

std::string allowances_of(const Offering& o, const std::string& brand) {
  std::string out;
  auto add = [&](std::int64_t amount, const std::string& what) {
    if (amount <= 0) return;
    out += (out.empty() ? "" : ", ") + std::to_string(amount) + " " + what;
  };
  add(o.data_mb, "MB");
  add(o.minutes, "min");
  add(o.onnet_minutes, "min a " + brand);
  add(o.sms, "SMS");
  return out;
}

}  // namespace

std::string UssdMenu::malformed() const { return end("No pudimos leer tu solicitud. " + bye()); }

std::string UssdMenu::bye() const {
  const auto& code = policy_.customer_service.ussd_code;
  return code ? "Marca " + *code + " para empezar de nuevo."
              : "Vuelve a marcar para empezar de nuevo.";
}

std::string UssdMenu::purchase_failed(const Error& e) const {
  if (e.code() == Code::kInsufficientBalance) {
    return end("No tienes saldo suficiente para esta compra. Recarga y vuelve a intentarlo.");
  }
  if (e.code() == Code::kLineNotActive) return end("Tu línea no está activa.");
  return end("No pudimos hacer tu compra. " + bye());
}

UssdStep UssdMenu::step(store::Tx& tx, const UssdRequest& r) const {
  const auto& code = policy_.customer_service.ussd_code;
  if (code && r.service_code != *code) {
    return answer(end("Código no reconocido. " + bye()));
  }
  std::optional<lines::Line> line;
  try {
    line = lines::find_line_by_msisdn(tx, parse_phone(r.phone_number, policy_.phone_region).e164);
  } catch (const Error&) {
    // Not a valid number: not one of ours either.
  }
  if (!line || line->status != "active") {
    return answer(
        end("Lo sentimos, este servicio es solo para líneas activas de " + policy_.name + "."));
  }
  auto choices = split_choices(r.text);
  if (choices.empty()) {
    return answer(
        con(policy_.name +
            "\n1. Consultar saldo\n2. Comprar plan\n3. Comprar paquete\n4. Atención al cliente"));
  }
  const std::string& first = choices.front();
  if (first == "1" && choices.size() == 1) return answer(balance_screen(tx, line->id));
  if (first == "2") return offer_steps(OfferingKind::kPlan, choices, line->id, r.session_id);
  if (first == "3") return offer_steps(OfferingKind::kPackage, choices, line->id, r.session_id);
  if (first == "4" && choices.size() == 1) return answer(service_screen());
  return answer(end("Opción no válida. " + bye()));
}

UssdStep UssdMenu::offer_steps(OfferingKind kind, const std::vector<std::string>& choices,
                               const std::string& product_id, const std::string& session_id) const {
  const Currency& c = catalog_.currency();
  auto offers = catalog_.of_kind(kind);
  const char* what = kind == OfferingKind::kPlan ? "planes" : "paquetes";
  if (offers.empty()) {
    return answer(end(std::string("No hay ") + what + " disponibles por ahora."));
  }
  if (choices.size() == 1) {
    std::string menu = kind == OfferingKind::kPlan ? "Elige tu plan:" : "Elige tu paquete:";
    for (std::size_t i = 0; i < offers.size(); ++i) {
      menu += "\n" + offering_line(static_cast<int>(i) + 1, *offers[i], c);
    }
    return answer(con(menu));
  }
  int k = choice(choices[1], static_cast<int>(offers.size()));
  if (k == 0 || choices.size() > 3) {
    return answer(end("Opción no válida. " + bye()));
  }
  const Offering& o = *offers[static_cast<std::size_t>(k) - 1];
  std::string price = format_money(o.price, c.code, c.minor_digits);
  if (choices.size() == 2) {
    return answer(con(o.name + ": " + allowances_of(o, policy_.name) + " por " +
                      std::to_string(o.validity_days) + (o.validity_days == 1 ? " día" : " días") +
                      ". Precio " + price + " de tu saldo.\n1. Confirmar\n2. Cancelar"));
  }
  int confirmed = choice(choices[2], 2);
  if (confirmed == 2) return answer(end("Compra cancelada."));
  if (confirmed != 1) return answer(end("Opción no válida. " + bye()));
  NewPurchase p;
  p.product_id = product_id;
  p.offering_id = o.id;
  p.channel = "ussd";
  // A session ends with its purchase: a gateway that sends the step again buys nothing more.
  // The line is part of the key: a gateway that reuses session ids across subscribers
  // must not have one subscriber's purchase stand for another's. So is the offering: the
  // answer names what was bought, and one session id reused for another offering must not
  // be answered "you bought it" by the first purchase.
  p.request_key = "ussd:" + product_id + ":" + session_id + ":" + o.id;
  return {end("Compraste " + o.name + " por " + price + ". Te enviaremos un SMS de confirmación."),
          std::move(p)};
}

std::string UssdMenu::balance_screen(store::Tx& tx, const std::string& product_id) const {
  const Currency& c = catalog_.currency();
  auto now = clock_.now();
  // Only what can still be used: a line that bought a plan every month for years has
  // many spent buckets.
  std::int64_t main = 0;
  std::string allowances;
  for (const auto& b : repo::live_buckets_of(tx, product_id, now, 0, 20).first) {
    if (b.usage_type == kMonetary) {
      main = b.remaining;
    } else {
      // Units as the subscriber reads them: "60 min", not the API's "minutes".
      const std::string& units = b.units == "minutes" ? std::string("min") : b.units;
      allowances += "\n" + allowance_name(b, policy_.name) + ": " + std::to_string(b.remaining) +
                    " " + units + " hasta el " +
                    ddmm(calendar_.local_date(*b.valid_to - Millis(1)));
    }
  }
  return end("Tu saldo es " + format_money(main, c.code, c.minor_digits) + "." + allowances);
}

std::string UssdMenu::service_screen() const {
  using std::chrono::weekday;
  // "todos los días 07:00 a 21:00" when every day has the same hours, else day by day.
  static constexpr const char* kDays[] = {"dom", "lun", "mar", "mié", "jue", "vie", "sáb"};
  const auto& first = policy_.service_hours.on(weekday{1});
  bool every_day = first.has_value();
  for (unsigned d = 0; d < 7 && every_day; ++d) {
    const auto& h = policy_.service_hours.on(weekday{d});
    every_day = h && h->open_minute == first->open_minute && h->close_minute == first->close_minute;
  }
  std::string hours;
  if (every_day) {
    hours = "todos los días de " + hhmm(first->open_minute) + " a " + hhmm(first->close_minute);
  } else {
    for (unsigned d : {1u, 2u, 3u, 4u, 5u, 6u, 0u}) {
      const auto& h = policy_.service_hours.on(weekday{d});
      if (!h) continue;
      hours += std::string(hours.empty() ? "" : ", ") + kDays[d] + " " + hhmm(h->open_minute) +
               "-" + hhmm(h->close_minute);
    }
  }
  std::string numbers;
  for (const auto& n : policy_.customer_service.phone_numbers) {
    numbers += (numbers.empty() ? "" : ", ") + n;
  }
  std::string text = "Atención al cliente " + hours + ".";
  if (!numbers.empty()) text += "\nLlámanos: " + numbers + ".";
  if (policy_.customer_service.web_chat) text += "\nTambién por el chat de la web.";
  text += calendar_.within_service_hours(clock_.now(), policy_.service_hours)
              ? "\nAhora estamos atendiendo."
              : "\nAhora estamos cerrados.";
  return end(text);
}

}  // namespace abonado::balance
