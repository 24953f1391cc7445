import { type Dictionary } from "~/app/_i18n/dictionaries";
import { type MessageView } from "~/server/realtime/events";
import { windowedLabel } from "./action-window";
import { type EditOption } from "./edit-action";
import { type RecallOption } from "./recall-action";

export type MenuAction = "reply" | "copy" | "edit" | "report" | "hide" | "recall";

/** What the rules offer for one message at one moment (recomputed every second while the menu is open). */
export interface MessageOptions {
  recall: RecallOption;
  edit: EditOption;
  /** Reported from this tab already: the Report item turns into a disabled "Reported". */
  reported: boolean;
}

export interface MenuItem {
  action: MenuAction;
  label: string;
  danger?: boolean;
  disabled?: boolean;
}

/**
 * The items of a message's menu, in order. A recall tip or a system line offers only "Delete for
 * me"; a readable message offers reply and copy, Edit and Recall with their time left on one's own
 * message, Report on someone else's, and "Delete for me" on any.
 */
export function menuItems(
  message: Pick<MessageView, "sender" | "kind" | "body" | "recall">,
  meId: string,
  options: MessageOptions,
  now: number,
  t: Dictionary,
): MenuItem[] {
  const hide: MenuItem = { action: "hide", label: t.message.hide };
  if (message.recall || message.kind === "system" || message.body === null) return [hide];
  const items: MenuItem[] = [{ action: "reply", label: t.message.reply }];
  // Files sent without text: nothing to copy.
  if (message.body !== "") items.push({ action: "copy", label: t.message.copy });
  if (options.edit.kind === "own")
    items.push({
      action: "edit",
      label: windowedLabel(options.edit.deadline, now, t.message.edit, t.message.editWithTime),
    });
  if (message.sender.id !== meId)
    items.push(
      options.reported
        ? { action: "report", label: t.message.reported, disabled: true }
        : { action: "report", label: t.message.report },
    );
  items.push(hide);
  if (options.recall.kind !== "none")
    items.push({
      action: "recall",
      label:
        options.recall.kind === "own"
          ? windowedLabel(options.recall.deadline, now, t.message.recall, t.message.recallWithTime)
          : t.message.recall,
      danger: true,
    });
  return items;
}
