"use client";

import { type RefObject, useCallback, useMemo, useState } from "react";
import { type MessageView } from "~/server/realtime/events";
import { editOption } from "../_lib/edit-action";
import { type MenuAction, type MessageOptions } from "../_lib/menu-items";
import { recallOption } from "../_lib/recall-action";
import { useReportedIds } from "../_lib/reported-store";
import { type ConversationDetails } from "../_lib/types";
import { type Me } from "./me";
import { type MenuAnchor } from "./message-item";

export type MessageActionHandler = (
  action: MenuAction,
  message: MessageView,
  options: MessageOptions,
  returnFocus: HTMLElement | null,
) => void;

/**
 * The message log's one action menu: which message it is open on, what Recall, Edit and Report
 * offer for it, and where focus goes when it closes or an action is chosen.
 */
export function useMessageMenu({
  scrollRef,
  byId,
  details,
  me,
  onAction,
}: {
  scrollRef: RefObject<HTMLDivElement | null>;
  byId: ReadonlyMap<string, MessageView>;
  details: ConversationDetails;
  me: Me;
  onAction: MessageActionHandler;
}) {
  const [menu, setMenu] = useState<{ messageId: string; anchor: MenuAnchor } | null>(null);

  const openMenu = useCallback((message: MessageView, a: MenuAnchor) => {
    setMenu((current) => (current?.messageId === message.id ? current : { messageId: message.id, anchor: a }));
  }, []);

  const menuMessage = menu ? byId.get(menu.messageId) : undefined;
  const senderRoles = useMemo(() => new Map(details.members.map((m) => [m.id, m.role])), [details.members]);

  const reportedIds = useReportedIds();

  const optionsAt = useCallback(
    (now: number): MessageOptions => ({
      recall: menuMessage
        ? recallOption({
            me,
            myRole: details.myRole,
            conversationKind: details.kind,
            policy: {
              recallWindowSeconds: details.recall.windowSeconds,
              groupAdminsMayRecall: details.recall.groupAdminsMayRecall,
              groupOwnersMayRecall: details.recall.groupOwnersMayRecall,
            },
            message: menuMessage,
            senderRole: senderRoles.get(menuMessage.sender.id) ?? null,
            now,
          })
        : { kind: "none" },
      edit: menuMessage
        ? editOption({ meId: me.id, windowSeconds: details.edit.windowSeconds, message: menuMessage, now })
        : { kind: "none" },
      reported: menuMessage ? reportedIds.has(menuMessage.id) : false,
    }),
    [menuMessage, me, details, senderRoles, reportedIds],
  );

  const focusMessage = (id: string, preferred: HTMLElement | null) => {
    if (preferred?.isConnected) {
      preferred.focus();
      return;
    }
    scrollRef.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(id)}"]`)?.focus();
  };

  const closeMenu = useCallback((restoreFocus: boolean) => {
    setMenu((current) => {
      if (current && restoreFocus) {
        const el = current.anchor.returnFocus;
        window.setTimeout(() => el.isConnected && el.focus(), 0);
      }
      return null;
    });
  }, []);

  const chooseAction = (action: MenuAction, options: MessageOptions) => {
    if (!menu || !menuMessage) return;
    // Recalling replaces the "…" button: focus then goes back to the message itself.
    const returnFocus =
      action === "recall"
        ? (menu.anchor.returnFocus.closest<HTMLElement>("article") ?? menu.anchor.returnFocus)
        : menu.anchor.returnFocus;
    setMenu(null);
    onAction(action, menuMessage, options, returnFocus);
    if (action === "copy") focusMessage(menuMessage.id, returnFocus);
  };

  // A message that left the timeline (deleted for me, silently recalled) closes its menu.
  const open = menu && menuMessage ? { message: menuMessage, anchor: menu.anchor } : null;
  return { menuMessageId: menu?.messageId ?? null, open, openMenu, closeMenu, optionsAt, chooseAction };
}
