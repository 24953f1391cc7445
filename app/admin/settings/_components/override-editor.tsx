"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { type PickedEntity } from "../../_components/entity-picker";
import { OptionList } from "../../_components/filter-form";
import { Notice, useErrorText } from "../../_components/ui";
import { type ContentPolicy, type Global, type NoticeMode, type OverrideRow } from "./settings-types";
import { checkNumber } from "./validate";

/** The numeric rules a conversation may override (retention is global only). */
type WindowField = "recallWindowSeconds" | "reeditWindowSeconds" | "editWindowSeconds";
const windowFields = ["recallWindowSeconds", "reeditWindowSeconds", "editWindowSeconds"] as const;

interface OverrideDraft extends Record<WindowField, string | null> {
  groupOwnersMayRecall: boolean | null;
  groupAdminsMayRecall: boolean | null;
  contentPolicy: ContentPolicy | null;
  noticeMode: NoticeMode | null;
}

export function OverrideEditor({
  conversation,
  global,
  current,
  onDone,
  onCancel,
}: {
  conversation: PickedEntity;
  global: Global;
  current: OverrideRow["override"] | undefined;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const titleId = useId();
  const [draft, setDraft] = useState<OverrideDraft>({
    recallWindowSeconds: current?.recallWindowSeconds != null ? String(current.recallWindowSeconds) : null,
    reeditWindowSeconds: current?.reeditWindowSeconds != null ? String(current.reeditWindowSeconds) : null,
    editWindowSeconds: current?.editWindowSeconds != null ? String(current.editWindowSeconds) : null,
    groupOwnersMayRecall: current?.groupOwnersMayRecall ?? null,
    groupAdminsMayRecall: current?.groupAdminsMayRecall ?? null,
    contentPolicy: current?.contentPolicy ?? null,
    noticeMode: current?.noticeMode ?? null,
  });
  const [submitted, setSubmitted] = useState(false);
  const direct = conversation.kind === "direct";
  const save = useMutation(
    trpc.admin.settings.setOverride.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.admin.pathFilter());
        onDone(t.admin.settings.overrideSaved);
      },
    }),
  );
  const yesNo = (v: boolean) => (v ? t.admin.settings.on : t.admin.settings.off);
  const check = (f: WindowField) => (draft[f] === null ? null : checkNumber(f, draft[f]));
  const numberError = (f: WindowField) => {
    const r = check(f);
    return submitted && r && !r.ok ? t.admin.settings.errors[r.error] : null;
  };

  const numberRow = (f: WindowField, label: string, globalValue: number) => {
    const error = numberError(f);
    const id = `${titleId}-${f}`;
    return (
      <div key={f} className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_auto_auto] sm:items-start">
        <label htmlFor={`${id}-mode`} className="text-sm text-slate-800 sm:pt-2">
          {label}
        </label>
        <select
          id={`${id}-mode`}
          value={draft[f] === null ? "inherit" : "set"}
          onChange={(e) => setDraft({ ...draft, [f]: e.target.value === "inherit" ? null : String(globalValue) })}
          className={`${field.input} mt-0`}
        >
          <option value="inherit">{t.admin.settings.inherit(t.admin.settings.seconds(globalValue))}</option>
          <option value="set">{t.admin.settings.override}</option>
        </select>
        {draft[f] !== null ? (
          <div>
            <input
              type="number"
              step={1}
              inputMode="numeric"
              aria-label={label}
              value={draft[f] ?? ""}
              onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
              aria-invalid={Boolean(error) || undefined}
              aria-describedby={error ? `${id}-error` : undefined}
              className={`${field.input} mt-0 w-36`}
            />
            {error ? (
              <p id={`${id}-error`} className={field.error}>
                {error}
              </p>
            ) : null}
          </div>
        ) : (
          <span />
        )}
      </div>
    );
  };

  const choiceRow = <K extends "groupOwnersMayRecall" | "groupAdminsMayRecall" | "contentPolicy" | "noticeMode">(
    f: K,
    label: string,
    options: { value: string; label: string }[],
    inheritLabel: string,
    parse: (v: string) => OverrideDraft[K],
  ) => (
    <div key={f} className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_auto_auto] sm:items-center">
      <label htmlFor={`${titleId}-${f}`} className="text-sm text-slate-800">
        {label}
      </label>
      <select
        id={`${titleId}-${f}`}
        value={draft[f] === null ? "inherit" : String(draft[f])}
        onChange={(e) => setDraft({ ...draft, [f]: e.target.value === "inherit" ? null : parse(e.target.value) })}
        className={`${field.input} mt-0`}
      >
        <option value="inherit">{t.admin.settings.inherit(inheritLabel)}</option>
        <OptionList options={options} />
      </select>
      <span />
    </div>
  );
  const onOff = [
    { value: "true", label: t.admin.settings.on },
    { value: "false", label: t.admin.settings.off },
  ];
  const switchRows = [
    ["groupOwnersMayRecall", t.admin.settings.groupOwners],
    ["groupAdminsMayRecall", t.admin.settings.groupAdmins],
  ] as const;
  const modeRows = [
    ["contentPolicy", t.admin.settings.policy, ["retain", "erase"]],
    ["noticeMode", t.admin.settings.notice, ["tip", "silent"]],
  ] as const;

  return (
    <section aria-labelledby={titleId} className="rounded-lg border border-blue-200 bg-blue-50/40 p-4">
      <h3 id={titleId} className="mb-3 text-sm font-semibold text-slate-900">
        {t.admin.settings.editFor(conversation.label)}
      </h3>
      <form
        noValidate
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(true);
          if (windowFields.some((f) => check(f)?.ok === false)) return;
          const valueOf = (f: WindowField) => {
            const r = check(f);
            return r?.ok ? r.value : null;
          };
          save.mutate({
            conversationId: conversation.id,
            values: {
              recallWindowSeconds: valueOf("recallWindowSeconds"),
              reeditWindowSeconds: valueOf("reeditWindowSeconds"),
              editWindowSeconds: valueOf("editWindowSeconds"),
              // A direct conversation has no owners or admins: those rules do not apply to it.
              groupOwnersMayRecall: direct ? null : draft.groupOwnersMayRecall,
              groupAdminsMayRecall: direct ? null : draft.groupAdminsMayRecall,
              contentPolicy: draft.contentPolicy,
              noticeMode: draft.noticeMode,
            },
          });
        }}
      >
        {(
          [
            ["recallWindowSeconds", t.admin.settings.window],
            ["editWindowSeconds", t.admin.settings.editWindow],
            ["reeditWindowSeconds", t.admin.settings.reedit],
          ] as const
        ).map(([f, label]) => numberRow(f, label, global[f]))}
        {direct ? (
          <p className="text-sm text-slate-600">{t.admin.settings.directNote}</p>
        ) : (
          switchRows.map(([f, label]) => choiceRow(f, label, onOff, yesNo(global[f]), (v) => v === "true"))
        )}
        {modeRows.map(([f, label, values]) =>
          choiceRow(
            f,
            label,
            values.map((v) => ({ value: v, label: t.admin.settings[v] })),
            t.admin.settings.short[global[f]],
            (v) => v as OverrideDraft[typeof f],
          ),
        )}
        {save.isError ? <Notice tone="error">{errorText(save.error)}</Notice> : null}
        <div className="flex flex-wrap gap-2 pt-2">
          <button type="submit" className={button.primary} disabled={save.isPending}>
            {save.isPending ? t.admin.common.saving : t.admin.settings.saveOverride}
          </button>
          <button type="button" className={button.secondary} onClick={onCancel}>
            {t.admin.common.cancel}
          </button>
        </div>
      </form>
    </section>
  );
}
