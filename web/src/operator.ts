// What the console needs to know of the operator to speak its terms: brand,
// locale, currency, time zone, calling code and customer service (FL-15). The server reads them from
// its policy pack (policies/*.toml) and serves them at GET /api/v1/operator,
// so a new operator's pack needs no change here.

export type Language = "es" | "en" | "ru";

export interface OperatorProfile {
  /** The policy pack's name, e.g. "pe-flash". */
  name: string;
  brand: string;
  /** BCP 47 locale of the policy pack. */
  locale: string;
  /** The pack's language when the console has it, else English. */
  language: Language;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** ISO 4217. */
  currency: string;
  timeZone: string;
  /** Country calling code, digits only. */
  callingCode: string;
  /** How customers reach the operator (FL-15); absent when the server did not say. */
  customerService?: CustomerService;
  /** The operators a number may be ported from (FL-6); empty: any name. */
  portingDonors: string[];
  /** What a document copy may be; absent when the server did not say. */
  attachments?: AttachmentRules;
  /** A top-up's bounds in minor units; absent when the pack sets none. */
  topupLimits?: { minMinor: number; maxMinor: number };
}

export interface AttachmentRules {
  maxBytes: number;
  mimeTypes: string[];
}

export interface CustomerService {
  phoneNumbers: string[];
  ussdCode?: string;
  /** By weekday ("monday"...), local "HH:MM"; a day that is missing is closed. */
  hours: Record<string, { open: string; close: string }>;
  openOnHolidays: boolean;
  webChat?: boolean;
}

interface ServedProfile {
  name: string;
  brand: string;
  locale: string;
  language: string;
  country: string;
  currency: string;
  timeZone: string;
  callingCode: string;
  customerService?: CustomerService;
  portingDonors?: string[];
  attachments?: AttachmentRules;
  topupLimits?: { minMinor: number; maxMinor: number } | null;
}

function asLanguage(code: string | undefined): Language {
  return code === "es" || code === "ru" ? code : "en";
}

/** The server's profile as the console uses it. */
export function operatorProfile(p: ServedProfile): OperatorProfile {
  return {
    name: p.name,
    brand: p.brand,
    locale: p.locale,
    language: asLanguage(p.language),
    country: p.country,
    currency: p.currency,
    timeZone: p.timeZone,
    callingCode: p.callingCode,
    customerService: p.customerService,
    portingDonors: p.portingDonors ?? [],
    attachments: p.attachments,
    topupLimits: p.topupLimits ?? undefined,
  };
}

/**
 * When the server cannot be reached at all: the browser's own language and
 * zone, and ISO 4217's "no currency" (XXX) rather than some operator's.
 */
export function unknownOperator(): OperatorProfile {
  const locale = navigator.language || "en";
  return {
    name: "unknown",
    brand: "",
    locale,
    language: asLanguage(locale.slice(0, 2)),
    country: "",
    currency: "XXX",
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    callingCode: "",
    portingDonors: [],
  };
}

const kRetryDelaysMs = [1000, 3000];

export async function loadOperator(): Promise<OperatorProfile> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch("/api/v1/operator", { headers: { Accept: "application/json" } });
      if (res.ok) return operatorProfile((await res.json()) as ServedProfile);
    } catch {
      // A slow or dropped connection: try again below.
    }
    const delay = kRetryDelaysMs[attempt];
    if (delay === undefined) return unknownOperator();
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
