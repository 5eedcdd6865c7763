/** A message that depends on a count, chosen with Intl.PluralRules. */
export interface PluralForms {
  zero?: string;
  one: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export const plural = (forms: PluralForms): PluralForms => forms;
