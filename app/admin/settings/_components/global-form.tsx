"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { button } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { Card, Notice, useErrorText } from "../../_components/ui";
import { NumberInput } from "./number-input";
import { RadioFieldset } from "./radio-fieldset";
import { type Global } from "./settings-types";
import { checkNumber, type NumberField } from "./validate";

const switches = ["groupOwnersMayRecall", "groupAdminsMayRecall"] as const;

export function GlobalForm({
  initial,
  saved,
  onSaved,
}: {
  initial: Global;
  saved: boolean;
  onSaved: (saved: boolean) => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const ids = { title: useId(), policy: useId(), notice: useId() };
  const [draft, setDraft] = useState({
    recallWindowSeconds: String(initial.recallWindowSeconds),
    retentionDays: String(initial.retentionDays),
    reeditWindowSeconds: String(initial.reeditWindowSeconds),
    editWindowSeconds: String(initial.editWindowSeconds),
    groupOwnersMayRecall: initial.groupOwnersMayRecall,
    groupAdminsMayRecall: initial.groupAdminsMayRecall,
    contentPolicy: initial.contentPolicy,
    noticeMode: initial.noticeMode,
  });
  const [submitted, setSubmitted] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const save = useMutation(
    trpc.admin.settings.update.mutationOptions({
      onSuccess: () => {
        onSaved(true);
        void queryClient.invalidateQueries(trpc.admin.pathFilter());
      },
    }),
  );

  const numbers = (["recallWindowSeconds", "retentionDays", "reeditWindowSeconds", "editWindowSeconds"] as const).map(
    (f) => [f, checkNumber(f, draft[f])] as const,
  );
  const errorOf = (f: NumberField) => {
    const r = numbers.find(([k]) => k === f)![1];
    return submitted && !r.ok ? t.admin.settings.errors[r.error] : null;
  };

  const submit = () => {
    setSubmitted(true);
    setMessage(null);
    onSaved(false);
    if (numbers.some(([, r]) => !r.ok)) return;
    const next = {
      ...Object.fromEntries(numbers.map(([f, r]) => [f, r.ok ? r.value : 0])),
      groupOwnersMayRecall: draft.groupOwnersMayRecall,
      groupAdminsMayRecall: draft.groupAdminsMayRecall,
      contentPolicy: draft.contentPolicy,
      noticeMode: draft.noticeMode,
    } as Pick<Global, NumberField | "groupOwnersMayRecall" | "groupAdminsMayRecall" | "contentPolicy" | "noticeMode">;
    const patch = Object.fromEntries(Object.entries(next).filter(([k, v]) => initial[k as keyof typeof next] !== v));
    if (Object.keys(patch).length === 0) {
      setMessage(t.admin.settings.unchanged);
      return;
    }
    save.mutate(patch);
  };

  const numberFields = [
    ["recallWindowSeconds", t.admin.settings.window, t.admin.settings.windowHint],
    ["editWindowSeconds", t.admin.settings.editWindow, t.admin.settings.editWindowHint],
    ["reeditWindowSeconds", t.admin.settings.reedit, t.admin.settings.reeditHint],
    ["retentionDays", t.admin.settings.retention, t.admin.settings.retentionHint],
  ] as const;
  const radioFields = [
    ["contentPolicy", t.admin.settings.policy, ids.policy, ["retain", "erase"]],
    ["noticeMode", t.admin.settings.notice, ids.notice, ["tip", "silent"]],
  ] as const;
  const switchLabels = {
    groupOwnersMayRecall: t.admin.settings.groupOwners,
    groupAdminsMayRecall: t.admin.settings.groupAdmins,
  };

  return (
    <Card title={t.admin.settings.global} titleId={ids.title}>
      <p className="-mt-1 mb-4 text-sm text-slate-600">{t.admin.settings.globalIntro}</p>
      <form
        noValidate
        className="space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="grid gap-5 md:grid-cols-2 lg:grid-cols-4">
          {numberFields.map(([f, label, hint]) => (
            <NumberInput
              key={f}
              name={f}
              label={label}
              hint={hint}
              value={draft[f]}
              onChange={(v) => setDraft({ ...draft, [f]: v })}
              error={errorOf(f)}
            />
          ))}
        </div>
        <div className="space-y-2">
          {switches.map((f) => (
            <label key={f} className="flex items-start gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                className="mt-0.5"
                checked={draft[f]}
                onChange={(e) => setDraft({ ...draft, [f]: e.target.checked })}
              />
              {switchLabels[f]}
            </label>
          ))}
        </div>
        <div className="grid gap-5 md:grid-cols-2">
          {radioFields.map(([f, legend, name, values]) => (
            <RadioFieldset
              key={f}
              legend={legend}
              name={name}
              options={values.map((v) => ({ value: v, label: t.admin.settings[v] }))}
              value={draft[f]}
              onChange={(v) => setDraft({ ...draft, [f]: v })}
            />
          ))}
        </div>
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
          <button type="submit" className={button.primary} disabled={save.isPending}>
            {save.isPending ? t.admin.common.saving : t.admin.common.save}
          </button>
        </div>
        <div aria-live="polite">
          {save.isError ? <Notice tone="error">{errorText(save.error)}</Notice> : null}
          {message ? <Notice>{message}</Notice> : null}
          {saved ? <Notice>{t.admin.settings.saved}</Notice> : null}
        </div>
      </form>
    </Card>
  );
}
