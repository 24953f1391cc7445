import { type Locale } from "~/app/_i18n/locale";

const tag = (locale: Locale) => (locale === "zh" ? "zh-CN" : "en");

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
  return new Intl.DateTimeFormat(tag(locale), sameYear ? { month: "short", day: "numeric" } : { year: "numeric", month: "short", day: "numeric" }).format(date);
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
const palette = ["bg-sky-600", "bg-emerald-600", "bg-violet-600", "bg-amber-600", "bg-rose-600", "bg-teal-600", "bg-indigo-600", "bg-fuchsia-600"];
export function avatarColor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return palette[h % palette.length]!;
}
