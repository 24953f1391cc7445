"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { useT } from "~/app/_i18n/provider";

interface Toast {
  id: string;
  text: string;
  tone: "info" | "error";
  action?: { label: string; run: () => void };
}

interface ToastApi {
  /** Shows a message; an `id` replaces a toast with the same id (and lets `dismiss` find it). */
  show(
    text: string,
    options?: { id?: string; tone?: Toast["tone"]; action?: Toast["action"]; durationMs?: number },
  ): void;
  dismiss(id: string): void;
}

const ToastContext = createContext<ToastApi>({ show: () => undefined, dismiss: () => undefined });
const OutletContext = createContext<(el: HTMLElement | null) => void>(() => undefined);

export function useToast(): ToastApi {
  return useContext(ToastContext);
}

let counter = 0;

export function ToastProvider({ children }: { children: ReactNode }) {
  const t = useT();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const timers = useRef(new Map<string, number>());

  const dismiss = useCallback((id: string) => {
    setToasts((list) => list.filter((x) => x.id !== id));
    const timer = timers.current.get(id);
    if (timer) window.clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const show = useCallback<ToastApi["show"]>(
    (text, options = {}) => {
      const id = options.id ?? `toast-${++counter}`;
      const toast: Toast = { id, text, tone: options.tone ?? "info", action: options.action };
      setToasts((list) => [...list.filter((x) => x.id !== id), toast].slice(-4));
      const old = timers.current.get(id);
      if (old) window.clearTimeout(old);
      timers.current.set(
        id,
        window.setTimeout(() => dismiss(id), options.durationMs ?? 6000),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const map = timers.current;
    return () => {
      for (const timer of map.values()) window.clearTimeout(timer);
      map.clear();
    };
  }, []);

  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  const [outlet, setOutlet] = useState<HTMLElement | null>(null);

  const stack = toasts.map((toast) => (
    <div
      key={toast.id}
      role="status"
      className={`pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-xl px-4 py-3 text-sm shadow-lg ring-1 ${
        toast.tone === "error" ? "bg-red-50 text-red-900 ring-red-200" : "bg-slate-900 text-white ring-slate-800"
      }`}
    >
      <p className="min-w-0 flex-1 break-words">{toast.text}</p>
      {toast.action ? (
        <button
          type="button"
          className="shrink-0 font-semibold underline underline-offset-2"
          onClick={() => {
            toast.action?.run();
            dismiss(toast.id);
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button
        type="button"
        aria-label={t.app.dismiss}
        className="-mr-1 shrink-0 rounded px-1 opacity-70 hover:opacity-100"
        onClick={() => dismiss(toast.id)}
      >
        <span aria-hidden>×</span>
      </button>
    </div>
  ));

  // Inside an open conversation the toasts sit over the top of its message log (a <ToastOutlet>),
  // below the conversation header and the offline banner, which they used to cover. Elsewhere
  // (the list, the console) at the bottom of the screen, where nothing needs to stay readable.
  return (
    <ToastContext.Provider value={api}>
      <OutletContext.Provider value={setOutlet}>
        {children}
        {outlet ? (
          createPortal(stack, outlet)
        ) : (
          <div
            aria-live="polite"
            className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4"
          >
            {stack}
          </div>
        )}
      </OutletContext.Provider>
    </ToastContext.Provider>
  );
}

/** Where toasts appear while this is mounted: the top of the positioned box it is placed in. */
export function ToastOutlet() {
  const setOutlet = useContext(OutletContext);
  return (
    <div
      ref={setOutlet}
      aria-live="polite"
      className="pointer-events-none absolute inset-x-0 top-2 z-30 flex flex-col items-center gap-2 px-4"
    />
  );
}
