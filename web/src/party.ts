// Small readings of a party used on several screens.

import type { Identification, Party } from "./model";

export function partyName(p: Party): string {
  return p.fullName || p.name || [p.givenName, p.familyName].filter(Boolean).join(" ") || p.id;
}

export function partyKind(p: Party): "individual" | "organization" {
  return p["@type"] === "Organization" ? "organization" : "individual";
}

export function partyPath(p: Party): string {
  return `/parties/${partyKind(p)}/${encodeURIComponent(p.id)}`;
}

export function documents(p: Party): Identification[] {
  return p.individualIdentification ?? p.organizationIdentification ?? [];
}

export function primaryDocument(p: Party): Identification | undefined {
  return documents(p)[0];
}

export function primaryPhone(p: Party): string | undefined {
  const phones = (p.contactMedium ?? []).filter((c) => c.characteristic.phoneNumber);
  const best = phones.find((c) => c.preferred) ?? phones[0];
  return best?.characteristic.phoneNumber;
}

export function partyUrl(kind: string, id: string): string {
  return kind === "organization"
    ? `/tmf-api/party/v4/organization/${encodeURIComponent(id)}`
    : `/tmf-api/party/v4/individual/${encodeURIComponent(id)}`;
}
