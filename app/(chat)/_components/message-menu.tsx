"use client";

import { useEffect, useLayoutEffect, useRef } from "react";
import { useT } from "~/app/_i18n/provider";
import { useServerNow } from "~/app/_realtime/use-server-now";
import { type MessageView } from "~/server/realtime/events";
import { type MenuAction, menuItems, type MessageOptions } from "../_lib/menu-items";
import { type MenuAnchor } from "./message-item";

/**
 * The actions of one message, as a `role="menu"` (see menu-items.ts for which). They are
 * recomputed every second from the server clock: Edit and Recall on one's own message show the
 * time left and vanish at zero.
 */
export function MessageMenu({
  message,
  meId,
  anchor,
  optionsAt,
  onAction,
  onClose,
}: {
  message: MessageView;
  meId: string;
  anchor: MenuAnchor;
  optionsAt: (now: number) => MessageOptions;
  onAction: (action: MenuAction, options: MessageOptions) => void;
  onClose: (restoreFocus: boolean) => void;
}) {
  const t = useT();
  const now = useServerNow(true);
  const options = optionsAt(now);
  const ref = useRef<HTMLDivElement>(null);
  const items = menuItems(message, meId, options, now, t);

  // Keep the menu inside the viewport: open upwards/leftwards when there is no room.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    const margin = 8;
    const left = Math.min(
      Math.max(margin, anchor.x - (anchor.x > window.innerWidth / 2 ? width : 0)),
      window.innerWidth - width - margin,
    );
    const below = anchor.y + height + margin <= window.innerHeight;
    const top = below ? anchor.y : Math.max(margin, anchor.y - height - 40);
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
    el.style.visibility = "visible";
  }, [anchor]);

  // Focus the first item on open, and again if the focused Edit or Recall item expired under the cursor.
  const count = items.length;
  useEffect(() => {
    const el = ref.current;
    if (el && !el.contains(document.activeElement)) el.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [count]);

  // A click anywhere else closes the menu (focus stays where the user put it).
  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose(false);
    };
    const onScroll = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) onClose(false);
    };
    const onResize = () => onClose(false);
    document.addEventListener("pointerdown", onPointer, true);
    document.addEventListener("scroll", onScroll, true);
    window.addEventListener("resize", onResize);
    return () => {
      document.removeEventListener("pointerdown", onPointer, true);
      document.removeEventListener("scroll", onScroll, true);
      window.removeEventListener("resize", onResize);
    };
  }, [onClose]);

  const move = (delta: number | "first" | "last") => {
    const list = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    if (!list.length) return;
    const i = list.indexOf(document.activeElement as HTMLElement);
    const next = delta === "first" ? 0 : delta === "last" ? list.length - 1 : (i + delta + list.length) % list.length;
    list[next]?.focus();
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={t.message.actions}
      style={{ left: anchor.x, top: anchor.y, visibility: "hidden" }}
      className="fixed z-40 min-w-44 rounded-xl border border-slate-200 bg-white p-1 text-sm shadow-xl"
      // Focus leaving the menu by any route (a screen reader's virtual cursor, a click) closes it.
      onBlur={(e) => {
        if (e.relatedTarget && !e.currentTarget.contains(e.relatedTarget as Node)) onClose(false);
      }}
      onKeyDown={(e) => {
        switch (e.key) {
          case "Escape":
            e.preventDefault();
            e.stopPropagation();
            onClose(true);
            break;
          case "Tab":
            e.preventDefault();
            onClose(true);
            break;
          case "ArrowDown":
            e.preventDefault();
            move(1);
            break;
          case "ArrowUp":
            e.preventDefault();
            move(-1);
            break;
          case "Home":
            e.preventDefault();
            move("first");
            break;
          case "End":
            e.preventDefault();
            move("last");
            break;
        }
      }}
    >
      {items.map((item) => (
        <button
          key={item.action}
          type="button"
          role="menuitem"
          tabIndex={-1}
          aria-disabled={item.disabled || undefined}
          onClick={() => {
            if (!item.disabled) onAction(item.action, options);
          }}
          className={`flex w-full items-center rounded-lg px-3 py-2 text-left tabular-nums outline-none hover:bg-slate-100 focus:bg-slate-100 ${
            item.disabled ? "cursor-default text-slate-500" : item.danger ? "text-red-700" : "text-slate-800"
          }`}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}
