"use client";

import { createIdStore, useStoreIds } from "./id-store";

/**
 * Messages reported from this tab (or that the server said were reported already), so the menu
 * shows "Reported" for them for the rest of the session. The server keeps the real record.
 */
export const reported = createIdStore<true>();

export function useReportedIds(): ReadonlySet<string> {
  return useStoreIds(reported);
}
