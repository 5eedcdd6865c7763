// The back office's queue of form-channel requests (FL-4): oldest due first,
// overdue ones highlighted, each completed (activates the line, emails the
// customer) or rejected with a reason.

import { lazy, Suspense, useId, useState } from "react";
import { Link } from "wouter";
import { post, request } from "../api";
import { useI18n } from "../i18n";
import { useLoad } from "../hooks";
import type { ActivationRequest } from "../model";
import { Dialog, useHoldDialog } from "../components/Dialog";
import { ErrorLine, Field, StatusBadge, Submit } from "../components/ui";
import { kRequests } from "./NewFormRequest";

const QueueChart = lazy(() => import("../components/QueueChart"));

export function isOverdue(r: ActivationRequest, now: number): boolean {
  if (typeof r.overdue === "boolean") return r.overdue;
  return r.status === "pending" && !!r.dueAt && new Date(r.dueAt).getTime() < now;
}

export default function FormQueue() {
  const { t, tx, fmt } = useI18n();
  const statusId = useId();
  const [status, setStatus] = useState("pending");
  const [deciding, setDeciding] = useState<{ r: ActivationRequest; action: "complete" | "reject" } | null>(null);
  const list = useLoad(async (s) => {
    const r = await request<ActivationRequest[]>(kRequests, { query: { status: status || undefined, limit: 200 }, signal: s });
    const items = [...r.data].sort((a, b) => (a.dueAt ?? "").localeCompare(b.dueAt ?? ""));
    return { items, total: r.total ?? items.length };
  }, [status]);
  const now = Date.now();
  const overdue = list.data?.items.filter((r) => isOverdue(r, now)).length ?? 0;

  return (
    <main className="page queue" data-testid="queue">
      <div className="card-head">
        <h1>{t("requests.queueTitle")}</h1>
        <Link href="/requests/new" className="button small">
          {t("requests.newTitle")}
        </Link>
      </div>
      <div className="filters">
        <label htmlFor={statusId}>{t("requests.status")}</label>
        <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="pending">{t("status.request.pending")}</option>
          <option value="completed">{t("status.request.completed")}</option>
          <option value="rejected">{t("status.request.rejected")}</option>
          <option value="">{t("timeline.all")}</option>
        </select>
        {list.data && (
          <span role="status">
            {t("requests.count", { count: list.data.total })}
            {overdue > 0 && <strong className="overdue-count"> · {t("requests.overdueCount", { count: overdue })}</strong>}
          </span>
        )}
      </div>
      <ErrorLine error={list.error} />
      {list.data && list.data.items.length > 0 && (
        <Suspense fallback={<div className="chart-box" aria-hidden="true" />}>
          <QueueChart items={list.data.items} />
        </Suspense>
      )}
      {list.data?.items.length === 0 && <p className="empty">{t("requests.none")}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("requests.due")}</th>
                <th scope="col">{t("requests.category")}</th>
                <th scope="col">{t("requests.customer")}</th>
                <th scope="col">ICCID</th>
                <th scope="col">{t("requests.status")}</th>
                <th scope="col">
                  <span className="sr-only">{t("c360.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => {
                const late = isOverdue(r, now);
                return (
                  <tr key={r.id} className={late ? "overdue" : undefined} data-testid="request-row">
                    <td>
                      {fmt.deadline(r.dueAt)}
                      {late && <span className="badge status-overdue">{t("requests.overdue")}</span>}
                    </td>
                    <td>{tx(`requests.categories.${r.category}`, r.category)}</td>
                    <td>
                      {(r.party?.id ?? r.partyId) && (
                        <Link href={`/parties/individual/${encodeURIComponent(r.party?.id ?? r.partyId!)}`}>
                          {r.party?.name ?? t("requests.openCustomer")}
                        </Link>
                      )}
                    </td>
                    <td>{r.iccid}</td>
                    <td>
                      <StatusBadge status={r.status} group="request" />
                    </td>
                    <td className="row-actions">
                      {r.status === "pending" && (
                        <>
                          <button type="button" className="small" onClick={() => setDeciding({ r, action: "complete" })}>
                            {t("requests.complete")}
                          </button>
                          <button type="button" className="small" onClick={() => setDeciding({ r, action: "reject" })}>
                            {t("requests.reject")}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={!!deciding}
        onOpenChange={(o) => {
          if (o) return;
          // However it is closed (Escape, X), a request decided meanwhile leaves the list.
          setDeciding(null);
          list.reload();
        }}
        title={deciding?.action === "reject" ? t("requests.reject") : t("requests.complete")}
      >
        {deciding && (
          <Decide
            r={deciding.r}
            action={deciding.action}
            onDone={() => {
              setDeciding(null);
              list.reload();
            }}
          />
        )}
      </Dialog>
    </main>
  );
}

/** The longest rejection reason the server takes (characters). */
const kMaxReason = 500;

function Decide({ r, action, onDone }: { r: ActivationRequest; action: "complete" | "reject"; onDone: () => void }) {
  const { t, fmt } = useI18n();
  const id = useId();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  useHoldDialog(busy);
  const [error, setError] = useState<unknown>(null);
  const [decided, setDecided] = useState<ActivationRequest | null>(null);
  // Characters as the server counts them (code points), of what is sent: trimmed.
  const reasonLength = [...reason.trim()].length;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (action === "reject" && reasonLength === 0) return setError(t("requests.reasonBlank"));
    if (action === "reject" && reasonLength > kMaxReason) {
      return setError(t("requests.reasonTooLong", { n: reasonLength, max: kMaxReason }));
    }
    setBusy(true);
    setError(null);
    try {
      // What the agent tells the customer or the leader next: the new number, or who was told why.
      setDecided(
        await post<ActivationRequest>(
          `${kRequests}/${encodeURIComponent(r.id)}/${action}`,
          action === "reject" ? { reason: reason.trim() } : {},
        ),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  if (decided) {
    const notice = decided.rejectionNotice ?? r.rejectionNotice;
    const told =
      notice === "sms"
        ? t("requests.rejectedSms")
        : notice === "none"
          ? t("requests.rejectedNone")
          : t("requests.rejectedEmail");
    return (
      <div className="receipt" role="status" data-testid={action === "complete" ? "request-completed" : "request-rejected"}>
        <p className="ok">
          {action === "complete" ? t("requests.completedLine", { msisdn: fmt.phone(decided.msisdn ?? "") }) : told}
        </p>
        <button type="button" onClick={onDone}>
          {t("requests.close")}
        </button>
      </div>
    );
  }
  const lead =
    action === "reject"
      ? r.rejectionNotice === "sms"
        ? t("requests.rejectLeadSms")
        : r.rejectionNotice === "none"
          ? t("requests.rejectLeadNone")
          : t("requests.rejectLead")
      : r.completionNotice === "sms"
        ? t("requests.completeLeadSms")
        : t("requests.completeLead");
  return (
    <form onSubmit={submit} className="form">
      {/* Nothing changes under a request on its way. */}
      <fieldset className="bare" disabled={busy}>
        {r.party?.name && <p className="lead">{r.party.name}</p>}
        {(r.documents?.length ?? 0) > 0 && (
          <ul className="plain" aria-label={t("requests.documents")} data-testid="request-documents">
            {r.documents!.map((doc, i) => (
              <li key={doc}>
                <a href={`/api/v1/attachments/${encodeURIComponent(doc)}`} target="_blank" rel="noopener noreferrer">
                  {t("requests.documentN", { n: i + 1 })}
                </a>
              </li>
            ))}
          </ul>
        )}
        <p className="lead">{lead}</p>
        {action === "reject" && (
          <Field
            label={t("requests.reason")}
            htmlFor={`${id}-reason`}
            hint={t("requests.reasonCount", { n: reasonLength, max: kMaxReason })}
          >
            <textarea
              id={`${id}-reason`}
              required
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-describedby={`${id}-reason-hint`}
              aria-invalid={reasonLength > kMaxReason || undefined}
            />
          </Field>
        )}
        <ErrorLine error={error} />
        <Submit busy={busy}>{action === "complete" ? t("requests.complete") : t("requests.reject")}</Submit>
      </fieldset>
    </form>
  );
}
