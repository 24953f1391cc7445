import { type AttachmentView } from "~/server/attachments/view";
import { type MessageChange, type MessageView } from "~/server/realtime/events";

/**
 * One conversation's messages as this tab knows them, kept in the TanStack Query cache.
 * Every function here is pure and returns the SAME object when nothing changed, so React
 * components re-render only for real changes.
 *
 * Convergence rules (see DESIGN.md "Convergence"):
 * - a message is identified by id and only ever replaced by a view with a higher-or-equal
 *   version, so duplicated or out-of-order deliveries are harmless;
 * - `version` is the highest conversation version up to which this tab has seen EVERY change;
 *   it only advances on a contiguous realtime event or a `sync.changes` answer.
 */
export interface PendingMessage {
  clientMsgId: string;
  senderId: string;
  senderName: string;
  body: string;
  replyTo: MessageView["replyTo"];
  /** Uploaded already; a retry sends the same ids, so it claims the same files. */
  attachments: AttachmentView[];
  status: "sending" | "failed";
  /** Local clock, for display only. */
  createdAt: Date;
}

export interface Timeline {
  conversationId: string;
  /** Server messages, ascending by seq. */
  messages: MessageView[];
  /** Silently recalled ids → the version that removed them, so an older copy never comes back. */
  removed: Record<string, number>;
  /** Optimistic sends not yet confirmed, in send order; shown after `messages`. */
  pending: PendingMessage[];
  version: number;
  hasMoreBefore: boolean;
}

export interface HistoryPage {
  messages: MessageView[];
  hasMore: boolean;
  version: number;
}

export interface ChangesPage {
  changes: MessageChange[];
  version: number;
  hasMore: boolean;
}

export function isRemoved(change: MessageChange): change is Extract<MessageChange, { removed: true }> {
  return "removed" in change && change.removed === true;
}

export function timelineFromHistory(conversationId: string, page: HistoryPage): Timeline {
  const base: Timeline = {
    conversationId,
    messages: [],
    removed: {},
    pending: [],
    version: page.version,
    hasMoreBefore: page.hasMore,
  };
  return applyChanges(base, page.messages);
}

/** Applies message views and silent removals by id and version; drops confirmed pending sends. */
export function applyChanges(t: Timeline, changes: readonly MessageChange[]): Timeline {
  let messages = t.messages;
  let removed = t.removed;
  let pending = t.pending;
  for (const change of changes) {
    if (change.conversationId !== t.conversationId) continue;
    const index = indexById(messages, change.id);
    const current = index >= 0 ? messages[index]! : undefined;
    if (isRemoved(change)) {
      if ((removed[change.id] ?? -1) >= change.version) continue;
      // A newer view, or the sender's own tip of this very change, outranks a silent recall's
      // removal; the reader's own hide outranks any view up to its version.
      if (current && (change.hidden ? current.version > change.version : !removedBefore(change.version, current)))
        continue;
      removed = { ...removed, [change.id]: change.version };
      if (index >= 0) messages = without(messages, index);
      continue;
    }
    if (removedBefore(removed[change.id], change)) continue;
    if (current && current.version >= change.version) continue;
    if (removed[change.id] !== undefined) {
      // Restored after a silent recall: the newer view wins.
      const { [change.id]: _gone, ...rest } = removed;
      removed = rest;
    }
    messages = index >= 0 ? replaceAt(messages, index, change) : insertBySeq(messages, change);
    const echo = pending.findIndex((p) => p.clientMsgId === change.clientMsgId && p.senderId === change.sender.id);
    if (echo >= 0) pending = without(pending, echo);
  }
  if (messages === t.messages && removed === t.removed && pending === t.pending) return t;
  return { ...t, messages, removed, pending };
}

/** A `sync.changes` answer: everything up to `page.version` has now been seen. */
export function applySync(t: Timeline, page: ChangesPage): Timeline {
  const next = applyChanges(t, page.changes);
  if (page.version <= next.version) return next;
  return { ...next, version: page.version };
}

/** An older history page (the `before` cursor): merged by id; does not move the version. */
export function mergeOlder(t: Timeline, page: Pick<HistoryPage, "messages" | "hasMore">): Timeline {
  const next = applyChanges(t, page.messages);
  if (next.hasMoreBefore === page.hasMore) return next;
  return { ...next, hasMoreBefore: page.hasMore };
}

