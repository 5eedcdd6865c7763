// A modal dialog (Radix: focus trapped and returned, Escape closes, labelled by its title).

import * as D from "@radix-ui/react-dialog";
import type { ReactNode } from "react";
import { useI18n } from "../i18n";

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
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="overlay" />
        <D.Content className="dialog" aria-describedby={description ? undefined : undefined}>
          <div className="dialog-head">
            <D.Title>{title}</D.Title>
            <D.Close className="icon" aria-label={t("common.close")}>
              ×
            </D.Close>
          </div>
          {description ? <D.Description className="lead">{description}</D.Description> : <D.Description className="sr-only">{title}</D.Description>}
          {children}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
