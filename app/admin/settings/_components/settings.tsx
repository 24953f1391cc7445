"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type inferRouterOutputs } from "@trpc/server";
import { useId, useState } from "react";
import { button, field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { type AppRouter } from "~/server/root";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { EntityPicker, type PickedEntity } from "../../_components/entity-picker";
import { Card, Loading, LoadError, Notice, PageHeader, useErrorText } from "../../_components/ui";
import { checkNumber, type NumberField } from "./validate";

type SettingsData = inferRouterOutputs<AppRouter>["admin"]["settings"]["get"];
type Global = SettingsData["global"];
type OverrideRow = SettingsData["overrides"][number];
type Policy = Global["contentPolicy"];
type Notice_ = Global["noticeMode"];

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

function NumberInput({
  label,
  hint,
  value,
  onChange,
  error,
  name,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  error: string | null;
  name: string;
}) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={field.label}>
        {label}
      </label>
      <input
        id={id}
        name={name}
        type="number"
        inputMode="numeric"
        step={1}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error) || undefined}
        aria-describedby={`${id}-help`}
        className={`${field.input} max-w-[12rem]`}
      />
      <p id={`${id}-help`} className={error ? field.error : field.hint}>
        {error ?? hint}
      </p>
    </div>
  );
}

function GlobalForm({
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

  const numbers = (["recallWindowSeconds", "retentionDays", "reeditWindowSeconds"] as const).map(
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
        <div className="grid gap-5 md:grid-cols-3">
          <NumberInput
            name="recallWindowSeconds"
            label={t.admin.settings.window}
            hint={t.admin.settings.windowHint}
            value={draft.recallWindowSeconds}
            onChange={(v) => setDraft({ ...draft, recallWindowSeconds: v })}
            error={errorOf("recallWindowSeconds")}
          />
          <NumberInput
            name="reeditWindowSeconds"
            label={t.admin.settings.reedit}
            hint={t.admin.settings.reeditHint}
            value={draft.reeditWindowSeconds}
            onChange={(v) => setDraft({ ...draft, reeditWindowSeconds: v })}
            error={errorOf("reeditWindowSeconds")}
          />
          <NumberInput
            name="retentionDays"
            label={t.admin.settings.retention}
            hint={t.admin.settings.retentionHint}
            value={draft.retentionDays}
            onChange={(v) => setDraft({ ...draft, retentionDays: v })}
            error={errorOf("retentionDays")}
          />
        </div>
        <div className="space-y-2">
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={draft.groupOwnersMayRecall}
              onChange={(e) => setDraft({ ...draft, groupOwnersMayRecall: e.target.checked })}
            />
            {t.admin.settings.groupOwners}
          </label>
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="mt-0.5"
              checked={draft.groupAdminsMayRecall}
              onChange={(e) => setDraft({ ...draft, groupAdminsMayRecall: e.target.checked })}
            />
            {t.admin.settings.groupAdmins}
          </label>
        </div>
        <div className="grid gap-5 md:grid-cols-2">
          <fieldset>
            <legend className={field.label}>{t.admin.settings.policy}</legend>
            <div className="mt-2 space-y-1.5 text-sm">
              {(["retain", "erase"] as const).map((p) => (
                <label key={p} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name={ids.policy}
                    checked={draft.contentPolicy === p}
                    onChange={() => setDraft({ ...draft, contentPolicy: p })}
                  />
                  {t.admin.settings[p]}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend className={field.label}>{t.admin.settings.notice}</legend>
            <div className="mt-2 space-y-1.5 text-sm">
              {(["tip", "silent"] as const).map((n) => (
                <label key={n} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name={ids.notice}
                    checked={draft.noticeMode === n}
                    onChange={() => setDraft({ ...draft, noticeMode: n })}
                  />
                  {t.admin.settings[n]}
                </label>
              ))}
            </div>
          </fieldset>
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

interface OverrideDraft {
  recallWindowSeconds: string | null;
  reeditWindowSeconds: string | null;
  groupOwnersMayRecall: boolean | null;
  groupAdminsMayRecall: boolean | null;
  contentPolicy: Policy | null;
  noticeMode: Notice_ | null;
}

function Overrides({ global, overrides }: { global: Global; overrides: OverrideRow[] }) {
  const t = useT();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const ids = { title: useId() };
  const [editing, setEditing] = useState<PickedEntity | null>(null);
  const [clearing, setClearing] = useState<{ id: string; label: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const clear = useMutation(
    trpc.admin.settings.clearOverride.mutationOptions({
      onSuccess: () => {
        setClearing(null);
        setEditing(null);
        setMessage(t.admin.settings.overrideCleared);
        void queryClient.invalidateQueries(trpc.admin.pathFilter());
      },
    }),
  );

  const yesNo = (v: boolean) => (v ? t.admin.settings.on : t.admin.settings.off);
  const summary = (o: OverrideRow["override"]) =>
    [
      o.recallWindowSeconds !== null ? `${t.admin.settings.window}: ${o.recallWindowSeconds}` : null,
      o.reeditWindowSeconds !== null ? `${t.admin.settings.reedit}: ${o.reeditWindowSeconds}` : null,
      o.groupOwnersMayRecall !== null ? `${t.admin.settings.groupOwners}: ${yesNo(o.groupOwnersMayRecall)}` : null,
      o.groupAdminsMayRecall !== null ? `${t.admin.settings.groupAdmins}: ${yesNo(o.groupAdminsMayRecall)}` : null,
      o.contentPolicy !== null ? `${t.admin.settings.policy}: ${t.admin.settings[o.contentPolicy]}` : null,
      o.noticeMode !== null ? `${t.admin.settings.notice}: ${t.admin.settings[o.noticeMode]}` : null,
    ].filter((x): x is string => x !== null);

  const current = editing ? overrides.find((o) => o.override.conversationId === editing.id)?.override : undefined;

  return (
    <Card title={t.admin.settings.overrides} titleId={ids.title}>
      <p className="-mt-1 mb-4 text-sm text-slate-600">{t.admin.settings.overridesIntro}</p>
      <div aria-live="polite" className="mb-3">
        {message ? <Notice>{message}</Notice> : null}
      </div>
      {overrides.length === 0 ? (
        <p className="mb-4 text-sm text-slate-600">{t.admin.settings.noOverrides}</p>
      ) : (
        <div className="relative mb-5 overflow-x-auto">
          <table className="w-full min-w-[36rem] text-left text-sm">
            <caption className="sr-only">{t.admin.settings.overrides}</caption>
            <thead className="border-b border-slate-200 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-semibold">
                  {t.admin.settings.columns.conversation}
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  {t.admin.settings.columns.values}
                </th>
                <th scope="col" className="px-3 py-2 font-semibold">
                  {t.admin.settings.columns.actions}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {overrides.map((o) => {
                const lines = summary(o.override);
                return (
                  <tr key={o.override.conversationId} className="align-top">
                    <th scope="row" className="px-3 py-2 font-medium text-slate-900">
                      {o.label}
                    </th>
                    <td className="px-3 py-2 text-slate-700">
                      {lines.length === 0 ? (
                        t.admin.common.none
                      ) : (
                        <ul className="space-y-0.5">
                          {lines.map((l) => (
                            <li key={l}>{l}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <div className="flex gap-2">
                        <button
                          type="button"
                          className={button.ghost}
                          onClick={() => setEditing({ id: o.override.conversationId, label: o.label, kind: o.kind })}
                          aria-label={`${t.admin.settings.edit}: ${o.label}`}
                        >
                          {t.admin.settings.edit}
                        </button>
                        <button
                          type="button"
                          className={button.ghost}
                          onClick={() => setClearing({ id: o.override.conversationId, label: o.label })}
                          aria-label={`${t.admin.settings.clearOverride}: ${o.label}`}
                        >
                          {t.admin.settings.clearOverride}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {editing ? (
        <OverrideEditor
          key={editing.id}
          conversation={editing}
          global={global}
          current={current}
          onDone={(text) => {
            setEditing(null);
            setMessage(text);
          }}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <div className="max-w-md">
          <EntityPicker
            kind="conversation"
            label={t.admin.settings.findConversation}
            value={null}
            onChange={(v) => {
              setMessage(null);
              if (v) setEditing(v);
            }}
          />
        </div>
      )}

      {clearing ? (
        <ConfirmDialog
          title={t.admin.settings.clearTitle(clearing.label)}
          body={t.admin.settings.clearBody}
          confirmLabel={t.admin.settings.clearOverride}
          busyLabel={t.admin.common.saving}
          busy={clear.isPending}
          error={clear.isError ? errorText(clear.error) : null}
          onConfirm={() => clear.mutate({ conversationId: clearing.id })}
          onClose={() => {
            setClearing(null);
            clear.reset();
          }}
        />
      ) : null}
    </Card>
  );
}

function OverrideEditor({
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
  const check = (f: "recallWindowSeconds" | "reeditWindowSeconds") =>
    draft[f] === null ? null : checkNumber(f, draft[f]);
  const numberError = (f: "recallWindowSeconds" | "reeditWindowSeconds") => {
    const r = check(f);
    return submitted && r && !r.ok ? t.admin.settings.errors[r.error] : null;
  };

  const numberRow = (f: "recallWindowSeconds" | "reeditWindowSeconds", label: string, globalValue: number) => {
    const error = numberError(f);
    const id = `${titleId}-${f}`;
    return (
      <div className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_auto_auto] sm:items-start">
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
    <div className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_auto_auto] sm:items-center">
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
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <span />
    </div>
  );
  const onOff = [
    { value: "true", label: t.admin.settings.on },
    { value: "false", label: t.admin.settings.off },
  ];

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
          const w = check("recallWindowSeconds");
          const r = check("reeditWindowSeconds");
          if ((w && !w.ok) || (r && !r.ok)) return;
          save.mutate({
            conversationId: conversation.id,
            values: {
              recallWindowSeconds: w && w.ok ? w.value : null,
              reeditWindowSeconds: r && r.ok ? r.value : null,
              // A direct conversation has no owners or admins: those rules do not apply to it.
              groupOwnersMayRecall: direct ? null : draft.groupOwnersMayRecall,
              groupAdminsMayRecall: direct ? null : draft.groupAdminsMayRecall,
              contentPolicy: draft.contentPolicy,
              noticeMode: draft.noticeMode,
            },
          });
        }}
      >
        {numberRow("recallWindowSeconds", t.admin.settings.window, global.recallWindowSeconds)}
        {numberRow("reeditWindowSeconds", t.admin.settings.reedit, global.reeditWindowSeconds)}
        {direct ? (
          <p className="text-sm text-slate-600">{t.admin.settings.directNote}</p>
        ) : (
          <>
            {choiceRow(
              "groupOwnersMayRecall",
              t.admin.settings.groupOwners,
              onOff,
              yesNo(global.groupOwnersMayRecall),
              (v) => v === "true",
            )}
            {choiceRow(
              "groupAdminsMayRecall",
              t.admin.settings.groupAdmins,
              onOff,
              yesNo(global.groupAdminsMayRecall),
              (v) => v === "true",
            )}
          </>
        )}
        {choiceRow(
          "contentPolicy",
          t.admin.settings.policy,
          [
            { value: "retain", label: t.admin.settings.retain },
            { value: "erase", label: t.admin.settings.erase },
          ],
          t.admin.settings.short[global.contentPolicy],
          (v) => v as Policy,
        )}
        {choiceRow(
          "noticeMode",
          t.admin.settings.notice,
          [
            { value: "tip", label: t.admin.settings.tip },
            { value: "silent", label: t.admin.settings.silent },
          ],
          t.admin.settings.short[global.noticeMode],
          (v) => v as Notice_,
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
