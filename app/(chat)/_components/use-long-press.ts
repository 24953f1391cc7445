"use client";

import { type PointerEvent as ReactPointerEvent, useRef } from "react";

const LONG_PRESS_MS = 500;

/**
 * A touch held still for half a second on an element (a finger that moves more than 10 px is
 * scrolling, not pressing). Mouse and pen pointers are left to the context menu.
 */
export function useLongPress(enabled: boolean, onLongPress: (el: HTMLElement, x: number, y: number) => void) {
  const press = useRef<{ timer: number; x: number; y: number } | null>(null);

  const cancelPress = () => {
    if (press.current) window.clearTimeout(press.current.timer);
    press.current = null;
  };

  const onPointerDown = (e: ReactPointerEvent<HTMLElement>) => {
    if (!enabled || e.pointerType !== "touch") return;
    const el = e.currentTarget;
    const { clientX: x, clientY: y } = e;
    cancelPress();
    press.current = {
      x,
      y,
      timer: window.setTimeout(() => {
        press.current = null;
        onLongPress(el, x, y);
      }, LONG_PRESS_MS),
    };
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLElement>) => {
    const p = press.current;
    if (p && Math.hypot(e.clientX - p.x, e.clientY - p.y) > 10) cancelPress();
  };

  return { cancelPress, onPointerDown, onPointerMove };
}
