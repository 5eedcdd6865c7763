#include "care/contact_texts.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace abonado::care {
namespace {

struct Entry {
  ContactText key;
  std::string_view en;
  std::string_view es;
  std::string_view ru;
};

using enum ContactText;

constexpr std::array kEntries{
    Entry{kTopup, "Top-up {amount}", "Recarga de {amount}", "Пополнение на {amount}"},
    Entry{kScheduledTopup, "Scheduled top-up {amount}", "Recarga programada de {amount}",
          "Автопополнение на {amount}"},
    Entry{
        kTopupDeclined,
        "The card on file was declined; the line was not topped up. The customer was told by SMS.",
        "La tarjeta registrada fue rechazada; la línea no fue recargada. Se avisó al cliente por "
        "SMS.",
        "Платёж по привязанной карте отклонён; баланс не пополнен. Клиенту отправлено SMS."},
    Entry{kAutoTopupStopped,
          "The automatic top-up of {amount} was stopped; no later period will be charged.",
          "Se detuvo la recarga automática de {amount}; no se cobrará ningún periodo más.",
          "Автопополнение на {amount} отключено; следующие периоды не списываются."},
    Entry{kTopupHow, "Channel {channel}, receipt {invoice}",
          "Canal {channel}, comprobante {invoice}", "Канал {channel}, чек {invoice}"},
    Entry{kTopupHowAgent, "At top-up agent {agent}, receipt {invoice}",
          "En el agente de recarga {agent}, comprobante {invoice}",
          "В пункте пополнения {agent}, чек {invoice}"},
    Entry{kPurchase, "Purchase {offering}", "Compra de {offering}", "Покупка: {offering}"},
    Entry{kPurchasePaid, "Paid {price} from the balance, channel {channel}",
          "Pagado {price} del saldo, canal {channel}",
          "Оплачено {price} с баланса, канал {channel}"},
    Entry{kActivation, "Line activation", "Activación de línea", "Активация линии"},
    Entry{kActivationRejected,
          "The fingerprint did not match {attempts} times; the customer goes to the form channel "
          "(appRejected).",
          "La huella no coincidió {attempts} veces; el cliente pasa al canal de formulario "
          "(appRejected).",
          "Отпечаток не совпал {attempts} раз; клиента ведут к заявке по форме (appRejected)."},
    Entry{kActivated, "Line {msisdn} activated in the app", "Línea {msisdn} activada en la app",
          "Линия {msisdn} активирована в приложении"},
    Entry{kPortIn, "Portability in", "Portabilidad entrante", "Перенос номера"},
    Entry{kPortInStarted, "Port of {msisdn} from {donor}, due {due}",
          "Portabilidad de {msisdn} desde {donor}, vence {due}",
          "Перенос {msisdn} от {donor}, срок {due}"},
    Entry{kPortInCompleted,
          "The line now has the number {msisdn}; the temporary number {temporary} went back to "
          "the pool",
          "La línea tiene ahora el número {msisdn}; el número temporal {temporary} volvió al stock",
          "Теперь у линии номер {msisdn}; временный номер {temporary} вернулся в пул"},
    Entry{kPortInFailed,
          "The port of {msisdn} could not complete: {reason}; the line keeps the number "
          "{temporary}",
          "La portabilidad de {msisdn} no pudo completarse: {reason}; la línea conserva el "
          "número {temporary}",
          "Перенос {msisdn} не завершён: {reason}; у линии остаётся номер {temporary}"},
    Entry{kActivationRequest, "Line activation request", "Solicitud de activación de línea",
          "Заявка на активацию линии"},
    Entry{kRequestPending, "Form request ({category}), due {due}",
          "Solicitud por formulario ({category}), vence {due}",
          "Заявка по форме ({category}), срок {due}"},
    Entry{kRequestCompleted, "Form request ({category}) completed: line {msisdn}",
          "Solicitud por formulario ({category}) completada: línea {msisdn}",
          "Заявка по форме ({category}) выполнена: линия {msisdn}"},
    Entry{kRequestRejected, "Form request ({category}) rejected: {reason}",
          "Solicitud por formulario ({category}) rechazada: {reason}",
          "Заявка по форме ({category}) отклонена: {reason}"},
    Entry{kSuspension, "Line suspension", "Suspensión de línea", "Приостановка линии"},
    Entry{kSuspended, "Line {msisdn} suspended", "Línea {msisdn} suspendida",
          "Линия {msisdn} приостановлена"},
    Entry{kResumption, "Line resumption", "Reactivación de línea", "Возобновление линии"},
    Entry{kResumed, "Line {msisdn} resumed", "Línea {msisdn} reactivada",
          "Линия {msisdn} возобновлена"},
};

constexpr std::array kKeys = [] {
  std::array<ContactText, kEntries.size()> keys{};
  for (std::size_t i = 0; i < kEntries.size(); ++i) keys[i] = kEntries[i].key;
  return keys;
}();
static_assert(static_cast<std::size_t>(kResumed) + 1 == kEntries.size(), "one entry per key");
static_assert(
    [] {
      for (std::size_t i = 0; i < kEntries.size(); ++i) {
        if (kEntries[i].key != static_cast<ContactText>(i)) return false;
      }
      return true;
    }(),
    "entries in the order of their keys");

constexpr std::array<std::string_view, 3> kLanguages{"en", "es", "ru"};

}  // namespace

