import type { AuditAction } from "~/db/schema";
import { isStorableDate } from "~/server/routers/inputs";
import { isUuid } from "~/server/ids";

/**
 * The audit log filter as URL search params, shared by the audit page (its shareable URL and the
 * "Export CSV" link) and the CSV route, so an export is exactly the list on screen. Pure: the
 * browser imports it too.
 */
export const auditActions = [
  "recall",
  "restore",
  "purge",
  "view_original",
  "bulk_recall",
  "settings_change",
  "review",
  "user_create",
  "user_role_change",
  "user_disable",
  "user_enable",
  "view_edits",
  "view_report",
  "report_resolve",
  "view_attachment",
] as const;
// Fails to compile when the database enum gains or loses an action.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _everyAction: Same<(typeof auditActions)[number], AuditAction> = true;
void _everyAction;

export interface AuditFilter {
  actorId?: string;
  action?: AuditAction;
  /** Matches the target message, conversation or user. */
  targetId?: string;
  from?: Date;
  to?: Date;
}

export function auditFilterToParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.actorId) params.set("actor", filter.actorId);
  if (filter.action) params.set("action", filter.action);
  if (filter.targetId) params.set("target", filter.targetId);
  if (filter.from) params.set("from", filter.from.toISOString());
  if (filter.to) params.set("to", filter.to.toISOString());
  return params;
}

export type ParsedAuditFilter = { ok: true; filter: AuditFilter } | { ok: false; message: string };

/** Unknown params are ignored; a malformed known one is an error a person can act on. */
export function auditFilterFromParams(params: URLSearchParams): ParsedAuditFilter {
  const filter: AuditFilter = {};
  const actor = params.get("actor");
  if (actor) {
    if (!isUuid(actor)) return { ok: false, message: "actor must be a valid id." };
    filter.actorId = actor;
  }
  const action = params.get("action");
  if (action) {
    if (!(auditActions as readonly string[]).includes(action))
      return { ok: false, message: `action must be one of: ${auditActions.join(", ")}.` };
    filter.action = action as AuditAction;
  }
  const target = params.get("target");
  if (target) {
    if (!isUuid(target)) return { ok: false, message: "target must be a valid id." };
    filter.targetId = target;
  }
  for (const key of ["from", "to"] as const) {
    const value = params.get(key);
    if (!value) continue;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return { ok: false, message: `${key} must be a date and time (ISO 8601).` };
    if (!isStorableDate(date)) return { ok: false, message: `${key} must be a date between the years 1970 and 9999.` };
    filter[key] = date;
  }
  if (filter.from && filter.to && filter.from > filter.to)
    return { ok: false, message: "The start of the time range must be before its end." };
  return { ok: true, filter };
}
