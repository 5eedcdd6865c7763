// A port started from the customer's account (FL-8): the call center or the
// back office brings the customer's number from another operator onto a line
// that has none brought yet, with the PIN the donor sent by SMS (FL-6).

import { useId, useState } from "react";
import { ApiError, newKey, post } from "../api";
import { useI18n } from "../i18n";
import type { PortIn } from "../model";
import { kPortIns } from "../porting";
import { useHoldDialog } from "./Dialog";
import { BusyFieldset, ErrorLine, Field, Submit } from "./ui";

/** What a port asks: the number brought, its current operator and the donor's PIN (FL-6). */
export function PortFields({
  number,
  donor,
  pin,
  onChange,
}: {
  number: string;
  donor: string;
  pin: string;
  onChange: (patch: { number?: string; donor?: string; pin?: string }) => void;
}) {
  const { t, op } = useI18n();
  const id = useId();
  return (
    <>
      <Field label={t("activation.portNumber")} htmlFor={`${id}-msisdn`}>
        <input id={`${id}-msisdn`} required type="tel" inputMode="tel" autoComplete="off" value={number} onChange={(e) => onChange({ number: e.target.value })} />
      </Field>
      <Field label={t("activation.donor")} htmlFor={`${id}-donor`}>
        {op.portingDonors.length > 0 ? (
          // The pack names them: a name the clearinghouse does not know is no choice.
          <select id={`${id}-donor`} required value={donor} onChange={(e) => onChange({ donor: e.target.value })}>
            <option value="">{t("activation.donorChoose")}</option>
            {op.portingDonors.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        ) : (
          <input id={`${id}-donor`} required autoComplete="off" value={donor} onChange={(e) => onChange({ donor: e.target.value })} />
        )}
      </Field>
      <Field label={t("activation.pin")} htmlFor={`${id}-pin`} hint={t("activation.pinHint")}>
        <input
          id={`${id}-pin`}
          required
          inputMode="numeric"
          autoComplete="one-time-code"
          value={pin}
          onChange={(e) => onChange({ pin: e.target.value })}
          aria-describedby={`${id}-pin-hint`}
        />
      </Field>
    </>
  );
}

export function PortForm({ productId, msisdn, onDone }: { productId: string; msisdn?: string; onDone: (p: PortIn) => void }) {
  const { t, fmt, op } = useI18n();
  const [f, setF] = useState({ number: "", donor: "", pin: "" });
  const [key] = useState(newKey);
  const [busy, setBusy] = useState(false);
  useHoldDialog(busy);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<PortIn | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const p = await post<PortIn>(
        kPortIns,
        { productId, msisdn: f.number.trim(), donorOperator: f.donor.trim(), pin: f.pin.trim() },
        key,
      );
      setDone(p);
      onDone(p);
    } catch (err) {
      // A wrong PIN is typed again, into an empty field; the same key would
      // replay nothing (no port was made).
      if (err instanceof ApiError && err.code === "INVALID_PORTING_PIN") setF((x) => ({ ...x, pin: "" }));
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <div className="receipt" role="status" data-testid="port-done">
        <p className="ok">
          {t("c360.portDone", { msisdn: fmt.phone(done.msisdn ?? f.number), line: fmt.phone(msisdn), due: fmt.dateTime(done.dueAt ?? "") })}
        </p>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="form" aria-label={t("c360.portTitle")}>
      {/* Nothing changes under a request on its way. */}
      <BusyFieldset busy={busy}>
        <p className="lead">{t("c360.portLead", { msisdn: fmt.phone(msisdn), brand: op.brand })}</p>
        <PortFields number={f.number} donor={f.donor} pin={f.pin} onChange={(p) => setF((x) => ({ ...x, ...p }))} />
        <ErrorLine error={error} />
        <Submit busy={busy}>{t("activation.portSubmit")}</Submit>
      </BusyFieldset>
    </form>
  );
}
