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
