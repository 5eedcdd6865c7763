// Form input kept in sessionStorage while the agent types, so that a session
// that expires mid-form (401 -> login -> back) loses nothing. Cleared when
// the form is submitted or the agent logs out.

import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, newKey } from "./api";

const kPrefix = "abonado.draft.";

export function useDraft<T extends object>(key: string, initial: T): [T, (patch: Partial<T>) => void, () => void] {
  const storageKey = kPrefix + key;
  const [value, setValue] = useState<T>(() => {
    try {
      const saved = sessionStorage.getItem(storageKey);
      return saved ? { ...initial, ...(JSON.parse(saved) as Partial<T>) } : initial;
    } catch {
      return initial;
    }
  });
  const initialRef = useRef(initial);
  const dirty = useRef(false);

  useEffect(() => {
    if (dirty.current) sessionStorage.setItem(storageKey, JSON.stringify(value));
  }, [storageKey, value]);

  const update = useCallback((patch: Partial<T>) => {
    dirty.current = true;
    setValue((v) => ({ ...v, ...patch }));
  }, []);
  const clear = useCallback(() => {
    dirty.current = false;
    sessionStorage.removeItem(storageKey);
    setValue(initialRef.current);
  }, [storageKey]);
  return [value, update, clear];
}

/** Drops another form's draft once what it was for is done elsewhere (`done` judges the saved draft). */
export function dropDraft<T extends object>(key: string, done: (saved: Partial<T>) => boolean): void {
  try {
    const saved = sessionStorage.getItem(kPrefix + key);
    if (saved && done(JSON.parse(saved) as Partial<T>)) sessionStorage.removeItem(kPrefix + key);
  } catch {
    // A draft that does not parse is nobody's: leave it to its own form.
  }
}

export function clearAllDrafts(): void {
  for (const k of Object.keys(sessionStorage)) {
    if (k.startsWith(kPrefix)) sessionStorage.removeItem(k);
  }
}

/**
 * The Idempotency-Key of a money form, kept like its draft: a form closed while its request was
 * on the way and opened again sends the same key, so the server answers with the first request's
 * outcome instead of making a second top-up. renew() after any answer the server gave (made, or
 * refused: nothing is stored under a refused request's key); kept after no answer or a 5xx.
 */
export function useStickyKey(name: string): [string, () => void] {
  const storageKey = `${kPrefix}key.${name}`;
  const [key, setKey] = useState(() => {
    const saved = sessionStorage.getItem(storageKey);
    if (saved) return saved;
    const fresh = newKey();
    sessionStorage.setItem(storageKey, fresh);
    return fresh;
  });
  const renew = useCallback(() => {
    const fresh = newKey();
    sessionStorage.setItem(storageKey, fresh);
    setKey(fresh);
  }, [storageKey]);
  return [key, renew];
}

/** Whether the server answered `err` itself (a 4xx): the request's key may go. */
export function answeredByServer(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 400 && err.status < 500;
}
