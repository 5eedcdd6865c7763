// Lines, balances and the catalog (API.md "Lines and activation", "Balance").

import { get } from "./api";
import { moneyValue } from "./format";
import type { AutoTopUp, Bucket, Money, Product, ProductOffering, ProductOfferingPrice, UsageRecord } from "./model";

export const kProducts = "/tmf-api/productInventory/v4/product";
export const kBuckets = "/tmf-api/prepayBalanceManagement/v4/bucket";
export const kTopUps = "/tmf-api/prepayBalanceManagement/v4/topupBalance";
export const kOfferings = "/tmf-api/productCatalogManagement/v4/productOffering";
export const kPurchases = "/api/v1/purchases";
export const kUsage = "/tmf-api/usageManagement/v4/usage";
export const kAutoTopUps = "/api/v1/autoTopups";

export function linesOf(partyId: string, signal?: AbortSignal): Promise<Product[]> {
  return get<Product[]>(kProducts, { "relatedParty.id": partyId, limit: 100 }, signal);
}

/** The main balance and the allowances still usable (not every spent bucket of the line's past). */
export function bucketsOf(productId: string, signal?: AbortSignal): Promise<Bucket[]> {
  return get<Bucket[]>(kBuckets, { "product.id": productId, status: "active", limit: 100 }, signal);
}

/** The line's scheduled top-ups (FL-11), newest first, each with its latest period. */
export function autoTopUpsOf(productId: string, signal?: AbortSignal): Promise<AutoTopUp[]> {
  return get<AutoTopUp[]>(kAutoTopUps, { productId }, signal);
}

/** The line's latest usage, rated (FL-13): what allowances covered and what the balance paid. */
export function usageOf(productId: string, signal?: AbortSignal): Promise<UsageRecord[]> {
  return get<UsageRecord[]>(kUsage, { "product.id": productId, limit: 50 }, signal);
}

/** The money balance among a line's buckets (the one counted in a currency). */
export function mainBucket(buckets: Bucket[] | undefined, currency: string): Bucket | undefined {
  if (!buckets) return undefined;
  return (
    buckets.find((b) => b.bucketType === "main" || b.name === "main" || b.usageType === "monetary") ??
    buckets.find((b) => (b.remainingValue?.units ?? b.remainingValue?.unit) === currency)
  );
}

export function offeringPrice(o: ProductOffering): { price?: Money } {
  const prices: ProductOfferingPrice[] = o.productOfferingPrice ?? [];
  const p = prices.find((x) => x.priceType === "oneTime");
  if (!p?.price) return {};
  const price = p.price as Money & { taxIncludedAmount?: Money };
  return { price: price.taxIncludedAmount ?? price };
}

export function priceValue(o: ProductOffering): number | undefined {
  return moneyValue(offeringPrice(o).price)?.value;
}

/** The plans and packages on sale (not the standard tariff, which only has usage prices). */
export async function offerings(signal?: AbortSignal): Promise<ProductOffering[]> {
  const all = await get<ProductOffering[]>(kOfferings, { limit: 100 }, signal);
  return all.filter((o) => o.isSellable !== false && offeringPrice(o).price !== undefined);
}

/** Where the console says a payment or purchase happened (TMF654 channel names). */
export function moneyChannel(isCallCenter: boolean): "callCenter" | "web" {
  return isCallCenter ? "callCenter" : "web";
}
