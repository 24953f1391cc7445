"use client";

import { useSyncExternalStore } from "react";

/**
 * Re-edit text returned once by the server to the device that recalled. Kept only in this tab's
 * memory — never in storage, never in the query cache — so no other device or reload shows it.
 */
export interface Reedit {
  body: string;
  /** Server time until which Re-edit is offered. */
  until: Date;
}

const store = new Map<string, Reedit>();
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export const reedits = {
  set(messageId: string, reedit: Reedit): void {
    store.set(messageId, reedit);
    emit();
  },
  take(messageId: string): Reedit | undefined {
    const r = store.get(messageId);
    if (r) {
      store.delete(messageId);
      emit();
    }
    return r;
  },
  get(messageId: string): Reedit | undefined {
    return store.get(messageId);
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useReedit(messageId: string): Reedit | undefined {
  return useSyncExternalStore(
    reedits.subscribe,
    () => reedits.get(messageId),
    () => undefined,
  );
}
