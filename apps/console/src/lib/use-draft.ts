import { useCallback, useMemo } from 'react';

/**
 * A form's unsent values kept in sessionStorage, so that an expired session (back to the login
 * page) or a failed request never loses what the officer typed.
 */
export function useDraft<T extends object>(key: string) {
  const storageKey = `yiyang.draft.${key}`;
  const initial = useMemo<Partial<T> | undefined>(() => {
    try {
      const raw = sessionStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as Partial<T>) : undefined;
    } catch {
      return undefined;
    }
  }, [storageKey]);
  const save = useCallback((values: Partial<T>) => sessionStorage.setItem(storageKey, JSON.stringify(values)), [storageKey]);
  const clear = useCallback(() => sessionStorage.removeItem(storageKey), [storageKey]);
  return { initial, save, clear };
}
