"use client";

import { type KeyboardEvent, type ReactNode, type RefObject, useEffect, useId, useRef } from "react";
import { useT } from "~/app/_i18n/provider";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.offsetParent !== null || el === document.activeElement,
  );
}

/**
 * A modal dialog, mounted only while open: the native <dialog> makes the rest of the page inert,
 * Escape closes it, Tab wraps inside it, and focus goes back where it came from (or to
 * `returnFocus` when the opener no longer exists, e.g. a menu item, or else to the focusable
 * element the opener was in).
 */
export function Dialog({
  title,
  description,
  onClose,
  children,
  initialFocus,
  returnFocus,
  wide = false,
  media = false,
  onKeyDown,
  testId,
}: {
  title: string;
  description?: string;
  onClose: () => void;
  children: ReactNode;
  initialFocus?: RefObject<HTMLElement | null>;
  /** Read when the dialog closes, so it may change while open (the lightbox's current thumbnail). */
  returnFocus?: HTMLElement | null;
  wide?: boolean;
  /** As large as the screen allows (the image lightbox). */
  media?: boolean;
  /** Keys the dialog does not handle itself (it handles Escape and Tab). */
  onKeyDown?: (e: KeyboardEvent<HTMLDialogElement>) => void;
  testId?: string;
}) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  const returnFocusRef = useRef(returnFocus);
  useEffect(() => {
    onCloseRef.current = onClose;
    returnFocusRef.current = returnFocus;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // Where the opener lives (e.g. the message row around a thumbnail): focus goes there when the
    // opener itself is gone by the time the dialog closes (the message was recalled meanwhile).
    const openerHome = opener?.parentElement?.closest<HTMLElement>("[tabindex]") ?? null;
    if (!dialog.open) dialog.showModal();
    const target = initialFocus?.current ?? focusables(dialog).find((el) => !el.dataset.dialogClose) ?? dialog;
    target.focus();
    return () => {
      if (dialog.open) dialog.close();
      const to = returnFocusRef.current;
      const back = [to, opener, openerHome].find((el) => el?.isConnected) ?? null;
      // After React has removed the dialog, so the browser's own restore does not win.
      window.setTimeout(() => back?.focus(), 0);
    };
    // Opening happens once per mount; the refs are read at that moment on purpose.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      data-testid={testId}
      className={`m-auto w-[calc(100vw-2rem)] overflow-hidden rounded-2xl bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/40 ${
        media
          ? "max-h-[calc(100dvh-2rem)] max-w-5xl backdrop:bg-slate-900/80"
          : `max-h-[min(40rem,calc(100dvh-2rem))] ${wide ? "max-w-lg" : "max-w-md"}`
      }`}
      onCancel={(e) => {
        e.preventDefault();
        onCloseRef.current();
      }}
      onMouseDown={(e) => {
        // A press on the backdrop lands on the <dialog> element itself.
        if (e.target === e.currentTarget) onCloseRef.current();
      }}
      onKeyDown={(e) => {
        onKeyDown?.(e);
        if (e.defaultPrevented) return;
        if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          onCloseRef.current();
          return;
        }
        if (e.key !== "Tab") return;
        const list = focusables(e.currentTarget);
        if (list.length === 0) return;
        const first = list[0]!;
        const last = list[list.length - 1]!;
        const active = document.activeElement;
        if (e.shiftKey && (active === first || !e.currentTarget.contains(active))) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && (active === last || !e.currentTarget.contains(active))) {
          e.preventDefault();
          first.focus();
        }
      }}
    >
      <div className="flex max-h-[inherit] flex-col">
        <div className="flex items-start gap-3 border-b border-slate-200 px-5 py-4">
          <div className="min-w-0 flex-1">
            <h2 id={titleId} className="text-base font-semibold">
              {title}
            </h2>
            {description ? (
              <p id={descriptionId} className="mt-1 text-sm text-slate-600">
                {description}
              </p>
            ) : null}
          </div>
          <button
            type="button"
            data-dialog-close="true"
            aria-label={t.app.close}
            onClick={() => onCloseRef.current()}
            className="-mt-1 -mr-2 inline-flex h-8 w-8 items-center justify-center rounded-full text-xl leading-none text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-blue-600"
          >
            <span aria-hidden>×</span>
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto px-5 py-4">{children}</div>
      </div>
    </dialog>
  );
}
