"use client";

import { type ComponentProps, useId } from "react";
import { field } from "~/app/_components/styles";
import { useT } from "~/app/_i18n/provider";
import { EntityPicker } from "../../_components/entity-picker";
import { LabelledField } from "../../_components/labelled-field";
import { TimeRangeFields } from "../../_components/time-range-fields";

export interface BulkForm {
  user: { id: string; label: string } | null;
  scope: "all" | "one";
  conversation: { id: string; label: string } | null;
  from?: Date;
  to?: Date;
  reason: string;
}

export type BulkErrors = Record<"user" | "conversation" | "range" | "reason", string | null>;

/**
 * What to recall: whose messages, where, when, and why. The pickers' errors wait for the first
 * preview (`touched`); the range and reason errors show as soon as they are wrong.
 */
export function BulkFields({
  form,
  change,
  errors,
  touched,
}: {
  form: BulkForm;
  change: (patch: Partial<BulkForm>) => void;
  errors: BulkErrors;
  touched: boolean;
}) {
  const t = useT();
  const ids = { range: useId(), scope: useId() };
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <CheckedPicker
        kind="user"
        label={t.admin.bulk.user}
        value={form.user?.id ?? null}
        onChange={(user) => change({ user, conversation: null })}
        error={touched ? errors.user : null}
      />
      <fieldset>
        <legend className={field.label}>{t.admin.bulk.where}</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          {(
            [
              ["one", t.admin.bulk.oneConversation, { scope: "one" }],
              ["all", t.admin.bulk.everywhere, { scope: "all", conversation: null }],
            ] as const
          ).map(([scope, label, patch]) => (
            <label key={scope} className="inline-flex items-center gap-2">
              <input type="radio" name={ids.scope} checked={form.scope === scope} onChange={() => change(patch)} />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {form.scope === "one" ? (
        <CheckedPicker
          className="md:col-span-2"
          kind="conversation"
          label={t.admin.bulk.conversation}
          value={form.conversation?.id ?? null}
          memberId={form.user?.id}
          onChange={(conversation) => change({ conversation })}
          error={touched ? errors.conversation : null}
        />
      ) : null}
      <TimeRangeFields
        from={form.from}
        to={form.to}
        fromLabel={t.admin.bulk.from}
        toLabel={t.admin.bulk.to}
        errorId={errors.range ? ids.range : undefined}
        onChange={change}
      />
      {errors.range ? (
        <p id={ids.range} role="alert" className={`${field.error} md:col-span-2`}>
          {errors.range}
        </p>
      ) : null}
      <LabelledField label={t.admin.bulk.reason} className="md:col-span-2">
        {(id) => (
          <>
            <input
              id={id}
              type="text"
              value={form.reason}
              onChange={(e) => change({ reason: e.target.value })}
              aria-invalid={Boolean(errors.reason) || undefined}
              aria-describedby={errors.reason ? `${id}-error` : undefined}
              className={field.input}
            />
            {errors.reason ? (
              <p id={`${id}-error`} role="alert" className={field.error}>
                {errors.reason}
              </p>
            ) : null}
          </>
        )}
      </LabelledField>
    </div>
  );
}

/** A picker with its error under it, marked invalid and described by it while there is one. */
function CheckedPicker({
  className,
  error,
  ...picker
}: Omit<ComponentProps<typeof EntityPicker>, "invalid" | "describedBy"> & {
  className?: string;
  error: string | null;
}) {
  const errorId = useId();
  return (
    <div className={className}>
      <EntityPicker {...picker} invalid={Boolean(error)} describedBy={error ? errorId : undefined} />
      {error ? (
        <p id={errorId} className={field.error}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
