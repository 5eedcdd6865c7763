import { useState } from "react";
import { useLocation, useSearch } from "wouter";
import { kLanguages, useI18n, type Lang } from "../i18n";
import { useSession } from "../session";
import { BusyFieldset, ErrorLine, Field, Submit } from "../components/ui";

export function Login() {
  const { t, lang, setLang, op } = useI18n();
  const { login, expired } = useSession();
  const [, navigate] = useLocation();
  const search = useSearch();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const next = new URLSearchParams(search).get("next");
  const safeNext = next && next.startsWith("/") && !next.startsWith("//") ? next : "/";

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(safeNext, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form onSubmit={submit} className="card" aria-labelledby="login-title">
        <BusyFieldset busy={busy}>
          <h1 id="login-title">
            Abonado <span className="op">{op.brand}</span>
          </h1>
          <p className="lead">{t("login.lead")}</p>
          {expired && (
            <p className="notice" role="status" data-testid="session-expired">
              {t("login.expired")}
            </p>
          )}
          <Field label={t("login.username")} htmlFor="username">
            <input
              id="username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              required
              autoFocus
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </Field>
          <Field label={t("login.password")} htmlFor="password">
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
          <ErrorLine error={error} />
          <Submit busy={busy}>{t("login.submit")}</Submit>
          <label className="lang">
            {t("nav.language")}{" "}
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="language">
              {kLanguages.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
        </BusyFieldset>
      </form>
    </main>
  );
}
