import { type Dictionary } from "~/app/_i18n/dictionaries";
import { parseSystemLine } from "~/server/chat/system-line";
import { type MessageView } from "~/server/realtime/events";

/**
 * A system message worded for this reader: "You made Carol an admin", "Alice made you an admin".
 * A line this version cannot read still shows something neutral rather than raw data.
 */
export function systemLineText(t: Dictionary, message: Pick<MessageView, "sender" | "body">, meId: string): string {
  const line = parseSystemLine(message.body);
  if (!line) return t.system.unknown;
  const actor = message.sender.id === meId ? t.system.you : message.sender.name;
  const target = line.target.id === meId ? t.system.youObject : line.target.name;
  if (line.to === "admin") return t.system.madeAdmin(actor, target);
  if (line.to === "owner") return t.system.madeOwner(actor, target);
  return line.from === "owner" ? t.system.removedOwner(actor, target) : t.system.removedAdmin(actor, target);
}
