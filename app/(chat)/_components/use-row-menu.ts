"use client";

import { type KeyboardEvent, type MouseEvent } from "react";
import { type MessageView } from "~/server/realtime/events";
import { type MenuAnchor } from "./message-item";
import { useLongPress } from "./use-long-press";

/**
 * The ways a row opens its message's menu: right click, the context menu key, Shift+F10 or Enter
 * on the focused row, a long press on touch screens, and the "…" button (`openFromButton`).
 */
export function useRowMenu(
  message: MessageView,
  own: boolean,
  onOpenMenu: (message: MessageView, anchor: MenuAnchor) => void,
) {
  const openFrom = (el: HTMLElement, x?: number, y?: number) => {
    const rect = el.getBoundingClientRect();
    onOpenMenu(message, { x: x ?? (own ? rect.right : rect.left), y: y ?? rect.bottom, returnFocus: el });
  };

  // Touch screens have no context menu key or right click: a long press on the message opens the menu.
  const { cancelPress, onPointerDown, onPointerMove } = useLongPress(true, (article, x, y) => {
    article.focus({ preventScroll: true });
    openFrom(article, x, y + 12);
  });

  const rowProps = {
    onContextMenu: (e: MouseEvent<HTMLElement>) => {
      e.preventDefault();
      cancelPress();
      // Keyboard-triggered context menus report (0, 0): anchor to the message instead.
      openFrom(e.currentTarget, e.clientX || undefined, e.clientY || undefined);
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      if (e.target !== e.currentTarget) return;
      if (e.key === "Enter" || e.key === "ContextMenu" || (e.shiftKey && e.key === "F10")) {
        e.preventDefault();
        openFrom(e.currentTarget);
      }
    },
    onPointerDown,
    onPointerMove,
    onPointerUp: cancelPress,
    onPointerCancel: cancelPress,
    onPointerLeave: cancelPress,
  };

  const openFromButton = (e: MouseEvent<HTMLElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    onOpenMenu(message, { x: own ? rect.right : rect.left, y: rect.bottom + 4, returnFocus: e.currentTarget });
  };

  return { rowProps, openFromButton };
}
