"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useT } from "~/app/_i18n/provider";
import { useTRPC } from "~/app/_trpc/client";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { EntityPicker, type PickedEntity } from "../../_components/entity-picker";
import { RowAction } from "../../_components/row-action";
import { SimpleTable } from "../../_components/simple-table";
import { Card, Notice, useErrorText } from "../../_components/ui";
import { OverrideEditor } from "./override-editor";
import { type Global, type OverrideRow } from "./settings-types";

export function Overrides({ global, overrides }: { global: Global; overrides: OverrideRow[] }) {
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
      o.editWindowSeconds !== null ? `${t.admin.settings.editWindow}: ${o.editWindowSeconds}` : null,
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
        <SimpleTable
          frameClassName="relative mb-5 overflow-x-auto"
          className="w-full min-w-[36rem] text-left text-sm"
          caption={t.admin.settings.overrides}
          headClassName="border-b border-slate-200 text-xs text-slate-600"
          columnClassName="px-3 py-2 font-semibold"
          columns={[
            t.admin.settings.columns.conversation,
            t.admin.settings.columns.values,
            t.admin.settings.columns.actions,
          ]}
          bodyClassName="divide-y divide-slate-100"
        >
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
                    <RowAction
                      label={t.admin.settings.edit}
                      subject={o.label}
                      onClick={() => setEditing({ id: o.override.conversationId, label: o.label, kind: o.kind })}
                    />
                    <RowAction
                      label={t.admin.settings.clearOverride}
                      subject={o.label}
                      onClick={() => setClearing({ id: o.override.conversationId, label: o.label })}
                    />
                  </div>
                </td>
              </tr>
            );
          })}
        </SimpleTable>
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
