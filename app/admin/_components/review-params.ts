/**
 * The review list's filters as URL search params, so a filtered list can be shared and the
 * overview's numbers can link to exactly the rows they count. Pure; unknown or malformed values
 * are dropped rather than failing the page.
 */
import { actorKinds, type RecordFilter, recordStates } from "~/server/admin/record-kinds";
import { isUuid } from "~/server/ids";

export { actorKinds, recordStates, type ActorKind, type RecordState } from "~/server/admin/record-kinds";

/** The list's filter plus its sort, as kept in the URL. */
export interface ReviewFilter extends Omit<RecordFilter, "messageId"> {
  sort?: "recalledAt" | "sentAt";
  dir?: "asc" | "desc";
}

interface ParamsLike {
  get(name: string): string | null;
}

/** `value` when it is one of `list`, else undefined. */
export const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;
const uuid = (value: string | null) => (value && isUuid(value) ? value : undefined);
const date = (value: string | null) => {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

export function reviewFilterFromParams(params: ParamsLike): ReviewFilter {
  const reason = params.get("reason")?.trim().slice(0, 200);
  const reviewed = params.get("reviewed");
  return {
    conversationId: uuid(params.get("conversation")),
    senderId: uuid(params.get("sender")),
    revokerId: uuid(params.get("revoker")),
    actorKind: oneOf(actorKinds, params.get("kind")),
    reason: reason || undefined,
    from: date(params.get("from")),
    to: date(params.get("to")),
    state: oneOf(recordStates, params.get("state")),
    reviewed: reviewed === "yes" ? true : reviewed === "no" ? false : undefined,
    sort: params.get("sort") === "sent" ? "sentAt" : undefined,
    dir: params.get("dir") === "asc" ? "asc" : undefined,
  };
}

/** Only the non-default values, in a stable order. */
export function reviewFilterToParams(filter: ReviewFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (filter.conversationId) p.set("conversation", filter.conversationId);
  if (filter.senderId) p.set("sender", filter.senderId);
  if (filter.revokerId) p.set("revoker", filter.revokerId);
  if (filter.actorKind) p.set("kind", filter.actorKind);
  if (filter.reason?.trim()) p.set("reason", filter.reason.trim());
  if (filter.from) p.set("from", filter.from.toISOString());
  if (filter.to) p.set("to", filter.to.toISOString());
  if (filter.state) p.set("state", filter.state);
  if (filter.reviewed !== undefined) p.set("reviewed", filter.reviewed ? "yes" : "no");
  if (filter.sort === "sentAt") p.set("sort", "sent");
  if (filter.dir === "asc") p.set("dir", "asc");
  return p;
}

export function reviewHref(filter: ReviewFilter): string {
  const query = reviewFilterToParams(filter).toString();
  return query ? `/admin/recalled?${query}` : "/admin/recalled";
}

/** A local calendar day ("2025-11-03") as [its first, its last millisecond], in this browser's zone. */
export function localDayRange(day: string): { from: Date; to: Date } {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const from = new Date(y, m - 1, d);
  const next = new Date(y, m - 1, d + 1);
  return { from, to: new Date(next.getTime() - 1) };
}

/** <input type="datetime-local"> works in local wall-clock time, minute precision. */
export function toLocalInput(d: Date | undefined): string {
  if (!d) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `end`: the last millisecond of the chosen minute, so "until 10:30" includes 10:30:59. */
export function fromLocalInput(value: string, end = false): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return undefined;
  return end ? new Date(d.getTime() + 59_999) : d;
}
