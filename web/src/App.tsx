// The console's shell: header with the quick search (every call starts there,
// CC-0), navigation by role, language and logout; screens load on demand.

import { lazy, Suspense, useEffect, useRef } from "react";
import { Link, Redirect, Route, Switch, useLocation } from "wouter";
import { kLanguages, useI18n, type Lang } from "./i18n";
import { loginPath, useSession } from "./session";
import { QuickSearch } from "./components/QuickSearch";
import { Login } from "./screens/Login";
import { Home } from "./screens/Home";

const Customer360 = lazy(() => import("./screens/Customer360"));
const Activation = lazy(() => import("./screens/Activation"));
const FormQueue = lazy(() => import("./screens/FormQueue"));
const NewFormRequest = lazy(() => import("./screens/NewFormRequest"));
const TopUpPage = lazy(() => import("./screens/TopUpPage"));

export function App() {
  const { agent } = useSession();
  const [location] = useLocation();
  const { t } = useI18n();

  useEffect(() => {
    document.title = `Abonado · ${t("app.title")}`;
  }, [t]);

  if (!agent) {
    if (location.startsWith("/login")) return <Login />;
    return <Redirect to={loginPath()} replace />;
  }
  return (
    <Shell>
      <Suspense fallback={<p className="loading" role="status">{t("common.loading")}</p>}>
        <Switch>
          <Route path="/login">
            <Redirect to="/" replace />
          </Route>
          <Route path="/" component={Home} />
          <Route path="/parties/:kind/:id" component={Customer360} />
          <Route path="/activation" component={Activation} />
          <Route path="/requests/new" component={NewFormRequest} />
          <Route path="/queue" component={FormQueue} />
          <Route path="/topup" component={TopUpPage} />
          <Route>
            <main className="page">
              <h1>{t("common.notFound")}</h1>
              <Link href="/">{t("nav.home")}</Link>
            </main>
          </Route>
        </Switch>
      </Suspense>
    </Shell>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const { t, tx, lang, setLang, op } = useI18n();
  const { agent, logout, hasRole } = useSession();
  const [location] = useLocation();
  const mainRef = useRef<HTMLDivElement>(null);

  const nav: { href: string; label: string; show: boolean }[] = [
    { href: "/", label: t("nav.home"), show: true },
    { href: "/activation", label: t("nav.activation"), show: hasRole("leader") },
    { href: "/topup", label: t("nav.topup"), show: true },
    { href: "/queue", label: t("nav.queue"), show: hasRole("backoffice") },
  ];

  return (
    <>
      <a className="skip" href="#main">
        {t("nav.skip")}
      </a>
      <header className="topbar">
        <div className="brand">
          <Link href="/" aria-label={t("nav.home")}>
            Abonado <span className="op">{op.brand}</span>
          </Link>
        </div>
        <QuickSearch />
        <nav aria-label={t("nav.label")} className="mainnav">
          {nav
            .filter((n) => n.show)
            .map((n) => (
              <Link
                key={n.href}
                href={n.href}
                aria-current={location === n.href ? "page" : undefined}
                className={location === n.href ? "active" : undefined}
              >
                {n.label}
              </Link>
            ))}
        </nav>
        <div className="tools">
          <label className="lang">
            <span className="sr-only">{t("nav.language")}</span>
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="language">
              {kLanguages.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          <span className="agent" title={agent?.roles.map((r) => tx(`roles.${r}`)).join(", ")}>
            {agent?.displayName || agent?.username}
          </span>
          <button type="button" className="link" onClick={() => void logout()}>
            {t("nav.logout")}
          </button>
        </div>
      </header>
      <div id="main" ref={mainRef} tabIndex={-1}>
        {children}
      </div>
    </>
  );
}
