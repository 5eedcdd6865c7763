// Customer 360: who they are (documents, contact media), their customer
// records and billing accounts, their lines with status and balance, notes
// (valid ones first) and the timeline of contacts, messages and changes.
// Top-up, plan purchase, a note and a contact are a dialog away.

import { useEffect, useId, useRef, useState } from "react";
import { Link, useParams } from "wouter";
import { get, newKey, post, request } from "../api";
import { useI18n } from "../i18n";
import { useLoad } from "../hooks";
import { useDraft } from "../draft";
import { useSession } from "../session";
import type { Bucket, Customer, Note, Party, PortIn, Product, ProductOffering, TimelineItem } from "../model";
import { documents, partyName, partyUrl } from "../party";
import { allowanceText } from "../allowance";
import { autoTopUpsOf, bucketsOf, kAutoTopUps, kOfferings, linesOf, mainBucket, usageOf } from "../balance";
import { moneyValue } from "../format";
import { Dialog, useHoldDialog } from "../components/Dialog";
import { ErrorLine, Field, StatusBadge, Submit } from "../components/ui";
import { TopUpForm } from "../components/TopUpForm";
import { PurchaseForm } from "../components/PurchaseForm";
import { PortForm } from "../components/PortForm";
import { portsOf } from "../porting";

const kCustomers = "/tmf-api/customerManagement/v4/customer";
const kNotes = "/api/v1/notes";
const kInteractions = "/tmf-api/partyInteraction/v4/partyInteraction";
export const kChannels = ["phone", "ussd", "sms", "email", "web", "app", "whatsapp", "office", "field"] as const;
const kNoteTypes = ["ordinary", "retention", "warning", "discount"] as const;
const kTimelinePage = 20;

export default function Customer360() {
  const { kind = "individual", id = "" } = useParams<{ kind: string; id: string }>();
  const { t } = useI18n();
  const party = useLoad((s) => get<Party>(partyUrl(kind, id), undefined, s), [kind, id]);
  const customers = useLoad(
    (s) => get<Customer[]>(kCustomers, { "engagedParty.id": id, limit: 50 }, s),
    [id],
  );
  const [timelineTick, setTimelineTick] = useState(0);
  // Opened from the search (which lets go of the keyboard), the page takes it at its
  // heading: Tab goes on from the customer's name, and a screen reader says whose page it is.
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = !!party.data;
  useEffect(() => {
    if (loaded && (document.activeElement === document.body || document.activeElement === null)) heading.current?.focus();
  }, [loaded, id]);
  const refreshTimeline = () => setTimelineTick((x) => x + 1);

  if (party.error) {
    return (
      <main className="page">
        <ErrorLine error={party.error} />
        <Link href="/">{t("nav.home")}</Link>
      </main>
    );
  }
  if (!party.data) return <p className="loading" role="status">{t("common.loading")}</p>;
  const p = party.data;
  const customer = customers.data?.[0];

  return (
    <main className="page c360" data-testid="customer-360">
      <header className="c360-head">
        <h1 tabIndex={-1} ref={heading}>
          {partyName(p)}
        </h1>
        <div className="badges">
          {customers.data?.map((c) => (
            <span key={c.id} className="badge">
              {t("c360.contract")} {c.contractNumber} · <StatusBadge status={c.status} group="customer" />
            </span>
          ))}
          {p.disability && <span className="badge">{t("c360.disability")}</span>}
        </div>
      </header>
      <div className="grid">
        <Identity party={p} />
        <Accounts partyId={id} customers={customers.data} error={customers.error} onCreated={customers.reload} />
        <Lines party={p} onChange={refreshTimeline} />
        <Notes partyId={id} onChange={refreshTimeline} />
        <Timeline partyId={id} customer={customer} tick={timelineTick} onRecorded={refreshTimeline} />
      </div>
    </main>
  );
}

