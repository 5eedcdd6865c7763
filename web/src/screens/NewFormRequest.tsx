// A form-channel request (FL-4, FL-5): for foreigners, persons with a
// disability, companies, and customers the app refused. The documents the
// case needs are uploaded first; the back office decides within the policy's
// business days.

import { useEffect, useId, useState } from "react";
import { Link, useSearch } from "wouter";
import { get, newKey, post, request } from "../api";
import { useSession } from "../session";
import { useI18n } from "../i18n";
import { dropDraft, useDraft } from "../draft";
import type { ActivationRequest, Party } from "../model";
import { iccidDigits, iccidProblem } from "../iccid";
import { partyName, primaryDocument } from "../party";
import { QuickSearch } from "../components/QuickSearch";
import { ErrorLine, Field, Submit } from "../components/ui";

export const kCategories = ["foreigner", "disability", "company", "appRejected"] as const;
export const kRequests = "/api/v1/activationRequests";

export default function NewFormRequest() {
  const { t, fmt, op } = useI18n();
  const { hasRole } = useSession();
  const id = useId();
  const params = new URLSearchParams(useSearch());
  const [draft, update, clear] = useDraft("formRequest", {
    category: params.get("category") ?? "foreigner",
    partyId: params.get("partyId") ?? "",
    partyLabel: "",
    iccid: params.get("iccid") ?? "",
  });
  const [files, setFiles] = useState<File[]>([]);
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<ActivationRequest | null>(null);

  // Coming from the activation wizard the id is known but not the name: a
  // person or, for a company, an organization.
  useEffect(() => {
    if (!draft.partyId || draft.partyLabel) return;
    const ctl = new AbortController();
    const id = encodeURIComponent(draft.partyId);
    get<Party>(`/tmf-api/party/v4/individual/${id}`, undefined, ctl.signal)
      .catch(() => get<Party>(`/tmf-api/party/v4/organization/${id}`, undefined, ctl.signal))
      .then((p) => update({ partyLabel: describe(p) }))
      .catch(() => {
        if (!ctl.signal.aborted) update({ partyId: "", partyLabel: "" });
      });
    return () => ctl.abort();
  }, [draft.partyId, draft.partyLabel, update]);

  // A file over the pack's size is said when it is chosen, not after minutes of upload on a slow connection.
  const maxBytes = op.attachments?.maxBytes;
  const tooLarge = (chosen: File[]) => {
    const f = maxBytes ? chosen.find((c) => c.size > maxBytes) : undefined;
    return f && maxBytes ? t("requests.fileTooLarge", { name: f.name, size: megabytes(f.size), max: megabytes(maxBytes) }) : null;
  };
  const megabytes = (bytes: number) => `${fmt.number(Math.ceil((bytes / 1048576) * 10) / 10)} MB`;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!draft.partyId) return setError(t("requests.partyMissing"));
    const p = iccidProblem(draft.iccid);
    if (p) return setError(t(`activation.iccid.${p}`));
    const big = tooLarge(files);
    if (big) return setError(big);
    setBusy(true);
    setError(null);
    try {
      const documents: { id: string }[] = [];
      for (const f of files) {
        const form = new FormData();
        form.append("file", f, f.name);
        const r = await request<{ id: string }>("/api/v1/attachments", { method: "POST", body: form });
        documents.push({ id: r.data.id });
      }
      const r = await post<ActivationRequest>(
        kRequests,
        { category: draft.category, partyId: draft.partyId.trim(), iccid: iccidDigits(draft.iccid), documents: documents.map((d) => d.id) },
        key,
      );
      setCreated(r);
      // The wizard that sent the customer here (FL-5) is done with them: "Nueva línea" starts afresh.
      dropDraft<{ partyId: string; iccid: string }>("activation", (w) => w.partyId === r.partyId && iccidDigits(w.iccid ?? "") === r.iccid);
      clear();
      setFiles([]);
      setKey(newKey());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <main className="page narrow">
        <h1>{t("requests.newTitle")}</h1>
        <p className="ok" role="status" data-testid="request-created">
          {t("requests.created", { due: fmt.deadline(created.dueAt) })}
        </p>
        {/* The queue is the back office's; a brand leader goes back home. */}
        <p>{hasRole("backoffice") ? <Link href="/queue">{t("nav.queue")}</Link> : <Link href="/">{t("nav.home")}</Link>}</p>
      </main>
    );
  }

  return (
    <main className="page narrow">
      <h1>{t("requests.newTitle")}</h1>
      <p className="lead">{t("requests.newLead")}</p>
      <form onSubmit={submit} className="form card">
        <Field label={t("requests.category")} htmlFor={`${id}-cat`}>
          <select id={`${id}-cat`} value={draft.category} onChange={(e) => update({ category: e.target.value })}>
            {kCategories.map((c) => (
              <option key={c} value={c}>
                {t(`requests.categories.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        {draft.partyId ? (
          <div className="field">
            <span className="label">{t("requests.party")}</span>
            <div className="chosen" data-testid="request-party">
              <span>{draft.partyLabel || "…"}</span>
              <button type="button" className="link" onClick={() => update({ partyId: "", partyLabel: "" })}>
                {t("requests.partyChange")}
              </button>
            </div>
          </div>
        ) : (
          <Field label={t("requests.party")} htmlFor={`${id}-party`} hint={t("requests.partyHint")}>
            <QuickSearch
              picker={{
                inputId: `${id}-party`,
                describedBy: `${id}-party-hint`,
                onPick: (hit) => {
                  update({ partyId: hit.party.id, partyLabel: describe(hit.party) });
                  setError(null);
                },
              }}
            />
          </Field>
        )}
        <Field label={t("activation.iccidLabel")} htmlFor={`${id}-iccid`}>
          <input id={`${id}-iccid`} required inputMode="numeric" value={draft.iccid} onChange={(e) => update({ iccid: e.target.value })} />
        </Field>
        <Field label={t("requests.documents")} htmlFor={`${id}-docs`} hint={t("requests.documentsHint")}>
          <input
            id={`${id}-docs`}
            type="file"
            multiple
            accept={(op.attachments?.mimeTypes ?? ["application/pdf", "image/jpeg", "image/png"]).join(",")}
            onChange={(e) => {
              const chosen = Array.from(e.target.files ?? []);
              setFiles(chosen);
              setError(tooLarge(chosen));
            }}
            aria-describedby={`${id}-docs-hint`}
          />
        </Field>
        <ErrorLine error={error} />
        <Submit busy={busy}>{t("requests.submit")}</Submit>
      </form>
    </main>
  );
}

/** "Ana Quispe · DNI 45678912": whom the request is for, as the agent checks it. */
function describe(p: Party): string {
  const doc = primaryDocument(p);
  return doc ? `${partyName(p)} · ${doc.identificationType} ${doc.displayId ?? doc.identificationId}` : partyName(p);
}
