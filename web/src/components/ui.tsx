// Small building blocks shared by the screens: an error line, a labelled
// field, a status badge, a submit button that shows it is busy.

import type { ReactNode } from "react";
import { useI18n } from "../i18n";

export function ErrorLine({ error, id }: { error: unknown; id?: string }) {
  const { errorText } = useI18n();
  if (!error) return null;
  return (
    <p className="error" role="alert" id={id} data-testid="error">
      {typeof error === "string" ? error : errorText(error)}
    </p>
  );
}

export function Field({
  label,
  hint,
  children,
  htmlFor,
}: {
  label: string;
  hint?: string;
  children: ReactNode;
  htmlFor: string;
}) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && (
        <small className="hint" id={`${htmlFor}-hint`}>
          {hint}
        </small>
      )}
    </div>
  );
}

export function StatusBadge({ status, group }: { status: string | undefined; group: string }) {
  const { tx } = useI18n();
  if (!status) return null;
  return <span className={`badge status-${status}`}>{tx(`status.${group}.${status}`, status)}</span>;
}

export function Submit({ busy, children, className }: { busy: boolean; children: ReactNode; className?: string }) {
  const { t } = useI18n();
  return (
    <button type="submit" className={className ?? "primary"} disabled={busy} aria-busy={busy}>
      {busy ? t("common.working") : children}
    </button>
  );
}
