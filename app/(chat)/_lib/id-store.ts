"use client";

import { useSyncExternalStore } from "react";

/**
 * A per-message value kept only in this tab's memory (never in storage or the query cache), with
 * a snapshot of its ids for React. Used for what one device alone knows: the text a recall handed
 * back for Re-edit, and the messages reported from here.
 */
export interface IdStore<V> {
  set(messageId: string, value: V): void;
  take(messageId: string): V | undefined;
  get(messageId: string): V | undefined;
  /** The ids held; a new object whenever that changes (a store snapshot). */
  ids(): ReadonlySet<string>;
  subscribe(listener: () => void): () => void;
}

const none: ReadonlySet<string> = new Set();

export function createIdStore<V>(): IdStore<V> {
  const store = new Map<string, V>();
  const listeners = new Set<() => void>();
  let ids: ReadonlySet<string> = none;
  const emit = () => {
    ids = new Set(store.keys());
    listeners.forEach((l) => l());
  };
  return {
    set(messageId, value) {
      store.set(messageId, value);
      emit();
    },
    take(messageId) {
      const v = store.get(messageId);
      if (store.delete(messageId)) emit();
      return v;
    },
    get: (messageId) => store.get(messageId),
    ids: () => ids,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStoreIds(store: IdStore<unknown>): ReadonlySet<string> {
  return useSyncExternalStore(store.subscribe, store.ids, () => none);
}

export function useStoreValue<V>(store: IdStore<V>, messageId: string): V | undefined {
  return useSyncExternalStore(
    store.subscribe,
    () => store.get(messageId),
    () => undefined,
  );
}
