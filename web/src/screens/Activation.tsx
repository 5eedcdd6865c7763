// The brand leader's activation in the street (FL-1..FL-3, FL-7), laid out
// for a phone: document -> personal data -> SIM (scan or type the ICCID) ->
// fingerprint with the attempts left -> the new number -> optional port-in
// with the PIN in the same session -> done. The whole wizard is a draft: a
// session that expires mid-way comes back to the same step.

import { lazy, Suspense, useEffect, useId, useRef, useState } from "react";
import { Link, useSearch } from "wouter";
import { ApiError, get, newKey, post } from "../api";
import { useI18n, type MessageKey } from "../i18n";
import { useDraft } from "../draft";
import type { Activation as ActivationT, BiometricResult, Customer, Party, PortIn, SearchHit } from "../model";
import { partyName, partyPath } from "../party";
import { canScan, iccidDigits, iccidProblem } from "../iccid";
import { BusyFieldset, ErrorLine, Field, Submit } from "../components/ui";
import { PortFields } from "../components/PortForm";
import { kPortIns } from "../porting";

const Scanner = lazy(() => import("../components/Scanner"));

type Step = "document" | "person" | "sim" | "biometric" | "number" | "port" | "done";
const kSteps: Step[] = ["document", "person", "sim", "biometric", "number", "port", "done"];
const kDocTypes = ["DNI", "CE", "PASSPORT"] as const;

interface Wizard {
  step: Step;
  docType: string;
  docNumber: string;
  partyId: string;
  partyKind: string;
  partyName: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  mobile: string;
  email: string;
  disability: boolean;
  iccid: string;
  activationId: string;
  productId: string;
  msisdn: string;
  attemptsLeft: number;
  fingerprint: string;
  portMsisdn: string;
  donor: string;
  pin: string;
  portId: string;
  portDueAt: string;
  /** False once the activation session is closed (FL-7): a port then starts from the account. */
  sessionOpen: boolean;
  /** Idempotency keys of this activation's POSTs: a retried click changes nothing. */
  keys: { person: string; customer: string; activation: string; port: string };
}

const kEmpty: Wizard = {
  sessionOpen: true,
  step: "document",
  docType: "DNI",
  docNumber: "",
  partyId: "",
  partyKind: "individual",
  partyName: "",
  givenName: "",
  familyName: "",
  birthDate: "",
  mobile: "",
  email: "",
  disability: false,
  iccid: "",
  activationId: "",
  productId: "",
  msisdn: "",
  attemptsLeft: 0,
  fingerprint: "",
  portMsisdn: "",
  donor: "",
  pin: "",
  portId: "",
  portDueAt: "",
  keys: { person: "", customer: "", activation: "", port: "" },
};

function freshKeys(): Wizard["keys"] {
  return { person: newKey(), customer: newKey(), activation: newKey(), port: newKey() };
}

