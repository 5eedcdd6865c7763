// A top-up (FL-10, FL-11): to a line of the customer, or to any number;
// with the data for a receipt (boleta) or an invoice (factura, needs a RUC).
// Automatic top-ups are not made here: each period is charged to the card the
// customer paid the first one with on the web (or whose token the API is
// given as paymentMethod.id), and an agent's top-up is no card payment. The
// customer's page shows and stops them.

import { useId, useState } from "react";
import { post } from "../api";
import { fractionDigits } from "../format";
import { useI18n } from "../i18n";
import type { TopUp } from "../model";
import { kTopUps, moneyChannel } from "../balance";
import { useSession } from "../session";
import { answeredByServer, useDraft, useStickyKey } from "../draft";
import { useHoldDialog } from "./Dialog";
import { BusyFieldset, ErrorLine, Field, Submit } from "./ui";

interface Draft {
  msisdn: string;
  amount: string;
  invoiceType: "boleta" | "factura";
  taxId: string;
}

/** Major units from what the agent typed ("10,50" or "10.50"), or an error key. */
export function parseAmount(text: string, currency: string): { value?: number; error?: "amountInvalid" | "amountPrecision" } {
  const s = text.trim().replace(/\s/g, "").replace(",", ".");
  if (!/^\d+(\.\d+)?$/.test(s)) return { error: "amountInvalid" };
  const decimals = s.includes(".") ? s.split(".")[1]!.length : 0;
  if (decimals > fractionDigits(currency)) return { error: "amountPrecision" };
  const value = Number(s);
  if (!(value > 0)) return { error: "amountInvalid" };
  return { value };
}

export function TopUpForm({
  productId,
  msisdn,
  onDone,
  draftKey,
  onContinue,
}: {
  productId?: string;
  msisdn?: string;
  onDone?: (t: TopUp) => void;
  draftKey: string;
  /** Offered once topped up: back to what the top-up was for (the purchase it made possible). */
  onContinue?: { label: string; run: () => void };
}) {
  const { t, fmt, op } = useI18n();
  const { hasRole } = useSession();
  const id = useId();
  const [draft, update, clear] = useDraft<Draft>(draftKey, {
    msisdn: "",
    amount: "",
    invoiceType: "boleta",
    taxId: "",
  });
  const [key, renewKey] = useStickyKey(draftKey);
  const [busy, setBusy] = useState(false);
  useHoldDialog(busy);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ topUp: TopUp; amount: number; to: string; invoice: string } | null>(null);

  // FL-10: the pack's bounds, said beside the amount and checked before sending.
  const limits = op.topupLimits;
  const range = limits
    ? t("topup.range", { min: fmt.moneyMinor(limits.minMinor, op.currency), max: fmt.moneyMinor(limits.maxMinor, op.currency) })
    : undefined;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const amount = parseAmount(draft.amount, op.currency);
    if (amount.error) return setError(t(`topup.${amount.error}`, { digits: fractionDigits(op.currency) }));
    const minor = Math.round(amount.value! * 10 ** fractionDigits(op.currency));
    if (limits && (minor < limits.minMinor || minor > limits.maxMinor)) {
      return setError(t("topup.outOfRange", { min: fmt.moneyMinor(limits.minMinor, op.currency), max: fmt.moneyMinor(limits.maxMinor, op.currency) }));
    }
    if (draft.invoiceType === "factura" && !/^\d{11}$/.test(draft.taxId.trim())) return setError(t("topup.rucInvalid"));
    const target = productId ? { product: { id: productId } } : { msisdn: draft.msisdn.trim() };
    if (!productId && !draft.msisdn.trim()) return setError(t("topup.msisdnMissing"));
    const body: Record<string, unknown> = {
      ...target,
      amount: { amount: amount.value, units: op.currency },
      channel: { name: moneyChannel(hasRole("operator", "supervisor")) },
      invoice: draft.invoiceType === "factura" ? { type: "factura", taxId: draft.taxId.trim() } : { type: "boleta" },
    };
    setBusy(true);
    try {
      const r = await post<TopUp>(kTopUps, body, key);
      setDone({
        topUp: r,
        amount: amount.value!,
        to: productId ? fmt.phone(msisdn) : fmt.phone(draft.msisdn),
        invoice: draft.invoiceType,
      });
      clear();
      renewKey();
      onDone?.(r);
    } catch (err) {
      if (answeredByServer(err)) renewKey();
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div className="receipt" role="status" data-testid="topup-done">
        <p className="ok">
          {t("topup.done", { amount: fmt.money(done.amount), msisdn: done.to })}
        </p>
        {done.topUp.balance && <p data-testid="topup-balance">{t("topup.newBalance", { balance: fmt.tmfMoney(done.topUp.balance) })}</p>}
        <p>
          {t(done.invoice === "factura" ? "topup.invoiceFactura" : "topup.invoiceBoleta")} · {t("topup.reference")}{" "}
          <code>{done.topUp.id}</code>
        </p>
        {onContinue && (
          <button type="button" className="primary" onClick={onContinue.run}>
            {onContinue.label}
          </button>
        )}
        <button type="button" onClick={() => setDone(null)}>
          {t("topup.another")}
        </button>
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="form" aria-label={t("topup.title")}>
      {/* Nothing changes under a request on its way. */}
      <BusyFieldset busy={busy}>
        {productId ? (
          <p className="lead">{t("topup.toLine", { msisdn: fmt.phone(msisdn) })}</p>
        ) : (
          <Field label={t("topup.msisdn")} htmlFor={`${id}-msisdn`} hint={t("topup.msisdnHint", { brand: op.brand })}>
            <input
              id={`${id}-msisdn`}
              inputMode="tel"
              autoComplete="off"
              required
              value={draft.msisdn}
              onChange={(e) => update({ msisdn: e.target.value })}
              aria-describedby={`${id}-msisdn-hint`}
            />
          </Field>
        )}
        <Field label={t("topup.amount", { currency: op.currency })} htmlFor={`${id}-amount`} hint={range}>
          <input
            id={`${id}-amount`}
            inputMode="decimal"
            autoComplete="off"
            required
            value={draft.amount}
            onChange={(e) => update({ amount: e.target.value })}
            aria-describedby={range ? `${id}-amount-hint` : undefined}
          />
        </Field>
        <fieldset>
          <legend>{t("topup.document")}</legend>
          <label className="choice">
            <input
              type="radio"
              name={`${id}-invoice`}
              checked={draft.invoiceType === "boleta"}
              onChange={() => update({ invoiceType: "boleta" })}
            />
            {t("topup.boleta")}
          </label>
          <label className="choice">
            <input
              type="radio"
              name={`${id}-invoice`}
              checked={draft.invoiceType === "factura"}
              onChange={() => update({ invoiceType: "factura" })}
            />
            {t("topup.factura")}
          </label>
          {draft.invoiceType === "factura" && (
            <Field label={t("topup.ruc")} htmlFor={`${id}-ruc`}>
              <input
                id={`${id}-ruc`}
                inputMode="numeric"
                autoComplete="off"
                required
                value={draft.taxId}
                onChange={(e) => update({ taxId: e.target.value })}
              />
            </Field>
          )}
        </fieldset>
        <ErrorLine error={error} />
        <Submit busy={busy}>{t("topup.submit")}</Submit>
      </BusyFieldset>
    </form>
  );
}
