// Dates, money and phone numbers for the agent's language and the operator's
// country, with Intl. Money travels in integer minor units or, in TMF
// bodies, as decimal major units; both end here.

import type { Money } from "./model";
import type { OperatorProfile } from "./operator";

export interface Formatter {
  /** Formatting locale: the agent's language in the operator's country. */
  locale: string;
  date(iso: string | undefined): string;
  dateTime(iso: string | undefined): string;
  /** A deadline: one at the operator's midnight reads as the last minute of the day before ("13 dic 2026, 23:59"), which is what it gives. */
  deadline(iso: string | undefined): string;
  /** Integer minor units (céntimos) of `currency`. */
  moneyMinor(minor: number, currency?: string): string;
  /** Decimal major units, as TMF Money carries them. */
  money(value: number, currency?: string): string;
  tmfMoney(m: Money | undefined): string;
  phone(e164OrDigits: string | undefined): string;
  number(n: number): string;
}

export function fractionDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions()
    .maximumFractionDigits ?? 2;
}

export function moneyValue(m: Money | undefined): { value: number; currency?: string } | undefined {
  if (!m) return undefined;
  const value = m.value ?? m.amount;
  if (typeof value !== "number") return undefined;
  return { value, currency: m.unit ?? m.units };
}

export function makeFormatter(lang: string, op: OperatorProfile): Formatter {
  const locale = op.country ? `${lang}-${op.country}` : lang;
  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: op.timeZone });
  // A 24-hour clock: "00:00" is not misread, and no "a. m." ends a sentence with two periods.
  const dateTimeFmt = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    hourCycle: "h23",
    timeZone: op.timeZone,
  });
  const clockFmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: op.timeZone });
  const moneyFmts = new Map<string, Intl.NumberFormat>();
  const moneyFmt = (currency: string) => {
    let f = moneyFmts.get(currency);
    if (!f) {
      f = new Intl.NumberFormat(locale, { style: "currency", currency });
      moneyFmts.set(currency, f);
    }
    return f;
  };
  const numberFmt = new Intl.NumberFormat(locale);
  const parse = (iso: string | undefined) => {
    if (!iso) return undefined;
    // Plain dates (birth dates) are calendar days, not instants.
    const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
    return Number.isNaN(d.getTime()) ? undefined : d;
  };
  return {
    locale,
    date: (iso) => {
      const d = parse(iso);
      if (!d) return iso ?? "";
      return /^\d{4}-\d{2}-\d{2}$/.test(iso!)
        ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(d)
        : dateFmt.format(d);
    },
    dateTime: (iso) => {
      const d = parse(iso);
      return d ? dateTimeFmt.format(d) : (iso ?? "");
    },
    deadline: (iso) => {
      const d = parse(iso);
      if (!d) return iso ?? "";
      const midnight = clockFmt.format(d) === "00:00";
      return dateTimeFmt.format(midnight ? new Date(d.getTime() - 60_000) : d);
    },
    moneyMinor: (minor, currency = op.currency) =>
      moneyFmt(currency).format(minor / 10 ** fractionDigits(currency)),
    money: (value, currency = op.currency) => moneyFmt(currency).format(value),
    tmfMoney: (m) => {
      const v = moneyValue(m);
      return v ? moneyFmt(v.currency ?? op.currency).format(v.value) : "";
    },
    phone: (n) => formatPhone(n, op),
    number: (n) => numberFmt.format(n),
  };
}

function group(digits: string, sizes: number[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.join(" ");
}

/**
 * A number of the operator's own country in its national format; any other
 * in international format (+CC then groups).
 */
export function formatPhone(input: string | undefined, op: OperatorProfile): string {
  if (!input) return "";
  const digits = input.replace(/\D/g, "");
  const international = input.trim().startsWith("+") || input.trim().startsWith("00");
  let national: string | undefined;
  if (digits.startsWith(op.callingCode) && (international || digits.length > 9)) {
    national = digits.slice(op.callingCode.length);
  } else if (!international) {
    national = digits;
  }
  if (national === undefined) return `+${group(digits, [2, 3, 3, 3, 3])}`;
  switch (op.country) {
    case "PE":
      return national.length === 9 ? group(national, [3, 3, 3]) : national;
    case "BO":
      return national.length === 8 ? group(national, [4, 4]) : national;
    case "EC":
      return national.length === 9 ? `0${group(national, [2, 3, 4])}` : national;
    case "RU":
      return national.length === 10
        ? `8 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`
        : national;
    default:
      return national;
  }
}
