// Small building blocks shared by the screens: an error line, a labelled
// field, a status badge, a submit button that shows it is busy.

import { useLayoutEffect, useRef, type ReactNode } from "react";
import { useI18n } from "../i18n";

/**
 * A form's fields, disabled while its request is on the way: nothing changes
 * under it. Disabling blurs the field the agent was in; when the answer comes,
 * focus goes back there (or to the first field), so typing goes on in the form
 * and not into the page.
 */
export function BusyFieldset({ busy, children }: { busy: boolean; children: ReactNode }) {
  const ref = useRef<HTMLFieldSetElement>(null);
  // The last control of the form that had the keyboard (set on focus, not during render).
  const last = useRef<HTMLElement | null>(null);
  const wasBusy = useRef(false);
  useLayoutEffect(() => {
    const set = ref.current;
    const ended = wasBusy.current && !busy;
    wasBusy.current = busy;
    if (!ended || !set) return;
    // Lost: on the page, or on something around the form (a dialog's focus
    // trap takes it when the focused field is disabled). Elsewhere the agent
    // moved on themselves.
    const now = document.activeElement;
    if (now && now !== document.body && !(now.contains(set) && now !== set)) return;
    const back = last.current;
    const target =
      back && back.isConnected && set.contains(back)
        ? back
        : set.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea, button");
    target?.focus();
  }, [busy]);
  return (
    <fieldset
      className="bare"
      disabled={busy}
      ref={ref}
      onFocusCapture={(e) => {
        last.current = e.target instanceof HTMLElement ? e.target : null;
      }}
    >
      {children}
    </fieldset>
  );
}

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
