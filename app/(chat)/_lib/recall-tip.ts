import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type MessageView } from "~/server/realtime/events";

type Recalled = Pick<MessageView, "sender"> & { recall: NonNullable<MessageView["recall"]> };

/**
 * The one line a recalled message turns into, from the viewer's point of view. A system admin
 * removing someone else's message is anonymous to members ("removed by an admin"); everyone else
 * is named, and a moderator recalling someone else's message names both.
 */
export function recallTip(t: Dictionary, message: Recalled, meId: string): string {
  const { recall, sender } = message;
  const byMe = recall.by.id === meId;
  const bySender = recall.by.id === sender.id;
  let text: string;
  if (byMe) text = bySender ? t.recall.you : t.recall.youFrom(sender.name);
  else if (recall.kind === "system_admin" && !bySender) text = t.recall.admin;
  else if (bySender) text = t.recall.by(sender.name);
  else if (sender.id === meId) text = t.recall.byFromYou(recall.by.name);
  else text = t.recall.byFrom(recall.by.name, sender.name);
  return recall.reason ? `${text}${t.recall.reason(recall.reason)}` : text;
}
