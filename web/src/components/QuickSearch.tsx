// CC-0: one box finds the customer by phone (any format), contract, document
// or name while the agent types. An ARIA combobox: arrows move, Enter opens,
// Escape closes; "/" anywhere focuses it. With `onPick` it is a customer
// picker inside a form (no "/" shortcut, the choice goes to the form).

import { useEffect, useId, useRef, useState } from "react";
import { useLocation } from "wouter";
import { get } from "../api";
import { useI18n } from "../i18n";
import type { SearchHit } from "../model";
import { partyName, partyPath, primaryDocument, primaryPhone } from "../party";

const kDebounceMs = 250;

export interface PickerProps {
  /** The input's id, for the form's own label. */
  inputId: string;
  onPick: (hit: SearchHit) => void;
  describedBy?: string;
}

export function QuickSearch({ picker }: { picker?: PickerProps } = {}) {
  const { t, tx, fmt, errorText } = useI18n();
  const [, navigate] = useLocation();
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => {
    if (picker) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === "/" && !/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && !target.isContentEditable) {
        e.preventDefault();
        inputRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [picker]);

  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) {
      setHits(null);
      setError(null);
      setBusy(false);
      return;
    }
    const ctl = new AbortController();
    setBusy(true);
    const timer = setTimeout(() => {
      get<SearchHit[]>("/api/v1/search", { q: text, limit: 10 }, ctl.signal)
        .then((h) => {
          setHits(h);
          setError(null);
          setActive(h.length > 0 ? 0 : -1);
          setOpen(true);
        })
        .catch((e: unknown) => {
          if (e instanceof DOMException && e.name === "AbortError") return;
          setHits(null);
          setError(errorText(e));
          setOpen(true);
        })
        .finally(() => {
          if (!ctl.signal.aborted) setBusy(false);
        });
    }, kDebounceMs);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q, errorText]);

  const choose = (hit: SearchHit | undefined) => {
    if (!hit) return;
    setOpen(false);
    setQ("");
    setHits(null);
    if (picker) {
      picker.onPick(hit);
      return;
    }
    inputRef.current?.blur();
    navigate(partyPath(hit.party));
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    const n = hits?.length ?? 0;
    // "/" is the way here: pressed out of habit in the empty box (focused after
    // login), it is that shortcut, not the start of a search.
    if (e.key === "/" && !picker && q === "") {
      e.preventDefault();
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      if (n) setActive((a) => (a + 1) % n);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (n) setActive((a) => (a <= 0 ? n - 1 : a - 1));
    } else if (e.key === "Enter") {
      e.preventDefault();
      if (open && hits && n) choose(hits[Math.max(active, 0)]);
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        setOpen(false);
      } else {
        setQ("");
      }
    }
  };

  const expanded = open && q.trim().length >= 2 && (hits !== null || error !== null);
  const optionId = (i: number) => `${listId}-opt-${i}`;
  let status = "";
  if (q.trim().length >= 2) {
    if (busy) status = t("search.searching");
    else if (error) status = error;
    else if (hits) status = hits.length ? t("search.results", { count: hits.length }) : t("search.none");
  }

  return (
    <div className={picker ? "quicksearch picker" : "quicksearch"} role={picker ? undefined : "search"}>
      {!picker && (
        <label htmlFor="quick-search" className="sr-only">
          {t("search.label")}
        </label>
      )}
      <input
        id={picker?.inputId ?? "quick-search"}
        ref={inputRef}
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-describedby={[`${listId}-status`, picker?.describedBy].filter(Boolean).join(" ")}
        placeholder={t("search.placeholder")}
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
      />
      <span id={`${listId}-status`} className="sr-only" aria-live="polite">
        {status}
      </span>
      {expanded && (
        <div className="results" data-testid="search-results">
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {hits && hits.length === 0 && <p className="empty">{t("search.none")}</p>}
          <ul id={listId} role="listbox" aria-label={t("search.label")}>
            {hits?.map((h, i) => {
              const doc = primaryDocument(h.party);
              const phone = primaryPhone(h.party);
              return (
                <li
                  key={h.party.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  className={i === active ? "active" : undefined}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(h);
                  }}
                  onMouseEnter={() => setActive(i)}
                >
                  <span className="name">{partyName(h.party)}</span>
                  <span className="meta">
                    {doc && (
                      <span>
                        {doc.identificationType} {doc.displayId ?? doc.identificationId}
                      </span>
                    )}
                    {h.customer.map((c) => (
                      <span key={c.id}>
                        {t("search.contract")} {c.contractNumber}
                      </span>
                    ))}
                    {phone && <span>{fmt.phone(phone)}</span>}
                    {h.product.map((p) => (p.msisdn ? <span key={p.id}>{fmt.phone(p.msisdn)}</span> : null))}
                  </span>
                  <span className="badge">{tx(`search.by.${h.matchedBy}`, h.matchedBy)}</span>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </div>
  );
}
