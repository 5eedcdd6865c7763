// A modal dialog (Radix: focus trapped and returned, Escape closes, labelled by its title).
// A form inside holds it open while its request is on the way (useHoldDialog): closing
// then would hide whether the top-up or purchase was made, and the form opened again
// would send it afresh under a new Idempotency-Key.

import * as D from "@radix-ui/react-dialog";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useI18n } from "../i18n";

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
  return (
    <D.Root open={open} onOpenChange={(o) => (o || !held) && onOpenChange(o)}>
      <D.Portal>
        <D.Overlay className="overlay" />
        <D.Content className="dialog" aria-describedby={description ? undefined : undefined} aria-busy={held || undefined}>
          <div className="dialog-head">
            <D.Title>{title}</D.Title>
            <D.Close className="icon" aria-label={t("common.close")} disabled={held}>
              ×
            </D.Close>
          </div>
          {description ? <D.Description className="lead">{description}</D.Description> : <D.Description className="sr-only">{title}</D.Description>}
          <Hold.Provider value={setHeld}>{children}</Hold.Provider>
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
