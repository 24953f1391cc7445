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
const none: ReadonlySet<string> = new Set();
let ids: ReadonlySet<string> = none;
const emit = () => {
  ids = new Set(store.keys());
  listeners.forEach((l) => l());
};

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
  /** The messages that offer Re-edit; a new object whenever that changes (a store snapshot). */
  ids(): ReadonlySet<string> {
    return ids;
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useReeditIds(): ReadonlySet<string> {
  return useSyncExternalStore(reedits.subscribe, reedits.ids, () => none);
}

export function useReedit(messageId: string): Reedit | undefined {
  return useSyncExternalStore(
    reedits.subscribe,
    () => reedits.get(messageId),
    () => undefined,
  );
}
