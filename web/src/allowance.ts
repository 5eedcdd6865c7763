// An allowance as agents read it, the same on a line and in the purchase
// dialog: "Datos: 6 GB", "Minutos (misma red): 300 min".

import type { I18n } from "./i18n";

export interface AllowanceLike {
  usageType?: string;
  /** Shown when the console has no word for the usage type. */
  name?: string;
  scope?: string;
  amount?: number;
  units?: string;
}

/** From 1 GB, data reads in GB to the tenth, rounded down (what is left is never overstated); below, in MB. */
function quantity({ fmt, tx }: Pick<I18n, "fmt" | "tx">, amount: number, units: string | undefined): string {
  if (units === "MB" && amount >= 1024) return `${fmt.number(Math.floor((amount / 1024) * 10) / 10)} GB`;
  return `${fmt.number(amount)} ${tx(`units.${units}`, units ?? "")}`.trim();
}

export function allowanceText(i18n: Pick<I18n, "t" | "fmt" | "tx">, a: AllowanceLike): string {
  const what = i18n.tx(`usage.${a.usageType}`, a.name ?? a.usageType ?? "");
  const scope = a.scope === "onNet" ? ` (${i18n.t("purchase.onNet")})` : "";
  return `${what}${scope}: ${quantity(i18n, a.amount ?? 0, a.units)}`;
}
