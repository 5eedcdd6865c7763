// Buying a plan or package from the line's balance (FL-14): no balance, no
// purchase. The agent sees the balance next to each price before choosing.

import { useId, useState } from "react";
import { post, ApiError } from "../api";
import { answeredByServer, useStickyKey } from "../draft";
import { useI18n } from "../i18n";
import { useLoad } from "../hooks";
import { kPurchases, moneyChannel, offeringPrice, offerings, priceValue } from "../balance";
import { useSession } from "../session";
import type { ProductOffering } from "../model";
import { useHoldDialog } from "./Dialog";
import { BusyFieldset, ErrorLine, Submit } from "./ui";
import { allowanceText } from "../allowance";

export function PurchaseForm({
  productId,
  balance,
  onDone,
  onTopUp,
  initialChoice = "",
}: {
  productId: string;
  /** The line's money balance, major units. */
  balance: number | undefined;
  onDone?: () => void;
  /** Top up first; the purchase comes back with `offeringId` chosen. */
  onTopUp?: (offeringId: string) => void;
  initialChoice?: string;
}) {
  const { t, tx, fmt } = useI18n();
  const { hasRole } = useSession();
  const id = useId();
  const catalog = useLoad((s) => offerings(s), []);
  const [choice, setChoice] = useState<string>(initialChoice);
  const [key, renewKey] = useStickyKey(`purchase.${productId}`);
  const [busy, setBusy] = useState(false);
  useHoldDialog(busy);
  const [error, setError] = useState<unknown>(null);
  const [bought, setBought] = useState<ProductOffering | null>(null);

  const chosen = catalog.data?.find((o) => o.id === choice);
  const chosenPrice = chosen ? priceValue(chosen) : undefined;
  const short = chosenPrice !== undefined && balance !== undefined && balance < chosenPrice;
  const refusedForBalance = error instanceof ApiError && error.code === "INSUFFICIENT_BALANCE";

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!chosen) return setError(t("purchase.choose"));
    setBusy(true);
    setError(null);
    try {
      await post(kPurchases, { productId, offeringId: chosen.id, channel: moneyChannel(hasRole("operator", "supervisor")) }, key);
      setBought(chosen);
      renewKey();
      onDone?.();
    } catch (err) {
      if (answeredByServer(err)) renewKey();
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (bought) {
    return (
      <p className="ok" role="status" data-testid="purchase-done">
        {t("purchase.done", { name: bought.name })}
      </p>
    );
  }

  return (
    <form onSubmit={submit} className="form" aria-label={t("purchase.title")}>
      {/* Nothing changes under a request on its way. */}
      <BusyFieldset busy={busy}>
        <p className="lead">
          {t("purchase.balance")}: <strong data-testid="purchase-balance">{balance === undefined ? "—" : fmt.money(balance)}</strong>
        </p>
        <ErrorLine error={catalog.error} />
        {catalog.loading && !catalog.data && <p role="status">{t("common.loading")}</p>}
        <fieldset className="offers">
          <legend>{t("purchase.offers")}</legend>
          {catalog.data?.length === 0 && <p>{t("purchase.noOffers")}</p>}
          {catalog.data?.map((o) => {
            const { price } = offeringPrice(o);
            return (
              <label key={o.id} className={`offer ${choice === o.id ? "chosen" : ""}`}>
                <input
                  type="radio"
                  name={`${id}-offer`}
                  value={o.id}
                  checked={choice === o.id}
                  onChange={() => {
                    setChoice(o.id);
                    setError(null);
                  }}
                />
                <span className="offer-name">{o.name}</span>
                <span className="offer-price">{fmt.tmfMoney(price)}</span>
                {o.description && <span className="offer-desc">{o.description}</span>}
                {o.allowance && o.allowance.length > 0 && (
                  <span className="offer-desc">
                    {o.allowance.map((a) => allowanceText({ t, fmt, tx }, a)).join(" · ")}
                  </span>
                )}
                {o.validityDays !== undefined && (
                  <span className="offer-desc">{t("purchase.validity", { count: o.validityDays })}</span>
                )}
              </label>
            );
          })}
        </fieldset>
        {short && !refusedForBalance && (
          <p className="warning" data-testid="purchase-short">
            {t("purchase.short", { balance: fmt.money(balance!), price: fmt.money(chosenPrice!) })}
          </p>
        )}
        <ErrorLine error={error} />
        {refusedForBalance && onTopUp && (
          <p>
            <button type="button" onClick={() => onTopUp(choice)}>
              {t("purchase.topUpFirst")}
            </button>
          </p>
        )}
        <Submit busy={busy}>{t("purchase.submit")}</Submit>
      </BusyFieldset>
    </form>
  );
}
