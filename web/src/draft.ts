// Form input kept in sessionStorage while the agent types, so that a session
// that expires mid-form (401 -> login -> back) loses nothing. Cleared when
// the form is submitted or the agent logs out.

import { useCallback, useEffect, useRef, useState } from "react";

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

export function clearAllDrafts(): void {
  for (const k of Object.keys(sessionStorage)) {
    if (k.startsWith(kPrefix)) sessionStorage.removeItem(k);
  }
}
