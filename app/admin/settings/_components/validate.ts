/**
 * Client-side checks of the numeric recall settings, the same limits (and, in English, the same
 * sentences) as the server's zod schema in server/recall/settings.ts; validate.test.ts keeps
 * them in step. The server checks again on save.
 */
export const numberLimits = {
  recallWindowSeconds: {
    min: 0,
    max: 604_800,
    errors: { required: "windowRequired", whole: "windowWhole", min: "windowMin", max: "windowMax" },
  },
  retentionDays: {
    min: 1,
    max: 3650,
    errors: { required: "retentionRequired", whole: "retentionWhole", min: "retentionMin", max: "retentionMax" },
  },
  reeditWindowSeconds: {
    min: 0,
    max: 3600,
    errors: { required: "reeditRequired", whole: "reeditWhole", min: "reeditMin", max: "reeditMax" },
  },
  editWindowSeconds: {
    min: 0,
    max: 604_800,
    errors: { required: "editRequired", whole: "editWhole", min: "editMin", max: "editMax" },
  },
} as const;

export type NumberField = keyof typeof numberLimits;
export type SettingsError =
  (typeof numberLimits)[NumberField]["errors"][keyof (typeof numberLimits)[NumberField]["errors"]];

export function checkNumber(
  field: NumberField,
  raw: string,
): { ok: true; value: number } | { ok: false; error: SettingsError } {
  const { min, max, errors } = numberLimits[field];
  const text = raw.trim();
  const value = Number(text);
  if (text === "" || !Number.isFinite(value)) return { ok: false, error: errors.required };
  if (!Number.isInteger(value)) return { ok: false, error: errors.whole };
  if (value < min) return { ok: false, error: errors.min };
  if (value > max) return { ok: false, error: errors.max };
  return { ok: true, value };
}
