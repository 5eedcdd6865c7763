// Spanish, English and Russian. Each language is its own chunk, loaded when
// chosen; the agent's choice is remembered in localStorage and defaults to
// the operator's language. en.ts is the reference: es.ts and ru.ts must have
// every key (the compiler checks).

import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Messages } from "./en";
import type { PluralForms } from "./plural";
import { makeFormatter, type Formatter } from "../format";
import type { OperatorProfile } from "../operator";
import { ApiError } from "../api";

export type Lang = "es" | "en" | "ru";
export const kLanguages: { code: Lang; label: string }[] = [
  { code: "es", label: "Español" },
  { code: "en", label: "English" },
  { code: "ru", label: "Русский" },
];

type Paths<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string
    ? `${P}${K}`
    : T[K] extends PluralForms
      ? `${P}${K}`
      : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];

export type MessageKey = Paths<Messages>;
export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

const kStorageKey = "abonado.lang";

const loaders: Record<Lang, () => Promise<{ default: Messages }>> = {
  es: () => import("./es"),
  en: () => import("./en"),
  ru: () => import("./ru"),
};

function isLang(v: unknown): v is Lang {
  return v === "es" || v === "en" || v === "ru";
}

function lookup(messages: Messages, key: string): string | PluralForms | undefined {
  let node: unknown = messages;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node as string | PluralForms | undefined;
}

function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function makeTranslate(lang: Lang, messages: Messages): Translate {
  const rules = new Intl.PluralRules(lang);
  return (key, vars) => {
    const found = lookup(messages, key);
    if (found === undefined) return key;
    if (typeof found === "string") return interpolate(found, vars);
    const count = Number(vars?.count ?? 0);
    const form = found[rules.select(count)] ?? found.other;
    return interpolate(form, vars);
  };
}

export function hasKey(messages: Messages, key: string): boolean {
  return typeof lookup(messages, key) !== "undefined";
}

export interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: Translate;
  fmt: Formatter;
  op: OperatorProfile;
  /** A key built at run time (a status, a role): its text, else `fallback`. */
  tx: (key: string, fallback?: string, vars?: Vars) => string;
  /** A plain sentence for an API error: its code in the agent's language, else the server's words. */
  errorText: (e: unknown) => string;
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ op, children }: { op: OperatorProfile; children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const saved = localStorage.getItem(kStorageKey);
    return isLang(saved) ? saved : op.language;
  });
  const [messages, setMessages] = useState<{ lang: Lang; messages: Messages } | null>(null);

  useEffect(() => {
    let live = true;
    void loaders[lang]().then((m) => {
      if (live) setMessages({ lang, messages: m.default });
    });
    document.documentElement.lang = lang;
    return () => {
      live = false;
    };
  }, [lang]);

  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(kStorageKey, l);
    setLangState(l);
  }, []);

  const value = useMemo<I18n | null>(() => {
    if (!messages) return null;
    const t = makeTranslate(messages.lang, messages.messages);
    const fmt = makeFormatter(messages.lang, op);
    // What the server adds to a refusal that the agent acts on: tries left, and when to try again.
    const facts = (e: ApiError) => {
      const out: string[] = [];
      const left = e.details.attemptsLeft;
      if (typeof left === "number") {
        out.push(left > 0 ? t("errors.detail.attemptsLeft", { count: left }) : t("errors.detail.attemptsNone"));
      }
      const at = e.details.retryAt;
      if (typeof at === "string") out.push(t("errors.detail.retryAt", { time: fmt.dateTime(at) }));
      return out;
    };
    const errorText = (e: unknown) => {
      if (e instanceof ApiError) {
        const key = `errors.${e.code}`;
        if (hasKey(messages.messages, key)) return [t(key as MessageKey), ...facts(e)].join(" ");
        const field = `errors.fields.${e.code}.${e.field ?? ""}`;
        if (e.field && hasKey(messages.messages, field)) return t(field as MessageKey);
        // A failure is not a refusal, and a proxy's HTML page is not a sentence.
        if (e.status >= 500) return t("errors.server");
        if (e.code.startsWith("HTTP_")) return t("errors.status", { status: e.status });
        return t("errors.generic", { message: e.serverMessage || e.code });
      }
      return t("errors.generic", { message: e instanceof Error ? e.message : String(e) });
    };
    const tx = (key: string, fallback?: string, vars?: Vars) =>
      hasKey(messages.messages, key) ? t(key as MessageKey, vars) : (fallback ?? key.slice(key.lastIndexOf(".") + 1));
    return { lang: messages.lang, setLang, t, tx, fmt, op, errorText };
  }, [messages, op, setLang]);

  if (!value) return null;
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}