std::string_view contact_text_pattern(std::string_view language, ContactText key) {
  const Entry& e = kEntries[static_cast<std::size_t>(key)];
  if (language == "es") return e.es;
  if (language == "ru") return e.ru;
  return e.en;
}

std::string_view channel_text(std::string_view language, std::string_view channel) {
  struct Name {
    std::string_view code, en, es, ru;
  };
  static constexpr std::array kNames{
      Name{"callCenter", "call center", "centro de llamadas", "колл-центр"},
      Name{"web", "web", "web", "сайт"},
      Name{"account", "web account", "cuenta web", "личный кабинет"},
      Name{"agent", "top-up agent", "agente de recarga", "пункт пополнения"},
      Name{"ussd", "USSD", "USSD", "USSD"},
      Name{"app", "app", "app", "приложение"},
  };
  for (const auto& n : kNames) {
    if (n.code != channel) continue;
    if (language == "es") return n.es;
    if (language == "ru") return n.ru;
    return n.en;
  }
  return channel;
}

std::string contact_text(std::string_view language, ContactText key, TextVars vars) {
  std::string_view pattern = contact_text_pattern(language, key);
  std::string out;
  out.reserve(pattern.size() + 32);
  std::size_t at = 0;
  while (at < pattern.size()) {
    std::size_t open = pattern.find('{', at);
    if (open == std::string_view::npos) break;
    std::size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(pattern.substr(at, open - at));
    std::string_view name = pattern.substr(open + 1, close - open - 1);
    const auto* var = vars.begin();
    while (var != vars.end() && var->first != name) ++var;
    if (var == vars.end()) {
      throw std::logic_error("contact text " + std::string(pattern) + " needs {" +
                             std::string(name) + "}");
    }
    out.append(var->second);
    at = close + 1;
  }
  out.append(pattern.substr(at));
  return out;
}

std::string local_time_text(std::string_view language, const BusinessCalendar& calendar,
                            TimePoint t) {
  using namespace std::chrono;
  year_month_day day = calendar.local_date(t);
  auto minutes = duration_cast<std::chrono::minutes>(calendar.local_time_of_day(t)).count();
  unsigned d = static_cast<unsigned>(day.day()), m = static_cast<unsigned>(day.month());
  int y = static_cast<int>(day.year());
  char out[32];
  if (language == "es" || language == "ru") {
    std::snprintf(out, sizeof out,
                  language == "es" ? "%02u/%02u/%04d %02d:%02d" : "%02u.%02u.%04d %02d:%02d", d, m,
                  y, static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  } else {
    std::snprintf(out, sizeof out, "%04d-%02u-%02u %02d:%02d", y, m, d,
                  static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  }
  return out;
}

std::span<const ContactText> all_contact_texts() { return kKeys; }

std::span<const std::string_view> contact_text_languages() { return kLanguages; }

}  // namespace abonado::care