/**
 * A fresh newest page replacing a cached timeline (e.g. a refetch): keeps what the cache knew
 * (older pages, pending sends). The version stays the lower of the two, because only the
 * lower one is known to be contiguous for the merged set; the next sync fills any hole.
 */
export function mergeLatest(old: Timeline, fresh: Timeline): Timeline {
  const merged = applyChanges({ ...old, removed: { ...old.removed, ...fresh.removed } }, fresh.messages);
  return { ...merged, version: Math.min(old.version, fresh.version) };
}

export type EventDecision = "apply" | "stale" | "gap";

/**
 * Where a realtime event stands relative to the last contiguous version: the next one is
 * applied; an older one changes nothing; anything that skips versions (or carries no message,
 * because it was too large to send) means changes were missed and must be fetched.
 */
export function classifyEvent(lastVersion: number, eventVersion: number, hasMessage: boolean): EventDecision {
  if (eventVersion <= lastVersion) return "stale";
  if (hasMessage && eventVersion === lastVersion + 1) return "apply";
  return "gap";
}

/**
 * A conversation event is the same for every member, so it cannot know what this reader deleted
 * for themselves. A change to an existing message (`message.edited`, `.recalled`, `.restored`)
 * that this timeline does not show — removed here (silently recalled or hidden), or never loaded —
 * is therefore not inserted from the event: the change feed, which answers for this reader,
 * decides whether it belongs here. Only a new message is added from an event, unless this
 * timeline already removed it.
 */
function leftToFeed(t: Timeline, change: MessageChange, isNew: boolean): boolean {
  if (isRemoved(change) || indexById(t.messages, change.id) >= 0) return false;
  return !isNew || t.removed[change.id] !== undefined;
}

/** `name` is the event's name; without one the event is taken as a new message. */
export function applyEvent(
  t: Timeline,
  event: { version: number; message: MessageChange | null },
  name = "message.created",
): { timeline: Timeline; needsSync: boolean } {
  if (event.message && leftToFeed(t, event.message, name === "message.created"))
    return { timeline: t, needsSync: classifyEvent(t.version, event.version, false) === "gap" };
  const decision = classifyEvent(t.version, event.version, event.message !== null);
  // Even a gapped event's message is safe to show now: it is keyed by id and version.
  let timeline = event.message ? applyChanges(t, [event.message]) : t;
  if (decision === "apply") timeline = { ...timeline, version: event.version };
  return { timeline, needsSync: decision === "gap" };
}

export function addPending(t: Timeline, p: PendingMessage): Timeline {
  if (t.pending.some((x) => x.clientMsgId === p.clientMsgId)) return t;
  return { ...t, pending: [...t.pending, p] };
}

export function setPendingStatus(t: Timeline, clientMsgId: string, status: PendingMessage["status"]): Timeline {
  const i = t.pending.findIndex((p) => p.clientMsgId === clientMsgId);
  if (i < 0 || t.pending[i]!.status === status) return t;
  return { ...t, pending: replaceAt(t.pending, i, { ...t.pending[i]!, status }) };
}

/** Lowest seq loaded: the `before` cursor for older history. */
export function oldestSeq(t: Timeline): number | null {
  return t.messages[0]?.seq ?? null;
}

export function newestSeq(t: Timeline): number {
  return t.messages.at(-1)?.seq ?? 0;
}

/**
 * Whether a silent removal (at `removedAt`) outranks a view of the message, whichever arrives
 * first. An older view never comes back. A view of the SAME version is the sender's own copy of
 * that very recall (the server sends the removal to everyone and the tip to the sender only): the
 * realtime removal often lands before the recall call's own answer, and the tip wins either way.
 */
function removedBefore(removedAt: number | undefined, view: MessageView): boolean {
  if (removedAt === undefined) return false;
  return removedAt > view.version || (removedAt === view.version && view.recall === null);
}

function indexById(list: readonly MessageView[], id: string): number {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.id === id) return i;
  return -1;
}

function insertBySeq(list: MessageView[], m: MessageView): MessageView[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.seq < m.seq) lo = mid + 1;
    else hi = mid;
  }
  return [...list.slice(0, lo), m, ...list.slice(lo)];
}

function replaceAt<T>(list: T[], index: number, item: T): T[] {
  const copy = list.slice();
  copy[index] = item;
  return copy;
}

function without<T>(list: T[], index: number): T[] {
  return [...list.slice(0, index), ...list.slice(index + 1)];
}
