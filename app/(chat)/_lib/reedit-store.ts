"use client";

import { createIdStore, useStoreIds, useStoreValue } from "./id-store";

/**
 * Re-edit text returned once by the server to the device that recalled. Kept only in this tab's
 * memory — never in storage, never in the query cache — so no other device or reload shows it.
 */
export interface Reedit {
  body: string;
  /** Server time until which Re-edit is offered. */
  until: Date;
}

export const reedits = createIdStore<Reedit>();

export function useReeditIds(): ReadonlySet<string> {
  return useStoreIds(reedits);
}

export function useReedit(messageId: string): Reedit | undefined {
  return useStoreValue(reedits, messageId);
}
