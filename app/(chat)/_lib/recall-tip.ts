import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type MessageView } from "~/server/realtime/events";

type Recalled = Pick<MessageView, "sender"> & { recall: NonNullable<MessageView["recall"]> };

/**
 * The one line a recalled message turns into, from the viewer's point of view. A system admin
 * removing someone else's message is anonymous to members ("removed by an admin"); everyone else
 * is named, and a moderator recalling someone else's message names both.
 */
export function recallTip(t: Dictionary, message: Recalled, meId: string, count = 1): string {
  const { recall, sender } = message;
  const byMe = recall.by.id === meId;
  const bySender = recall.by.id === sender.id;
  const many = t.recall.many;
  const one = count === 1;
  let text: string;
  if (byMe) {
    if (bySender) text = one ? t.recall.you : many.you(count);
    else text = one ? t.recall.youFrom(sender.name) : many.youFrom(count, sender.name);
  } else if (recall.kind === "system_admin" && !bySender) text = one ? t.recall.admin : many.admin(count);
  else if (bySender) text = one ? t.recall.by(sender.name) : many.by(count, sender.name);
  else if (sender.id === meId) text = one ? t.recall.byFromYou(recall.by.name) : many.byFromYou(count, recall.by.name);
  else text = one ? t.recall.byFrom(recall.by.name, sender.name) : many.byFrom(count, recall.by.name, sender.name);
  return recall.reason ? `${text}${t.recall.reason(recall.reason)}` : text;
}
