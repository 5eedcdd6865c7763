import { useEffect } from "react";
import { Link } from "wouter";
import { get } from "../api";
import { useLoad } from "../hooks";
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

interface ActivationReport {
  targetMinutes: number;
  activated: number;
  withinTarget: number;
  medianSeconds: number;
  leaders: { agent: { id: string; name: string }; activated: number; withinTarget: number; medianSeconds: number }[];
}

const minutesSeconds = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

/** FL-1's target this month: the leader's own activations, or every leader's for a supervisor. */
function ActivationFigures({ everyone }: { everyone: boolean }) {
  const { t } = useI18n();
  const report = useLoad((s) => get<ActivationReport>("/api/v1/activations/report", undefined, s), []);
  const r = report.data;
  if (!r || r.targetMinutes === 0) return null;
  return (
    <section className="figures" data-testid="activation-figures">
      <h2>{t("home.activationsTitle")}</h2>
      <p>
        {r.activated === 0
          ? t("home.activationsNone")
          : t("home.activations", {
              count: r.activated,
              within: r.withinTarget,
              target: r.targetMinutes,
              median: minutesSeconds(r.medianSeconds),
            })}
      </p>
      {everyone && r.leaders.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t("home.leader")}</th>
              <th>{t("home.leaderActivations")}</th>
              <th>{t("home.leaderWithin", { target: r.targetMinutes })}</th>
              <th>{t("home.leaderMedian")}</th>
            </tr>
          </thead>
          <tbody>
            {r.leaders.map((l) => (
              <tr key={l.agent.id}>
                <td>{l.agent.name}</td>
                <td>{l.activated}</td>
                <td>{l.withinTarget}</td>
                <td>{minutesSeconds(l.medianSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Home() {
  const { t, op } = useI18n();
  const { agent, hasRole } = useSession();
  // Who takes calls starts at the search; a brand leader in the street starts a new line.
  const takesCalls = hasRole("operator", "supervisor", "backoffice", "postsales");
  useEffect(() => {
    // Not on a touch screen, where focusing would open the keyboard over the page.
    if (takesCalls && !window.matchMedia("(pointer: coarse)").matches) document.getElementById("quick-search")?.focus();
  }, [takesCalls]);
  return (
    <main className="page home">
      <h1>{t("home.hello", { name: agent?.displayName || agent?.username || "" })}</h1>
      {takesCalls ? (
        <>
          <p className="lead">{t("home.lead")}</p>
          <ul className="tips">
            <li>{t("home.tipPhone")}</li>
            <li>{t("home.tipContract")}</li>
            <li>{t("home.tipDocument")}</li>
            <li>{t("home.tipName")}</li>
          </ul>
          <p className="hint">{t("home.shortcut")}</p>
        </>
      ) : (
        <p className="lead">{t("home.leadField")}</p>
      )}
      {op.customerService && <CareHours care={op.customerService} />}
      {(hasRole("leader") || hasRole("supervisor") || hasRole("admin")) && (
        <ActivationFigures everyone={hasRole("supervisor") || hasRole("admin")} />
      )}
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
