// The API shapes the console reads (API.md; TMF632/629/666/683/620/637/654).
// Only the fields the screens use; the server may send more.

export interface Agent {
  id?: string;
  username: string;
  displayName?: string;
  roles: string[];
}

export interface Identification {
  identificationType: string;
  identificationId: string;
  issuingCountry?: string;
  displayId?: string;
}

export interface ContactMedium {
  id?: string;
  mediumType: "mobile" | "email" | "postalAddress" | string;
  preferred?: boolean;
  characteristic: {
    phoneNumber?: string;
    nationalNumber?: string;
    emailAddress?: string;
    street1?: string;
    city?: string;
    country?: string;
    street?: string;
    number?: string;
    observations?: string;
  };
}

export interface Party {
  id: string;
  href?: string;
  "@type": "Individual" | "Organization";
  status?: string;
  givenName?: string;
  familyName?: string;
  fullName?: string;
  name?: string;
  birthDate?: string;
  disability?: boolean;
  individualIdentification?: Identification[];
  organizationIdentification?: Identification[];
  contactMedium?: ContactMedium[];
  createdAt?: string;
}

export interface BillingAccount {
  id: string;
  name?: string;
  state?: string;
  billingCycleDay?: number;
  invoiceType?: string;
}

export interface Customer {
  id: string;
  name?: string;
  contractNumber: string;
  status: string;
  statusReason?: string;
  engagedParty: { id: string };
  account?: BillingAccount[];
  createdAt?: string;
}

export interface SearchHit {
  party: Party;
  customer: Customer[];
  product: Product[];
  matchedBy: string;
}

export interface Note {
  id: string;
  type: string;
  text: string;
  state: "valid" | "notYetValid" | "expired";
  validFrom: string;
  validTo?: string;
  author: string;
  date: string;
  campaign?: string;
}

export interface Interaction {
  id: string;
  interactionDate: { startDateTime: string; endDateTime?: string };
  channel: { name: string }[];
  direction: string;
  status: string;
  reason: string;
  outcome?: string;
  description?: string;
}

export interface TimelineItem {
  kind: "interaction" | "note" | "change" | "message" | string;
  at: string;
  title: string;
  summary: string;
  actor?: { username?: string };
  ref?: { id: string; href?: string; "@referredType"?: string };
}

/** TMF Money as the catalog writes it. */
export interface Money {
  unit?: string;
  value?: number;
  /** TMF654 spelling. */
  units?: string;
  amount?: number;
}

export interface ProductOfferingPrice {
  name?: string;
  priceType?: string;
  price?: Money | { taxIncludedAmount?: Money; dutyFreeAmount?: Money };
  recurringChargePeriod?: string;
}

export interface ProductOffering {
  id: string;
  name: string;
  description?: string;
  lifecycleStatus?: string;
  category?: { id?: string; name?: string }[] | string;
  productOfferingPrice?: ProductOfferingPrice[];
  validFor?: { startDateTime?: string; endDateTime?: string };
  validityDays?: number;
  isSellable?: boolean;
  allowance?: { usageType?: string; scope?: string; amount?: number; units?: string }[];
}

export interface Product {
  id: string;
  name?: string;
  msisdn?: string;
  msisdnNational?: string;
  iccid?: string | null;
  status?: string;
  productOffering?: { id?: string; name?: string } | null;
  startDate?: string;
}

export interface Bucket {
  id: string;
  name?: string;
  usageType?: string;
  /** "main" for the money balance; allowances otherwise. */
  bucketType?: string;
  /** "onNet": minutes to the operator's own numbers only. */
  scope?: string;
  remainingValue?: Money;
  remainingValueName?: string;
  validFor?: { startDateTime?: string; endDateTime?: string };
}

/** TMF635 Usage as the server rates it (FL-13). */
export interface UsageRecord {
  id: string;
  usageType: string;
  usageDate: string;
  onNet?: boolean;
  quantity: { amount: number; units: string };
  charged?: Money;
  ratedProductUsage?: { usageRatingTag: string; quantity?: { amount: number; units: string }; taxIncludedRatingAmount?: Money }[];
}

export interface Activation {
  id: string;
  status: string;
  msisdn?: string;
  attemptsLeft?: number;
  productId?: string;
  product?: { id: string };
  partyId?: string;
  iccid?: string;
  sessionOpen?: boolean;
}

export interface BiometricResult {
  result: "match" | "noMatch";
  attemptsLeft: number;
  status?: string;
  productId?: string;
  product?: { id: string };
  msisdn?: string;
}

export interface PortIn {
  id: string;
  status: string;
  dueAt?: string;
  msisdn?: string;
  donorOperator?: string;
  /** Why a port failed. */
  reason?: string | null;
}

export interface ActivationRequest {
  id: string;
  category: string;
  status: string;
  partyId?: string;
  party?: { id: string; name?: string };
  /** How the customer hears of the completion: by email, or by SMS on the new line. */
  completionNotice?: "email" | "sms";
  /** How a rejection reaches the customer: the reason by email, an SMS to their own mobile, or not at all. */
  rejectionNotice?: "email" | "sms" | "none";
  iccid?: string;
  dueAt?: string;
  createdAt?: string;
  overdue?: boolean;
  /** Attachment ids: the copies the case was filed with. */
  documents?: string[];
  msisdn?: string | null;
}

/** A scheduled top-up (FL-11) and its latest period: charging until the card's provider answers. */
export interface AutoTopUp {
  id: string;
  productId: string;
  recurringPeriod: "weekly" | "fortnightly" | "monthly";
  amount?: Money;
  status: string;
  nextRunDate?: string;
  lastRun?: { periodStart: string; status: "charging" | "completed" | "declined" | "skipped"; reason?: string };
}

export interface TopUp {
  id: string;
  status: string;
  amount?: Money;
  invoice?: { type: string; taxId?: string };
  /** The main balance after the top-up. */
  balance?: Money;
}
