import { useEffect } from "react";
import { Link } from "wouter";
import { useI18n } from "../i18n";
import { useSession } from "../session";

export function Home() {
  const { t } = useI18n();
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
