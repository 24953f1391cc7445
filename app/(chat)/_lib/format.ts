import { intlTag as tag, type Locale } from "~/app/_i18n/locale";

/** A badge count: "99+" above 99. */
export function badgeCount(n: number): string {
  return n > 99 ? "99+" : String(n);
}

/** Conversation list: the time today, the weekday within a week, else the date. */
export function formatListTime(date: Date, now: Date, locale: Locale): string {
  const sameDay = date.toDateString() === now.toDateString();
  if (sameDay) return formatMessageTime(date, locale);
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  if (days >= 0 && days < 6) return new Intl.DateTimeFormat(tag(locale), { weekday: "short" }).format(date);
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(
    tag(locale),
    sameYear ? { month: "short", day: "numeric" } : { year: "numeric", month: "short", day: "numeric" },
  ).format(date);
}

export function formatMessageTime(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { hour: "numeric", minute: "2-digit" }).format(date);
}

export function formatFullTime(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: "medium", timeStyle: "short" }).format(date);
}

/** 8–64 chars of [A-Za-z0-9_-], as message.send requires; random so retries are idempotent. */
export function newClientMsgId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function initials(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return "?";
  const parts = trimmed.split(/\s+/);
  const first = Array.from(parts[0]!)[0] ?? "?";
  const second = parts.length > 1 ? (Array.from(parts[parts.length - 1]!)[0] ?? "") : "";
  return (first + second).toUpperCase();
}

/** A stable, calm colour per person, so avatars and names are easy to tell apart. */
// 700 shades: white initials on them keep a 4.5:1 contrast (WCAG AA) at small sizes.
const palette = [
  "bg-sky-700",
  "bg-emerald-700",
  "bg-violet-700",
  "bg-amber-700",
  "bg-rose-700",
  "bg-teal-700",
  "bg-indigo-700",
  "bg-fuchsia-700",
];
export function avatarColor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return palette[h % palette.length]!;
}
