// What the console needs to know of each operator to format for it. GET
// /health names the operator; its locale, currency, zone and country code are
// those of its policy pack (policies/*.toml).

export interface OperatorProfile {
  name: string;
  brand: string;
  /** BCP 47 locale of the policy pack. */
  locale: string;
  language: "es" | "en" | "ru";
  country: string;
  currency: string;
  timeZone: string;
  /** Country calling code, digits only. */
  callingCode: string;
}

const kProfiles: Record<string, OperatorProfile> = {
  "pe-flash": {
    name: "pe-flash", brand: "Flash", locale: "es-PE", language: "es", country: "PE",
    currency: "PEN", timeZone: "America/Lima", callingCode: "51",
  },
  "bo-comteco": {
    name: "bo-comteco", brand: "COMTECO", locale: "es-BO", language: "es", country: "BO",
    currency: "BOB", timeZone: "America/La_Paz", callingCode: "591",
  },
  "ru-beeline": {
    name: "ru-beeline", brand: "Beeline", locale: "ru-RU", language: "ru", country: "RU",
    currency: "RUB", timeZone: "Europe/Moscow", callingCode: "7",
  },
  "ec-claro": {
    name: "ec-claro", brand: "Claro", locale: "es-EC", language: "es", country: "EC",
    currency: "USD", timeZone: "America/Guayaquil", callingCode: "593",
  },
};

export function operatorProfile(name: string | undefined): OperatorProfile {
  return kProfiles[name ?? ""] ?? { ...kProfiles["pe-flash"]!, name: name ?? "unknown", brand: name ?? "Abonado" };
}

export interface Health {
  status: string;
  operator: string;
  database: string;
  version: string;
}

export async function loadOperator(): Promise<OperatorProfile> {
  try {
    const res = await fetch("/health", { headers: { Accept: "application/json" } });
    const h = (await res.json()) as Health;
    return operatorProfile(h.operator);
  } catch {
    return operatorProfile(undefined);
  }
}
