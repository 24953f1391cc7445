"use client";

import { useCallback } from "react";
import { describeError } from "~/app/_components/error-message";
import { useToast } from "~/app/_components/toast";
import { useLocale, useT } from "~/app/_i18n/provider";

/** Says in a toast, in the reader's language, why something the server refused did not happen. */
export function useErrorToast(): (error: unknown) => void {
  const t = useT();
  const locale = useLocale();
  const toast = useToast();
  return useCallback(
    (error: unknown) => toast.show(describeError(error, t, locale), { tone: "error" }),
    [toast, t, locale],
  );
}