export default function Activation() {
  const { t } = useI18n();
  const [w, update, clear] = useDraft<Wizard>("activation", { ...kEmpty, keys: freshKeys() });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const search = useSearch();

  // From a customer's page: start at the SIM with the party already known.
  useEffect(() => {
    const partyId = new URLSearchParams(search).get("partyId");
    if (!partyId || partyId === w.partyId) return;
    void get<Party>(`/tmf-api/party/v4/individual/${encodeURIComponent(partyId)}`)
      .then((p) => update({ ...kEmpty, keys: freshKeys(), partyId: p.id, partyName: partyName(p), step: "sim" }))
      .catch(setError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  const go = (step: Step, patch: Partial<Wizard> = {}) => {
    setError(null);
    update({ ...patch, step });
    requestAnimationFrame(() => document.getElementById("wizard-step")?.focus());
  };
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const [confirmRestart, setConfirmRestart] = useState(false);
  const restart = () => {
    if (w.activationId && w.step !== "done") closeSession(w.activationId);
    clear();
    update({ keys: freshKeys() });
    setError(null);
  };

  const index = kSteps.indexOf(w.step);
  // On a phone the step list is wider than the screen: keep the current step in sight.
  const steps = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const list = steps.current;
    const current = list?.children[index] as HTMLElement | undefined;
    if (!list || !current) return;
    const left = current.offsetLeft;  // .steps is positioned: its items' offsets are from it
    if (left < list.scrollLeft || left + current.offsetWidth > list.scrollLeft + list.clientWidth) {
      list.scrollLeft = Math.max(0, left - (list.clientWidth - current.offsetWidth) / 2);
    }
  }, [index]);
  return (
    <main className="page wizard" data-testid="activation">
      <h1>{t("activation.title")}</h1>
      <ol className="steps" ref={steps} aria-label={t("activation.progress")}>
        {kSteps.map((s, i) => (
          <li key={s} className={i < index ? "done" : i === index ? "current" : undefined} aria-current={i === index ? "step" : undefined}>
            <span className="sr-only">{t("activation.stepOf", { n: i + 1, total: kSteps.length })}: </span>
            {t(`activation.steps.${s}`)}
          </li>
        ))}
      </ol>
      <section className="card step" aria-labelledby="wizard-step" data-step={w.step}>
        <h2 id="wizard-step" tabIndex={-1}>
          {t(`activation.steps.${w.step}`)}
        </h2>
        {w.step === "document" && <DocumentStep w={w} update={update} busy={busy} run={run} go={go} />}
        {w.step === "person" && <PersonStep w={w} update={update} busy={busy} run={run} go={go} />}
        {w.step === "sim" && <SimStep w={w} update={update} busy={busy} run={run} go={go} />}
        {w.step === "biometric" && <BiometricStep w={w} update={update} busy={busy} run={run} go={go} />}
        {w.step === "number" && <NumberStep w={w} go={go} />}
        {w.step === "port" && <PortStep w={w} update={update} busy={busy} run={run} go={go} />}
        {w.step === "done" && <DoneStep w={w} restart={restart} />}
        <WizardError error={error} w={w} />
      </section>
      {w.step !== "document" && w.step !== "done" &&
        (confirmRestart || !w.activationId ? (
          <p className="confirm" role="group" aria-label={t("activation.restart")}>
            {w.activationId && <span>{t("activation.restartConfirm")} </span>}
            <button
              type="button"
              className="link"
              onClick={() => {
                setConfirmRestart(false);
                restart();
              }}
            >
              {w.activationId ? t("activation.restartYes") : t("activation.restart")}
            </button>
            {w.activationId && (
              <>
                {" · "}
                <button type="button" className="link" onClick={() => setConfirmRestart(false)}>
                  {t("activation.restartNo")}
                </button>
              </>
            )}
          </p>
        ) : (
          // Once a chip and number are held for the customer, a stray tap must not give them up.
          <p>
            <button type="button" className="link" onClick={() => setConfirmRestart(true)}>
              {t("activation.restart")}
            </button>
          </p>
        ))}
    </main>
  );
}

interface StepProps {
  w: Wizard;
  update: (p: Partial<Wizard>) => void;
  busy: boolean;
  run: (fn: () => Promise<void>) => Promise<void>;
  go: (step: Step, patch?: Partial<Wizard>) => void;
}

/** The API's refusal in plain words, with the way forward where there is one (FL-4, FL-5). */
function WizardError({ error, w }: { error: unknown; w: Wizard }) {
  const { t } = useI18n();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : "";
  const formCategory =
    code === "BIOMETRIC_ATTEMPTS_EXHAUSTED"
      ? "appRejected"
      : code === "APP_NOT_ALLOWED"
        ? w.disability
          ? "disability"
          : "foreigner"
        : "";
  return (
    <div className="refusal">
      <ErrorLine error={error} />
      {formCategory && (
        <Link
          className="button"
          href={`/requests/new?category=${formCategory}&partyId=${encodeURIComponent(w.partyId)}&iccid=${encodeURIComponent(iccidDigits(w.iccid))}`}
        >
          {t("activation.toForm")}
        </Link>
      )}
    </div>
  );
}

function DocumentStep({ w, update, busy, run, go }: StepProps) {
  const { t } = useI18n();
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const number = w.docNumber.trim();
    // A DNI's shape is known here: said now, not after the personal data.
    if (w.docType === "DNI" && !/^\d{8}(\s*-?\s*[0-9A-K])?$/i.test(number)) return setProblem(t("activation.dniShape"));
    setProblem(null);
    void run(async () => {
      const hits = await get<SearchHit[]>("/api/v1/search", { q: number, limit: 5 });
      const norm = (s: string) => s.replace(/[\s.-]/g, "").toUpperCase();
      const hit = hits.find((h) =>
        (h.party.individualIdentification ?? h.party.organizationIdentification ?? []).some(
          (d) => d.identificationType === w.docType && norm(d.identificationId) === norm(number),
        ),
      );
      if (hit) {
        go("sim", {
          partyId: hit.party.id,
          partyKind: hit.party["@type"] === "Organization" ? "organization" : "individual",
          partyName: partyName(hit.party),
          disability: !!hit.party.disability,
        });
      } else {
        go("person", { partyId: "", partyName: "" });
      }
    });
  };
  return (
    <form onSubmit={submit} className="form">
      <BusyFieldset busy={busy}>
        <p className="lead">{t("activation.documentLead")}</p>
        <Field label={t("activation.docType")} htmlFor={`${id}-type`}>
          <select id={`${id}-type`} value={w.docType} onChange={(e) => update({ docType: e.target.value })}>
            {kDocTypes.map((d) => (
              <option key={d} value={d}>
                {t(`docType.${d}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("activation.docNumber")} htmlFor={`${id}-number`}>
          <input
            id={`${id}-number`}
            required
            autoComplete="off"
            inputMode={w.docType === "DNI" ? "numeric" : "text"}
            value={w.docNumber}
            aria-invalid={problem ? true : undefined}
            onChange={(e) => {
              setProblem(null);
              update({ docNumber: e.target.value });
            }}
          />
        </Field>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        {w.docType === "DNI" ? (
          <p className="hint">{t("activation.companiesHint")}</p>
        ) : (
          // FL-4: known from the first step, before any typing it would waste.
          <p className="warning" role="status" data-testid="form-channel-ahead">
            {t("activation.formChannelAhead")}
          </p>
        )}
        <Submit busy={busy}>{t("common.continue")}</Submit>
      </BusyFieldset>
    </form>
  );
}

function PersonStep({ w, update, busy, run, go }: StepProps) {
  const { t, op } = useI18n();
  const id = useId();
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const contact: unknown[] = [];
      if (w.mobile.trim()) contact.push({ mediumType: "mobile", preferred: true, characteristic: { phoneNumber: w.mobile.trim() } });
      if (w.email.trim()) contact.push({ mediumType: "email", characteristic: { emailAddress: w.email.trim() } });
      const body: Record<string, unknown> = {
        givenName: w.givenName.trim(),
        familyName: w.familyName.trim(),
        individualIdentification: [
          { identificationType: w.docType, identificationId: w.docNumber.trim(), ...(w.docType === "DNI" ? { issuingCountry: op.country } : {}) },
        ],
        contactMedium: contact,
        disability: w.disability,
      };
      if (w.birthDate) body.birthDate = w.birthDate;
      const p = await post<Party>("/tmf-api/party/v4/individual", body, w.keys.person);
      await post<Customer>("/tmf-api/customerManagement/v4/customer", { engagedParty: { id: p.id } }, w.keys.customer);
      go("sim", { partyId: p.id, partyKind: "individual", partyName: partyName(p) });
    });
  };
  return (
    <form onSubmit={submit} className="form">
      <BusyFieldset busy={busy}>
        <p className="lead">{t("activation.personLead", { doc: `${w.docType} ${w.docNumber}` })}</p>
        <Field label={t("person.givenName")} htmlFor={`${id}-given`}>
          <input id={`${id}-given`} required autoComplete="off" value={w.givenName} onChange={(e) => update({ givenName: e.target.value })} />
        </Field>
        <Field label={t("person.familyName")} htmlFor={`${id}-family`}>
          <input id={`${id}-family`} required autoComplete="off" value={w.familyName} onChange={(e) => update({ familyName: e.target.value })} />
        </Field>
        <Field label={t("person.birthDate")} htmlFor={`${id}-birth`}>
          <input id={`${id}-birth`} type="date" value={w.birthDate} onChange={(e) => update({ birthDate: e.target.value })} />
        </Field>
        <Field label={t("person.mobile")} htmlFor={`${id}-mobile`} hint={t("person.mobileHint")}>
          <input id={`${id}-mobile`} type="tel" inputMode="tel" autoComplete="off" value={w.mobile} onChange={(e) => update({ mobile: e.target.value })} aria-describedby={`${id}-mobile-hint`} />
        </Field>
        <Field label={t("person.email")} htmlFor={`${id}-email`}>
          <input id={`${id}-email`} type="email" autoComplete="off" value={w.email} onChange={(e) => update({ email: e.target.value })} />
        </Field>
        <label className="choice">
          <input type="checkbox" checked={w.disability} onChange={(e) => update({ disability: e.target.checked })} />
          {t("person.disability")}
        </label>
        <div className="row">
          <button type="button" onClick={() => go("document")}>
            {t("common.back")}
          </button>
          <Submit busy={busy}>{t("common.continue")}</Submit>
        </div>
      </BusyFieldset>
    </form>
  );
}

function SimStep({ w, update, busy, run, go }: StepProps) {
  const { t } = useI18n();
  const id = useId();
  const [scanning, setScanning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const p = iccidProblem(w.iccid);
    if (p) return setProblem(t(`activation.iccid.${p}`));
    setProblem(null);
    void run(async () => {
      const a = await post<ActivationT>(
        "/api/v1/activations",
        { partyId: w.partyId, iccid: iccidDigits(w.iccid), channel: "app" },
        w.keys.activation,
      );
      // Already matched (the phone lost the answer): the new number, not a second fingerprint.
      go(a.status === "active" ? "number" : "biometric", {
        activationId: a.id,
        msisdn: a.msisdn ?? "",
        attemptsLeft: a.attemptsLeft ?? 0,
        productId: a.productId ?? a.product?.id ?? "",
        // A pending activation's session opens with its match.
        sessionOpen: a.status !== "active" || a.sessionOpen !== false,
      });
    });
  };
  return (
    <form onSubmit={submit} className="form">
      <BusyFieldset busy={busy}>
        <p className="lead">{t("activation.simLead", { name: w.partyName })}</p>
        <Field label={t("activation.iccidLabel")} htmlFor={`${id}-iccid`} hint={t("activation.iccidHint")}>
          <input
            id={`${id}-iccid`}
            required
            inputMode="numeric"
            autoComplete="off"
            value={w.iccid}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${id}-iccid-hint`}
            onChange={(e) => {
              setProblem(null);
              update({ iccid: e.target.value });
            }}
          />
        </Field>
        {canScan() && !scanning && (
          <button type="button" onClick={() => setScanning(true)}>
            {t("activation.scan")}
          </button>
        )}
        {scanning && (
          <Suspense fallback={null}>
            <Scanner
              onCode={(code) => {
                update({ iccid: code });
                setScanning(false);
              }}
              onClose={() => setScanning(false)}
            />
          </Suspense>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <div className="row">
          <button type="button" onClick={() => go("document")}>
            {t("common.back")}
          </button>
          <Submit busy={busy}>{t("activation.reserve")}</Submit>
        </div>
      </BusyFieldset>
    </form>
  );
}

function BiometricStep({ w, update, busy, run, go }: StepProps) {
  const { t, fmt } = useI18n();
  const id = useId();
  const [last, setLast] = useState<"noMatch" | null>(null);
  const [exhausted, setExhausted] = useState(false);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      try {
        const r = await post<BiometricResult>(`/api/v1/activations/${encodeURIComponent(w.activationId)}/biometric`, {
          fingerprint: w.fingerprint.trim(),
        });
        if (r.result === "match") {
          go("number", {
            sessionOpen: true,
            attemptsLeft: r.attemptsLeft,
            fingerprint: "",
            productId: r.productId ?? r.product?.id ?? w.productId,
            msisdn: r.msisdn ?? w.msisdn,
          });
        } else {
          setLast("noMatch");
          update({ attemptsLeft: r.attemptsLeft, fingerprint: "" });
          // The last failure closes the number to this document (FL-2): the form is the way on.
          if (r.attemptsLeft <= 0) throw new ApiError(409, "BIOMETRIC_ATTEMPTS_EXHAUSTED", "");
        }
      } catch (e) {
        // The match may have been made and its answer lost: a retry finds the
        // activation no longer waiting. If it is active, the line is open.
        if (e instanceof ApiError && (e.code === "ACTIVATION_NOT_PENDING" || e.code === "NETWORK_ERROR")) {
          const a = await get<ActivationT>(`/api/v1/activations/${encodeURIComponent(w.activationId)}`).catch(() => null);
          if (a?.status === "active") {
            return go("number", {
              fingerprint: "",
              productId: a.productId ?? a.product?.id ?? w.productId,
              msisdn: a.msisdn ?? w.msisdn,
              sessionOpen: a.sessionOpen !== false,
            });
          }
        }
        if (e instanceof ApiError && e.code === "BIOMETRIC_ATTEMPTS_EXHAUSTED") {
          setExhausted(true);
          setLast(null);
          update({ attemptsLeft: 0 });
        }
        throw e;
      }
    });
  };
  return (
    <form onSubmit={submit} className="form">
      <BusyFieldset busy={busy}>
        <p className="lead">{t("activation.biometricLead", { name: w.partyName, msisdn: fmt.phone(w.msisdn) })}</p>
        <p className={`attempts ${w.attemptsLeft <= 2 ? "low" : ""}`} data-testid="attempts-left" aria-live="polite">
          {t("activation.attemptsLeft", { count: w.attemptsLeft })}
        </p>
        {last === "noMatch" && !exhausted && w.attemptsLeft > 0 && (
          <p className="warning" role="alert" data-testid="no-match">
            {t("activation.noMatch", { count: w.attemptsLeft })}
          </p>
        )}
        {!exhausted && w.attemptsLeft > 0 && (
          <>
            <Field label={t("activation.fingerprint")} htmlFor={`${id}-fp`} hint={t("activation.fingerprintHint")}>
              <input
                id={`${id}-fp`}
                required
                autoComplete="off"
                value={w.fingerprint}
                onChange={(e) => update({ fingerprint: e.target.value })}
                aria-describedby={`${id}-fp-hint`}
              />
            </Field>
            <Submit busy={busy}>{t("activation.verify")}</Submit>
          </>
        )}
      </BusyFieldset>
    </form>
  );
}

/** Ends the activation's session (FL-7): frees a SIM not yet verified; no port may start after. */
function closeSession(activationId: string) {
  void post(`/api/v1/activations/${encodeURIComponent(activationId)}/close`, {}).catch(() => {
    // Already closed or timed out: nothing left to end.
  });
}

function NumberStep({ w, go }: { w: Wizard; go: StepProps["go"] }) {
  const { t, fmt } = useI18n();
  return (
    <div className="form">
      <p className="ok" role="status">
        {t("activation.activated", { name: w.partyName })}
      </p>
      <p className="big-number" data-testid="new-number">
        {fmt.phone(w.msisdn)}
      </p>
      <p>{t("activation.smsSent")}</p>
      {/* A resumed activation whose session was closed: the port goes from the account (FL-8). */}
      <p className="lead">{t(w.sessionOpen ? "activation.portOffer" : "activation.portFromAccount")}</p>
      <div className="row">
        {w.sessionOpen && (
          <button type="button" onClick={() => go("port")}>
            {t("activation.portYes")}
          </button>
        )}
        <button
          type="button"
          className="primary"
          onClick={() => {
            closeSession(w.activationId);
            go("done");
          }}
        >
          {t("activation.finish")}
        </button>
      </div>
    </div>
  );
}

function PortStep({ w, update, busy, run, go }: StepProps) {
  const { t } = useI18n();
  const [skipping, setSkipping] = useState(false);
  const [backFromSkip, setBackFromSkip] = useState(false);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await post<PortIn>(
        kPortIns,
        {
          productId: w.productId,
          msisdn: w.portMsisdn.trim(),
          donorOperator: w.donor.trim(),
          pin: w.pin.trim(),
          activationId: w.activationId,
        },
        w.keys.port,
      );
      go("done", { portId: r.id, portDueAt: r.dueAt ?? "", pin: "" });
    });
  };
  return (
    <form onSubmit={submit} className="form">
      <BusyFieldset busy={busy}>
        <p className="lead">{t("activation.portLead")}</p>
        <PortFields
          number={w.portMsisdn}
          donor={w.donor}
          pin={w.pin}
          onChange={(p) => update({ portMsisdn: p.number ?? w.portMsisdn, donor: p.donor ?? w.donor, pin: p.pin ?? w.pin })}
        />
        {skipping ? (
          // FL-7: skipping closes the activation session; the port can then only start from the account.
          <p className="confirm" role="group" aria-label={t("activation.portSkip")}>
            <span>{t("activation.portSkipConfirm")} </span>
            <button
              type="button"
              className="danger"
              onClick={() => {
                closeSession(w.activationId);
                go("done");
              }}
            >
              {t("activation.portSkipYes")}
            </button>
            <button
              type="button"
              onClick={() => {
                setSkipping(false);
                setBackFromSkip(true);
              }}
              autoFocus
            >
              {t("activation.restartNo")}
            </button>
          </p>
        ) : (
          <div className="row">
            {/* Back from the question, the keyboard is where it was: on "Omitir". */}
            <button type="button" onClick={() => setSkipping(true)} autoFocus={backFromSkip}>
              {t("activation.portSkip")}
            </button>
            <Submit busy={busy}>{t("activation.portSubmit")}</Submit>
          </div>
        )}
      </BusyFieldset>
    </form>
  );
}

function DoneStep({ w, restart }: { w: Wizard; restart: () => void }) {
  const { t, fmt } = useI18n();
  const summary: [MessageKey, string][] = [
    ["activation.summary.customer", w.partyName],
    ["activation.summary.number", fmt.phone(w.msisdn)],
    ["activation.summary.iccid", iccidDigits(w.iccid)],
  ];
  if (w.portId) {
    summary.push(["activation.summary.port", t("activation.portStarted", { msisdn: fmt.phone(w.portMsisdn), due: fmt.dateTime(w.portDueAt) })]);
  }
  return (
    <div className="form" data-testid="activation-done">
      <p className="ok" role="status">
        {t("activation.doneLead")}
      </p>
      <dl className="facts">
        {summary.map(([k, v]) => (
          <div key={k}>
            <dt>{t(k)}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="row">
        <Link className="button" href={partyPath({ id: w.partyId, "@type": w.partyKind === "organization" ? "Organization" : "Individual" })}>
          {t("activation.openCustomer")}
        </Link>
        <button type="button" className="primary" onClick={restart}>
          {t("activation.another")}
        </button>
      </div>
    </div>
  );
}
