// A form-channel request (FL-4, FL-5): for foreigners, persons with a
// disability, companies, and customers the app refused. The documents the
// case needs are uploaded first; the back office decides within the policy's
// business days.

import { useId, useState } from "react";
import { Link, useSearch } from "wouter";
import { newKey, post, request } from "../api";
import { useI18n } from "../i18n";
import { useDraft } from "../draft";
import type { ActivationRequest } from "../model";
import { iccidDigits, iccidProblem } from "../iccid";
import { ErrorLine, Field, Submit } from "../components/ui";

export const kCategories = ["foreigner", "disability", "company", "appRejected"] as const;
export const kRequests = "/api/v1/activationRequests";

export default function NewFormRequest() {
  const { t, fmt } = useI18n();
  const id = useId();
  const params = new URLSearchParams(useSearch());
  const [draft, update, clear] = useDraft("formRequest", {
    category: params.get("category") ?? "foreigner",
    partyId: params.get("partyId") ?? "",
    iccid: params.get("iccid") ?? "",
  });
  const [files, setFiles] = useState<File[]>([]);
  const [key, setKey] = useState(newKey);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<ActivationRequest | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const p = iccidProblem(draft.iccid);
    if (p) return setError(t(`activation.iccid.${p}`));
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
          {t("requests.created", { due: fmt.dateTime(created.dueAt) })}
        </p>
        <p>
          <Link href="/queue">{t("nav.queue")}</Link>
        </p>
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
        <Field label={t("requests.partyId")} htmlFor={`${id}-party`} hint={t("requests.partyHint")}>
          <input id={`${id}-party`} required value={draft.partyId} onChange={(e) => update({ partyId: e.target.value })} aria-describedby={`${id}-party-hint`} />
        </Field>
        <Field label={t("activation.iccidLabel")} htmlFor={`${id}-iccid`}>
          <input id={`${id}-iccid`} required inputMode="numeric" value={draft.iccid} onChange={(e) => update({ iccid: e.target.value })} />
        </Field>
        <Field label={t("requests.documents")} htmlFor={`${id}-docs`} hint={t("requests.documentsHint")}>
          <input
            id={`${id}-docs`}
            type="file"
            multiple
            accept="application/pdf,image/jpeg,image/png"
            onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
            aria-describedby={`${id}-docs-hint`}
          />
        </Field>
        <ErrorLine error={error} />
        <Submit busy={busy}>{t("requests.submit")}</Submit>
      </form>
    </main>
  );
}
