"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { Loading, LoadError, PageHeader } from "../../_components/ui";
import { GlobalForm } from "./global-form";
import { Overrides } from "./overrides";

export function Settings() {
  const t = useT();
  const trpc = useTRPC();
  const settings = useQuery(trpc.admin.settings.get.queryOptions());
  const [saved, setSaved] = useState(false);
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <div className="space-y-6">
      <PageHeader title={t.admin.settings.title} />
      {/* Keyed by the saved time: after a save the form starts again from the stored values. */}
      <GlobalForm
        key={new Date(settings.data.global.updatedAt).getTime()}
        initial={settings.data.global}
        saved={saved}
        onSaved={setSaved}
      />
      <Overrides global={settings.data.global} overrides={settings.data.overrides} />
    </div>
  );
}
