import { type MessageView } from "~/server/realtime/events";

interface ListLike {
  items: { id: string; preview: MessageView | null }[];
}

/**
 * A recall reaching the list before its refetch does: the preview that showed the message turns
 * into the tip at once, so recalled text does not linger in the list. Same object when unchanged.
 */
export function patchPreview<T extends ListLike>(list: T | undefined, message: MessageView): T | undefined {
  if (!list) return list;
  let changed = false;
  const items = list.items.map((item) => {
    const p = item.preview;
    if (item.id !== message.conversationId || !p || p.id !== message.id || p.version >= message.version) return item;
    changed = true;
    return { ...item, preview: message };
  });
  return changed ? { ...list, items } : list;
}

interface ListWithOrder {
  items: { id: string; preview: MessageView | null; lastSeq: number; lastMessageAt: Date }[];
}

/**
 * A new message reaching the list before its refetch does: it becomes the conversation's preview
 * and moves the conversation to the top at once (a burst used to leave a new group at "No
 * messages yet" until some later refetch). Only a message past the list's `lastSeq` counts: one
 * the list already knows (its answer came after the message) changes nothing, so a late or
 * repeated event can never undo a fresher answer. The unread count is left to the server's answer
 * (the refetch that follows), so an event and a refetch can never count one message twice.
 * Same object when unchanged.
 */
export function patchNewMessage<T extends ListWithOrder>(list: T | undefined, message: MessageView): T | undefined {
  if (!list) return list;
  const index = list.items.findIndex((item) => item.id === message.conversationId);
  const item = list.items[index];
  if (!item || message.seq <= item.lastSeq) return list;
  const lastMessageAt = message.createdAt > item.lastMessageAt ? message.createdAt : item.lastMessageAt;
  const updated = { ...item, preview: message, lastSeq: message.seq, lastMessageAt };
  // The server orders by last message time, newest first (ties by id, descending).
  const rest = list.items.filter((_, i) => i !== index);
  let at = rest.findIndex(
    (other) =>
      other.lastMessageAt < lastMessageAt ||
      (other.lastMessageAt.getTime() === lastMessageAt.getTime() && other.id < updated.id),
  );
  if (at < 0) at = rest.length;
  return { ...list, items: [...rest.slice(0, at), updated, ...rest.slice(at)] };
}
