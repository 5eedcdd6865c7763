import { useEffect } from "react";
import { Link } from "wouter";
import { useI18n } from "../i18n";
import type { CustomerService } from "../operator";
import { useSession } from "../session";

const kWeekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** FL-15 in a line: "todos los días 07:00–21:00", or day by day in the agent's language. */
function CareHours({ care }: { care: CustomerService }) {
  const { t, lang } = useI18n();
  const days = kWeekdays.map((d) => care.hours[d]);
  const first = days[0];
  const same = first && days.every((h) => h && h.open === first.open && h.close === first.close);
  let hours: string;
  if (same) {
    hours = t("home.everyDay", { open: first.open, close: first.close });
  } else {
    // 2024-01-01 was a Monday.
    const weekday = new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" });
    const name = (i: number) => weekday.format(Date.UTC(2024, 0, 1 + i));
    hours = days
      .map((h, i) => (h ? `${name(i)} ${h.open}–${h.close}` : null))
      .filter(Boolean)
      .join(", ");
  }
  return (
    <p className="hint" data-testid="care-hours">
      {t("home.care", { hours })}
      {care.phoneNumbers.length > 0 && <> {t("home.careNumbers", { numbers: care.phoneNumbers.join(", ") })}</>}
      {care.ussdCode && <> {t("home.careUssd", { code: care.ussdCode })}</>}
      {care.webChat && <> {t("home.careChat")}</>}
    </p>
  );
}

export function Home() {
  const { t, op } = useI18n();
  const { agent, hasRole } = useSession();
  useEffect(() => {
    document.getElementById("quick-search")?.focus();
  }, []);
  return (
    <main className="page home">
      <h1>{t("home.hello", { name: agent?.displayName || agent?.username || "" })}</h1>
      <p className="lead">{t("home.lead")}</p>
      <ul className="tips">
        <li>{t("home.tipPhone")}</li>
        <li>{t("home.tipContract")}</li>
        <li>{t("home.tipDocument")}</li>
        <li>{t("home.tipName")}</li>
      </ul>
      <p className="hint">{t("home.shortcut")}</p>
      {op.customerService && <CareHours care={op.customerService} />}
      <div className="actions">
        {hasRole("leader") && (
          <Link href="/activation" className="button primary">
            {t("nav.activation")}
          </Link>
        )}
        <Link href="/topup" className="button">
          {t("nav.topup")}
        </Link>
        {hasRole("backoffice") && (
          <Link href="/queue" className="button">
            {t("nav.queue")}
          </Link>
        )}
      </div>
    </main>
  );
}