function Identity({ party }: { party: Party }) {
  const { t, fmt } = useI18n();
  const contacts = party.contactMedium ?? [];
  return (
    <section className="card" aria-labelledby="c360-identity">
      <h2 id="c360-identity">{t("c360.identity")}</h2>
      <dl className="facts">
        {documents(party).map((d, i) => (
          <div key={i}>
            <dt>{d.identificationType}</dt>
            <dd>
              {d.displayId ?? d.identificationId}
              {d.issuingCountry ? ` (${d.issuingCountry})` : ""}
            </dd>
          </div>
        ))}
        {party.birthDate && (
          <div>
            <dt>{t("c360.birthDate")}</dt>
            <dd>{fmt.date(party.birthDate)}</dd>
          </div>
        )}
        {party.createdAt && (
          <div>
            <dt>{t("c360.registered")}</dt>
            <dd>{fmt.date(party.createdAt)}</dd>
          </div>
        )}
      </dl>
      <h3>{t("c360.contacts")}</h3>
      {contacts.length === 0 && <p className="empty">{t("c360.noContacts")}</p>}
      <ul className="plain">
        {contacts.map((c, i) => (
          <li key={c.id ?? i}>
            <span className="label">{t(`c360.medium.${c.mediumType === "email" ? "email" : c.mediumType === "postalAddress" ? "postalAddress" : "mobile"}`)}</span>{" "}
            {c.characteristic.phoneNumber && (
              <a href={`tel:${c.characteristic.phoneNumber}`}>
                {c.characteristic.nationalNumber ?? fmt.phone(c.characteristic.phoneNumber)}
              </a>
            )}
            {c.characteristic.emailAddress && (
              <a href={`mailto:${c.characteristic.emailAddress}`}>{c.characteristic.emailAddress}</a>
            )}
            {c.mediumType === "postalAddress" && (
              <span>
                {c.characteristic.street1 ??
                  [c.characteristic.street, c.characteristic.number, c.characteristic.city].filter(Boolean).join(" ")}
              </span>
            )}
            {c.preferred && <span className="badge">{t("c360.preferred")}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Accounts({
  partyId,
  customers,
  error,
  onCreated,
}: {
  partyId: string;
  customers: Customer[] | undefined;
  error: unknown;
  onCreated: () => void;
}) {
  const { t, tx, fmt } = useI18n();
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<unknown>(null);
  const create = async () => {
    setBusy(true);
    setCreateError(null);
    try {
      await post(kCustomers, { engagedParty: { id: partyId } }, newKey());
      onCreated();
    } catch (e) {
      setCreateError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="c360-accounts">
      <h2 id="c360-accounts">{t("c360.customer")}</h2>
      <ErrorLine error={error} />
      {customers?.length === 0 && (
        <>
          <p className="empty">{t("c360.noCustomer")}</p>
          <button type="button" onClick={() => void create()} disabled={busy}>
            {t("c360.createCustomer")}
          </button>
          <ErrorLine error={createError} />
        </>
      )}
      {customers?.map((c) => (
        <div key={c.id} className="customer">
          <dl className="facts">
            <div>
              <dt>{t("c360.contract")}</dt>
              <dd>{c.contractNumber}</dd>
            </div>
            <div>
              <dt>{t("c360.status")}</dt>
              <dd>
                <StatusBadge status={c.status} group="customer" />
                {c.statusReason ? ` · ${c.statusReason}` : ""}
              </dd>
            </div>
            {c.createdAt && (
              <div>
                <dt>{t("c360.since")}</dt>
                <dd>{fmt.date(c.createdAt)}</dd>
              </div>
            )}
          </dl>
          {(c.account ?? []).length > 0 && (
            <>
              <h3>{t("c360.accounts")}</h3>
              <ul className="plain">
                {c.account!.map((a) => (
                  <li key={a.id}>
                    {a.name || t("c360.account")} · {tx(`invoice.${a.invoiceType}`, a.invoiceType)} ·{" "}
                    {t("c360.cycleDay", { day: a.billingCycleDay ?? "—" })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ))}
    </section>
  );
}

/** `offeringId`: the plan a refused purchase wanted, chosen again once topped up. */
type LineAction = { kind: "topup" | "purchase" | "usage" | "port"; line: Product; offeringId?: string } | null;

function Lines({ party, onChange }: { party: Party; onChange: () => void }) {
  const { t, fmt } = useI18n();
  const { hasRole } = useSession();
  // FL-8: ports from the customer's account are the call center's and the back office's.
  const mayPort = hasRole("operator", "backoffice");
  const readsPorts = hasRole("operator", "backoffice", "leader");
  const [ported, setPorted] = useState<Record<string, boolean>>({});
  const lines = useLoad((s) => linesOf(party.id, s), [party.id]);
  // Lines name their plan by id; the catalog gives the names (public, cached by the browser).
  const catalog = useLoad((s) => get<ProductOffering[]>(kOfferings, { limit: 100 }, s), []);
  const planName = (l: Product) => {
    const id = l.productOffering?.id;
    if (!id) return t("c360.standardTariff");
    return catalog.data?.find((o) => o.id === id)?.name ?? l.productOffering?.name ?? id;
  };
  const [action, setAction] = useState<LineAction>(null);
  const [balances, setBalances] = useState<Record<string, number | undefined>>({});
  const [balanceTick, setBalanceTick] = useState(0);

  const changed = () => {
    setBalanceTick((x) => x + 1);
    lines.reload();
    onChange();
  };

  return (
    <section className="card wide" aria-labelledby="c360-lines">
      <div className="card-head">
        <h2 id="c360-lines">{t("c360.lines")}</h2>
        <Link href={`/activation?partyId=${encodeURIComponent(party.id)}`} className="button small">
          {t("c360.newLine")}
        </Link>
      </div>
      <ErrorLine error={lines.error} />
      {lines.data?.length === 0 && <p className="empty">{t("c360.noLines")}</p>}
      {lines.data && lines.data.length > 0 && (
        <div className="table-wrap">
          <table className="lines" data-testid="lines">
            <thead>
              <tr>
                <th scope="col">{t("c360.number")}</th>
                <th scope="col">{t("c360.status")}</th>
                <th scope="col">{t("c360.plan")}</th>
                <th scope="col">{t("c360.balance")}</th>
                <th scope="col">
                  <span className="sr-only">{t("c360.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.data.map((l) => (
                <tr key={l.id} data-msisdn={l.msisdn}>
                  <th scope="row">
                    {fmt.phone(l.msisdn)}
                    {l.iccid && <small className="iccid">ICCID {l.iccid}</small>}
                    {readsPorts && (
                      <LinePort
                        productId={l.id}
                        tick={balanceTick}
                        onPorts={(has) => setPorted((x) => (x[l.id] === has ? x : { ...x, [l.id]: has }))}
                      />
                    )}
                  </th>
                  <td>
                    <StatusBadge status={l.status} group="line" />
                  </td>
                  <td>{planName(l)}</td>
                  <td>
                    <LineBalance
                      productId={l.id}
                      tick={balanceTick}
                      onBalance={(v) => setBalances((b) => (b[l.id] === v ? b : { ...b, [l.id]: v }))}
                    />
                    <LineSchedule productId={l.id} tick={balanceTick} onChange={onChange} />
                  </td>
                  <td className="row-actions">
                    <button type="button" className="small" onClick={() => setAction({ kind: "topup", line: l })}
                      aria-label={t("c360.topUpLine", { msisdn: fmt.phone(l.msisdn) })}>
                      {t("c360.topUp")}
                    </button>
                    <button type="button" className="small" onClick={() => setAction({ kind: "purchase", line: l })}
                      aria-label={t("c360.buyForLine", { msisdn: fmt.phone(l.msisdn) })}>
                      {t("c360.buy")}
                    </button>
                    <button type="button" className="small" onClick={() => setAction({ kind: "usage", line: l })}
                      aria-label={t("c360.usageForLine", { msisdn: fmt.phone(l.msisdn) })}>
                      {t("c360.usage")}
                    </button>
                    {mayPort && l.status === "active" && ported[l.id] === false && (
                      <button type="button" className="small" onClick={() => setAction({ kind: "port", line: l })}
                        aria-label={t("c360.portForLine", { msisdn: fmt.phone(l.msisdn) })}>
                        {t("c360.port")}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={action?.kind === "topup"}
        onOpenChange={(o) => !o && setAction(null)}
        title={t("topup.title")}
      >
        {action?.kind === "topup" && (
          <TopUpForm
            productId={action.line.id}
            msisdn={action.line.msisdn}
            draftKey={`topup.${action.line.id}`}
            onDone={changed}
            onContinue={
              action.offeringId !== undefined
                ? {
                    label: t("purchase.backToPurchase"),
                    run: () => setAction({ kind: "purchase", line: action.line, offeringId: action.offeringId }),
                  }
                : undefined
            }
          />
        )}
      </Dialog>
      <Dialog
        open={action?.kind === "port"}
        onOpenChange={(o) => !o && setAction(null)}
        title={t("c360.portTitle")}
      >
        {action?.kind === "port" && (
          <PortForm productId={action.line.id} msisdn={action.line.msisdn} onDone={changed} />
        )}
      </Dialog>
      <Dialog
        open={action?.kind === "usage"}
        onOpenChange={(o) => !o && setAction(null)}
        title={action ? `${t("usageDetail.title")} · ${fmt.phone(action.line.msisdn)}` : t("usageDetail.title")}
      >
        {action?.kind === "usage" && <UsageDetail productId={action.line.id} />}
      </Dialog>
      <Dialog
        open={action?.kind === "purchase"}
        onOpenChange={(o) => !o && setAction(null)}
        title={t("purchase.title")}
      >
        {action?.kind === "purchase" && (
          <PurchaseForm
            productId={action.line.id}
            balance={balances[action.line.id]}
            onDone={changed}
            initialChoice={action.offeringId}
            onTopUp={(offeringId) => setAction({ kind: "topup", line: action.line, offeringId })}
          />
        )}
      </Dialog>
    </section>
  );
}

function UsageDetail({ productId }: { productId: string }) {
  const { t, tx, fmt, op } = useI18n();
  const usage = useLoad((s) => usageOf(productId, s), [productId]);
  if (usage.error) return <ErrorLine error={usage.error} />;
  if (!usage.data) return <p className="muted">…</p>;
  if (usage.data.length === 0) return <p className="empty">{t("usageDetail.none")}</p>;
  return (
    <div className="table-wrap">
      <table data-testid="usage">
        <thead>
          <tr>
            <th scope="col">{t("usageDetail.when")}</th>
            <th scope="col">{t("usageDetail.what")}</th>
            <th scope="col">{t("usageDetail.quantity")}</th>
            <th scope="col">{t("usageDetail.included")}</th>
            <th scope="col">{t("usageDetail.charged")}</th>
          </tr>
        </thead>
        <tbody>
          {usage.data.map((u) => {
            const units = tx(`units.${u.quantity.units}`, u.quantity.units);
            const included = (u.ratedProductUsage ?? [])
              .filter((p) => p.usageRatingTag === "included")
              .reduce((n, p) => n + (p.quantity?.amount ?? 0), 0);
            return (
              <tr key={u.id}>
                <td>{fmt.dateTime(u.usageDate)}</td>
                <td>
                  {tx(`usageDetail.type.${u.usageType}`, u.usageType)}
                  {u.onNet ? ` ${t("usageDetail.onNet", { brand: op.brand })}` : ""}
                </td>
                <td>{`${fmt.number(u.quantity.amount)} ${units}`}</td>
                <td>{included ? `${fmt.number(included)} ${units}` : "—"}</td>
                <td>{fmt.tmfMoney(u.charged)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A port into the line still in progress (the caller asks "has my number moved yet?") or one
 * that failed; nothing once done, the line shows the number brought. Tells the row whether the
 * line has had a port at all (a line takes one ported number).
 */
function LinePort({ productId, tick, onPorts }: { productId: string; tick: number; onPorts: (has: boolean) => void }) {
  const { t, fmt } = useI18n();
  const ports = useLoad(async (s) => {
    const all = await portsOf(productId, s);
    onPorts(all.some((p: PortIn) => p.status !== "failed"));
    return all;
  }, [productId, tick]);
  const latest = ports.data?.[0];
  if (!latest || latest.status === "completed") return null;
  if (latest.status === "failed") {
    return (
      <small className="line-port warning" data-testid="line-port">
        {t("c360.portFailed", { msisdn: fmt.phone(latest.msisdn ?? "") })}
      </small>
    );
  }
  return (
    <small className="line-port" data-testid="line-port">
      {t("c360.portInProgress", {
        msisdn: fmt.phone(latest.msisdn ?? ""),
        donor: latest.donorOperator ?? "",
        due: fmt.dateTime(latest.dueAt ?? ""),
      })}
    </small>
  );
}

function LineBalance({ productId, tick, onBalance }: { productId: string; tick: number; onBalance: (v: number | undefined) => void }) {
  const { t, tx, fmt, op } = useI18n();
  const buckets = useLoad(async (s) => {
    const b = await bucketsOf(productId, s);
    // A line opened before lines came with their main balance has none until its first
    // top-up: its balance is zero, not unknown.
    const main = mainBucket(b, op.currency);
    onBalance(main ? moneyValue(main.remainingValue)?.value : 0);
    return b;
  }, [productId, tick]);
  if (buckets.error) return <span className="muted">—</span>;
  if (!buckets.data) return <span className="muted">…</span>;
  const main = mainBucket(buckets.data, op.currency);
  const others = buckets.data.filter((b: Bucket) => b !== main);
  return (
    <div className="balance">
      <strong data-testid="line-balance">{main ? fmt.tmfMoney(main.remainingValue) : fmt.money(0)}</strong>
      {others.map((b) => {
        const v = moneyValue(b.remainingValue);
        return (
          <small key={b.id}>
            {v ? allowanceText({ t, fmt, tx }, { usageType: b.usageType, name: b.name, scope: b.scope, amount: v.value, units: v.currency }) : `${tx(`usage.${b.usageType ?? b.name}`, b.name ?? b.usageType)}: —`}
            {b.validFor?.endDateTime ? ` · ${t("c360.until", { date: fmt.date(b.validFor.endDateTime) })}` : ""}
          </small>
        );
      })}
    </div>
  );
}

/**
 * The line's active scheduled top-up (FL-11), when it has one: what it tops up and when next,
 * whether the last period's card charge was declined or is still waiting for the provider (the
 * customer on the phone asks "why didn't it top up?"), and a way to stop it.
 */
function LineSchedule({ productId, tick, onChange }: { productId: string; tick: number; onChange: () => void }) {
  const { t, fmt } = useI18n();
  const { hasRole } = useSession();
  const schedules = useLoad((s) => autoTopUpsOf(productId, s), [productId, tick]);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [stopped, setStopped] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const active = schedules.data?.find((a) => a.status === "active");
  if (stopped && !active) {
    return (
      <div className="schedule" data-testid="line-schedule">
        <small role="status">{t("c360.autoTopUpStopped")}</small>
      </div>
    );
  }
  if (!active) return null;
  const last = active.lastRun;
  const cancel = async () => {
    setBusy(true);
    setError(null);
    try {
      await request(`${kAutoTopUps}/${encodeURIComponent(active.id)}/cancel`, { method: "POST" });
      setStopped(true);
      setConfirming(false);
      schedules.reload();
      onChange();
    } catch (err) {
      setError(err);
      schedules.reload();  // stopped meanwhile by someone else: show what is so
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="schedule" data-testid="line-schedule">
      <small>
        {t("c360.autoTopUp", {
          amount: fmt.tmfMoney(active.amount),
          period: t(`c360.autoTopUpPeriod.${active.recurringPeriod}`),
          date: active.nextRunDate ? fmt.date(active.nextRunDate) : "—",
        })}
      </small>
      {last && last.status !== "completed" && (
        <small className={last.status === "declined" ? "schedule-problem" : undefined}>
          {t(`c360.autoTopUpLast.${last.status}`, { date: fmt.date(last.periodStart) })}
        </small>
      )}
      {/* The roles that may move money may stop a schedule (the API's rule); a stray
          click must not end what keeps the customer, so it asks once more. */}
      {hasRole("supervisor", "operator", "leader", "postsales") &&
        (confirming ? (
          <span className="confirm" role="group" aria-label={t("c360.autoTopUpConfirm")}>
            <small>{t("c360.autoTopUpConfirm")}</small>
            <button type="button" className="small danger" onClick={cancel} disabled={busy}>
              {t("c360.autoTopUpConfirmYes")}
            </button>
            <button type="button" className="small" onClick={() => setConfirming(false)} disabled={busy}>
              {t("c360.autoTopUpConfirmNo")}
            </button>
          </span>
        ) : (
          <button type="button" className="small" onClick={() => setConfirming(true)}>
            {t("c360.autoTopUpCancel")}
          </button>
        ))}
      <ErrorLine error={error} />
    </div>
  );
}

function Notes({ partyId, onChange }: { partyId: string; onChange: () => void }) {
  const { t, tx, fmt } = useI18n();
  const [showAll, setShowAll] = useState(false);
  const [adding, setAdding] = useState(false);
  const notes = useLoad(
    (s) => get<Note[]>(kNotes, { partyId, includeExpired: showAll ? "true" : undefined, limit: 100 }, s),
    [partyId, showAll],
  );
  const order = { valid: 0, notYetValid: 1, expired: 2 } as const;
  const sorted = [...(notes.data ?? [])].sort((a, b) => (order[a.state] ?? 3) - (order[b.state] ?? 3));
  return (
    <section className="card" aria-labelledby="c360-notes">
      <div className="card-head">
        <h2 id="c360-notes">{t("c360.notes")}</h2>
        <button type="button" className="small" onClick={() => setAdding(true)}>
          {t("notes.add")}
        </button>
      </div>
      <label className="choice">
        <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
        {t("notes.showAll")}
      </label>
      <ErrorLine error={notes.error} />
      {notes.data?.length === 0 && <p className="empty">{t("notes.none")}</p>}
      <ul className="notes" data-testid="notes">
        {sorted.map((n) => (
          <li key={n.id} className={`note note-${n.type} state-${n.state}`}>
            <div className="note-head">
              <span className="badge">{tx(`noteType.${n.type}`, n.type)}</span>
              {n.state !== "valid" && <StatusBadge status={n.state} group="note" />}
              <span className="muted">
                {n.author} · {fmt.dateTime(n.date)}
                {n.validTo ? ` · ${t("notes.validTo", { date: fmt.dateTime(n.validTo) })}` : ""}
              </span>
            </div>
            <p>{n.text}</p>
          </li>
        ))}
      </ul>
      <Dialog open={adding} onOpenChange={setAdding} title={t("notes.add")}>
        <NoteForm
          partyId={partyId}
          onDone={() => {
            setAdding(false);
            notes.reload();
            onChange();
          }}
        />
      </Dialog>
    </section>
  );
}

function NoteForm({ partyId, onDone }: { partyId: string; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, update, clear] = useDraft(`note.${partyId}`, { type: "ordinary", text: "", validTo: "" });
  const [busy, setBusy] = useState(false);
  useHoldDialog(busy);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { partyId, type: draft.type, text: draft.text.trim() };
      if (draft.validTo) body.validTo = new Date(draft.validTo).toISOString();
      await post(kNotes, body);
      clear();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="form">
      <Field label={t("notes.type")} htmlFor={`${id}-type`}>
        <select id={`${id}-type`} value={draft.type} onChange={(e) => update({ type: e.target.value })}>
          {kNoteTypes.map((k) => (
            <option key={k} value={k}>
              {t(`noteType.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t("notes.text")} htmlFor={`${id}-text`}>
        <textarea
          id={`${id}-text`}
          required
          maxLength={4000}
          rows={4}
          value={draft.text}
          onChange={(e) => update({ text: e.target.value })}
        />
      </Field>
      <Field label={t("notes.validToLabel")} htmlFor={`${id}-to`} hint={t("notes.validToHint")}>
        <input
          id={`${id}-to`}
          type="datetime-local"
          value={draft.validTo}
          onChange={(e) => update({ validTo: e.target.value })}
          aria-describedby={`${id}-to-hint`}
        />
      </Field>
      <ErrorLine error={error} />
      <Submit busy={busy}>{t("notes.save")}</Submit>
    </form>
  );
}

function Timeline({
  partyId,
  customer,
  tick,
  onRecorded,
}: {
  partyId: string;
  customer: Customer | undefined;
  tick: number;
  onRecorded: () => void;
}) {
  const { t, tx, fmt } = useI18n();
  const [kind, setKind] = useState("");
  const [limit, setLimit] = useState(kTimelinePage);
  const [recording, setRecording] = useState(false);
  const kindId = useId();
  const timeline = useLoad(
    async (s) => {
      if (!customer) return { items: [] as TimelineItem[], total: 0 };
      const r = await request<TimelineItem[]>(`/api/v1/customers/${encodeURIComponent(customer.id)}/timeline`, {
        query: { kind: kind || undefined, limit },
        signal: s,
      });
      return { items: r.data, total: r.total ?? r.data.length };
    },
    [customer?.id, kind, limit, tick],
  );

  const title = (item: TimelineItem) => {
    if (item.kind === "change") {
      const at = item.title.lastIndexOf(".");
      const entity = item.title.slice(0, at);
      const verb = item.title.slice(at + 1);
      return t("timeline.changeTitle", {
        entity: tx(`entity.${entity}`, entity),
        verb: tx(`verb.${verb}`, verb),
      });
    }
    if (item.kind === "note") return tx(`noteType.${item.title.replace(/ note$/, "")}`, item.title);
    return item.title;
  };
  const summary = (item: TimelineItem) => {
    if (item.kind !== "interaction") return item.kind === "change" ? "" : item.summary;
    // "channel, direction[, outcome][: description]" (care/timeline.cpp): codes
    // first, then the words, which may have commas and colons of their own.
    const m = /^([^,:]*), ([^,:]*)(?:, ([^,:]*))?(?:: ([\s\S]*))?$/.exec(item.summary);
    if (!m) return item.summary;
    const [, channel = "", direction = "", outcome, description] = m;
    const head = [
      tx(`channel.${channel}`, channel),
      tx(`direction.${direction}`, direction),
      outcome && tx(`outcome.${outcome}`, outcome),
    ]
      .filter(Boolean)
      .join(" · ");
    return description ? `${head}: ${description}` : head;
  };

  return (
    <section className="card" aria-labelledby="c360-timeline">
      <div className="card-head">
        <h2 id="c360-timeline">{t("c360.timeline")}</h2>
        <button type="button" className="small" onClick={() => setRecording(true)}>
          {t("contact.record")}
        </button>
      </div>
      {!customer && <p className="empty">{t("c360.noCustomerTimeline")}</p>}
      {customer && (
        <div className="filters">
          <label htmlFor={kindId}>{t("timeline.show")}</label>
          <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">{t("timeline.all")}</option>
            {["interaction", "message", "note", "change"].map((k) => (
              <option key={k} value={k}>
                {t(`timeline.kind.${k as "interaction"}`)}
              </option>
            ))}
          </select>
        </div>
      )}
      <ErrorLine error={timeline.error} />
      {timeline.data?.items.length === 0 && customer && <p className="empty">{t("timeline.none")}</p>}
      <ol className="timeline" data-testid="timeline">
        {timeline.data?.items.map((item) => (
          <li key={`${item.kind}-${item.ref?.id}-${item.at}`} className={`tl tl-${item.kind}`}>
            <span className="tl-kind badge">{tx(`timeline.kind.${item.kind}`, item.kind)}</span>
            <div>
              <strong>{title(item)}</strong>
              {summary(item) && <p>{summary(item)}</p>}
              <small className="muted">
                {fmt.dateTime(item.at)}
                {item.actor?.username ? ` · ${item.actor.username}` : ""}
              </small>
            </div>
          </li>
        ))}
      </ol>
      {timeline.data && timeline.data.total > timeline.data.items.length && (
        <button type="button" onClick={() => setLimit((l) => Math.min(l + kTimelinePage, 100))} disabled={limit >= 100}>
          {t("timeline.more")}
        </button>
      )}
      <Dialog open={recording} onOpenChange={setRecording} title={t("contact.record")}>
        <ContactForm
          partyId={partyId}
          onDone={() => {
            setRecording(false);
            onRecorded();
          }}
        />
      </Dialog>
    </section>
  );
}

function ContactForm({ partyId, onDone }: { partyId: string; onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [draft, update, clear] = useDraft(`contact.${partyId}`, {
    channel: "phone",
    direction: "inbound",
    reason: "",
    outcome: "",
    description: "",
  });
  const [key] = useState(newKey);
  const [busy, setBusy] = useState(false);
  useHoldDialog(busy);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = {
        relatedParty: [{ id: partyId, role: "customer" }],
        channel: draft.channel,
        direction: draft.direction,
        reason: draft.reason.trim(),
      };
      if (draft.outcome.trim()) body.outcome = draft.outcome.trim();
      if (draft.description.trim()) body.description = draft.description.trim();
      await post(kInteractions, body, key);
      clear();
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="form">
      <Field label={t("contact.channel")} htmlFor={`${id}-channel`}>
        <select id={`${id}-channel`} value={draft.channel} onChange={(e) => update({ channel: e.target.value })}>
          {kChannels.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </Field>
      <fieldset>
        <legend>{t("contact.direction")}</legend>
        {(["inbound", "outbound"] as const).map((d) => (
          <label key={d} className="choice">
            <input
              type="radio"
              name={`${id}-direction`}
              checked={draft.direction === d}
              onChange={() => update({ direction: d })}
            />
            {t(`direction.${d}`)}
          </label>
        ))}
      </fieldset>
      <Field label={t("contact.reason")} htmlFor={`${id}-reason`}>
        <input
          id={`${id}-reason`}
          required
          maxLength={200}
          value={draft.reason}
          onChange={(e) => update({ reason: e.target.value })}
        />
      </Field>
      <Field label={t("contact.outcome")} htmlFor={`${id}-outcome`}>
        <input id={`${id}-outcome`} maxLength={100} value={draft.outcome} onChange={(e) => update({ outcome: e.target.value })} />
      </Field>
      <Field label={t("contact.description")} htmlFor={`${id}-desc`}>
        <textarea
          id={`${id}-desc`}
          rows={3}
          maxLength={4000}
          value={draft.description}
          onChange={(e) => update({ description: e.target.value })}
        />
      </Field>
      <ErrorLine error={error} />
      <Submit busy={busy}>{t("contact.save")}</Submit>
    </form>
  );
}
