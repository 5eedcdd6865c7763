// A modal dialog (Radix: focus trapped and returned, Escape closes, labelled by its title).
// A form inside holds it open while its request is on the way (useHoldDialog): closing
// then would hide whether the top-up or purchase was made. A request that takes longer
// than kPatienceMs lets the agent close all the same, saying what to check first (money
// forms opened again resend under the same Idempotency-Key: draft.ts useStickyKey).

import * as D from "@radix-ui/react-dialog";
import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { useI18n } from "../i18n";

const kPatienceMs = 20_000;

const Hold = createContext<(held: boolean) => void>(() => {});

/** Keeps the dialog around this form open while `busy`. */
export function useHoldDialog(busy: boolean): void {
  const hold = useContext(Hold);
  useEffect(() => {
    hold(busy);
    return () => hold(false);
  }, [busy, hold]);
}

export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const [held, setHeld] = useState(false);
  const [slow, setSlow] = useState(false);
  const content = useRef<HTMLDivElement>(null);
  useEffect(() => {
    setSlow(false);
    if (!held) return;
    const timer = setTimeout(() => setSlow(true), kPatienceMs);
    return () => clearTimeout(timer);
  }, [held]);
  const locked = held && !slow;
  // The button that opened it, to go back to on closing: the dialogs are opened
  // from state, not a Radix trigger, which Radix would otherwise return to.
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open && document.activeElement instanceof HTMLElement && document.activeElement !== document.body) {
      opener.current = document.activeElement;
    }
  }, [open]);
  return (
    <D.Root open={open} onOpenChange={(o) => (o || !locked) && onOpenChange(o)}>
      <D.Portal>
        <D.Overlay className="overlay" />
        <D.Content
          ref={content}
          className="dialog"
          aria-describedby={description ? undefined : undefined}
          aria-busy={held || undefined}
          onCloseAutoFocus={(e) => {
            const back = opener.current;
            opener.current = null;
            if (back?.isConnected) {
              e.preventDefault();
              back.focus();
            }
          }}
          onOpenAutoFocus={(e) => {
            // Straight to the first thing to fill in, not the close button.
            const first = content.current?.querySelector<HTMLElement>(
              "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])",
            );
            if (first) {
              e.preventDefault();
              first.focus();
            }
          }}
        >
          <div className="dialog-head">
            <D.Title>{title}</D.Title>
            <D.Close className="icon" aria-label={t("common.close")} disabled={locked}>
              ×
            </D.Close>
          </div>
          {description ? <D.Description className="lead">{description}</D.Description> : <D.Description className="sr-only">{title}</D.Description>}
          {held && slow && (
            <p className="warning" role="status" data-testid="dialog-slow">
              {t("common.stillWorking")}
            </p>
          )}
          <Hold.Provider value={setHeld}>{children}</Hold.Provider>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
