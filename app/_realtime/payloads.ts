import { type MessageChange, type MessageEventPayload, type MessageView } from "~/server/realtime/events";

/**
 * Realtime payloads travel as plain JSON (tRPC answers go through superjson), so the dates in a
 * message view arrive as ISO strings; this turns them back into Dates so cached views from both
 * paths look the same. Anything malformed yields null, which the caller treats like a missing
 * payload: fetch the change by version instead.
 */
export function reviveMessagePayload(raw: unknown): MessageEventPayload | null {
  if (!raw || typeof raw !== "object") return null;
  const p = raw as { conversationId?: unknown; version?: unknown; message?: unknown };
  if (typeof p.conversationId !== "string" || typeof p.version !== "number") return null;
  return { conversationId: p.conversationId, version: p.version, message: reviveChange(p.message) };
}

export function reviveChange(raw: unknown): MessageChange | null {
  if (!raw || typeof raw !== "object") return null;
  const m = raw as Record<string, unknown>;
  if (
    typeof m.id !== "string" ||
    typeof m.conversationId !== "string" ||
    typeof m.version !== "number" ||
    typeof m.seq !== "number"
  ) {
    return null;
  }
  if (m.removed === true)
    return { removed: true, id: m.id, conversationId: m.conversationId, seq: m.seq, version: m.version };
  const view = m as unknown as MessageView;
  const createdAt = toDate(m.createdAt);
  if (!createdAt || !view.sender) return null;
  const recall = view.recall ? { ...view.recall, at: toDate(view.recall.at) ?? createdAt } : null;
  const edited = view.edited ? { ...view.edited, at: toDate(view.edited.at) ?? createdAt } : null;
  // A payload from a server that predates attachments has none; a recalled message never carries any.
  const attachments = Array.isArray(m.attachments) && !recall ? view.attachments : [];
  return { ...view, createdAt, recall, edited, attachments };
}

function toDate(v: unknown): Date | null {
  if (v instanceof Date) return v;
  if (typeof v !== "string" && typeof v !== "number") return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function conversationIdOf(raw: unknown): string | null {
  if (!raw || typeof raw !== "object") return null;
  const id = (raw as { conversationId?: unknown }).conversationId;
  return typeof id === "string" ? id : null;
}
