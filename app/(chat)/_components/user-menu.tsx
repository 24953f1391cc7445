"use client";

import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import Link from "next/link";
import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { LanguageSwitch } from "~/app/_components/language-switch";
import { button } from "~/app/_components/styles";
import { useToast } from "~/app/_components/toast";
import { useT } from "~/app/_i18n/provider";
import { notificationPermission, notificationSetting } from "~/app/_realtime/notifications";
import { useTRPC } from "~/app/_trpc/client";
import { Avatar } from "./avatar";
import { useMe } from "./me";

/** The account disclosure: language, notifications, admin console, sign out. */
export function UserMenu({ localeCookie }: { localeCookie: string }) {
  const t = useT();
  const me = useMe();
  const trpc = useTRPC();
  const toast = useToast();
  const panelId = useId();
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const setLocale = useMutation(trpc.user.setLocale.mutationOptions());
  const signOutEverywhere = useMutation(
    trpc.user.signOutEverywhere.mutationOptions({
      onSuccess: () => void signOut({ callbackUrl: "/sign-in" }),
      onError: () => toast.show(t.app.error),
    }),
  );
  const notifications = useSyncExternalStore(
    notificationSetting.subscribe,
    notificationSetting.get,
    notificationSetting.getServer,
  );
  const [permission, setPermission] = useState<ReturnType<typeof notificationPermission>>("default");

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panelRef.current?.contains(target) && !triggerRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const toggle = () => {
    setPermission(notificationPermission());
    setOpen((o) => !o);
  };

  const setNotifications = async (on: boolean) => {
    notificationSetting.set(on);
    if (!on) return;
    let current = notificationPermission();
    if (current === "default") {
      try {
        current = await Notification.requestPermission();
      } catch {
        current = notificationPermission();
      }
    }
    setPermission(current);
    if (current === "denied") toast.show(t.shell.notificationsBlocked);
    else if (current === "unsupported") toast.show(t.shell.notificationsUnsupported);
  };

  const fallbackNote =
    notifications && permission === "denied"
      ? t.shell.notificationsBlocked
      : notifications && permission === "unsupported"
        ? t.shell.notificationsUnsupported
        : null;

  return (
    <div
      className="relative"
      // Focus moving past the last item (Tab after "Sign out") closes the panel, as a click outside does.
      onBlur={(e) => {
        if (open && !e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setOpen(false);
          triggerRef.current?.focus();
        }
      }}
    >
      <button
        ref={triggerRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={toggle}
        className="flex max-w-[12rem] items-center gap-2 rounded-full py-1 pr-3 pl-1 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        <Avatar id={me.id} name={me.name} size="sm" />
        <span className="truncate">{me.name}</span>
        <span aria-hidden className="text-xs text-slate-500">
          ▾
        </span>
      </button>
      {open ? (
        <div
          ref={panelRef}
          id={panelId}
          role="group"
          aria-label={t.shell.accountMenu}
          className="absolute top-full left-0 z-30 mt-2 w-72 space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xl"
        >
          <div>
            <p className="truncate text-sm font-semibold text-slate-900">{me.name}</p>
          </div>
          <div className="space-y-1.5">
            <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">{t.shell.language}</p>
            <LanguageSwitch
              cookieName={localeCookie}
              onPersist={async (locale) => {
                await setLocale.mutateAsync({ locale });
                setOpen(false);
                triggerRef.current?.focus();
              }}
            />
          </div>
          <div>
            <label className="flex cursor-pointer items-center justify-between gap-3 text-sm text-slate-800">
              {t.shell.notifications}
              <input
                type="checkbox"
                role="switch"
                checked={notifications}
                onChange={(e) => void setNotifications(e.target.checked)}
                className="peer sr-only"
              />
              <span
                aria-hidden
                className="relative inline-flex h-6 w-10 shrink-0 items-center rounded-full bg-slate-300 transition peer-checked:bg-blue-600 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-blue-600 after:absolute after:left-0.5 after:h-5 after:w-5 after:rounded-full after:bg-white after:shadow after:transition peer-checked:after:translate-x-4"
              />
            </label>
            {fallbackNote ? <p className="mt-1.5 text-xs text-slate-500">{fallbackNote}</p> : null}
          </div>
          <div className="flex flex-col gap-2 border-t border-slate-200 pt-3">
            {me.role === "admin" ? (
              <Link href="/admin" className={`${button.secondary} w-full`}>
                {t.shell.adminConsole}
              </Link>
            ) : null}
            <button
              type="button"
              className={`${button.secondary} w-full`}
              onClick={() => void signOut({ callbackUrl: "/sign-in" })}
            >
              {t.auth.signOut}
            </button>
            <button
              type="button"
              className={`${button.ghost} w-full`}
              disabled={signOutEverywhere.isPending}
              onClick={() => signOutEverywhere.mutate()}
            >
              {t.auth.signOutEverywhere}
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
