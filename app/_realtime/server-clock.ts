/**
 * The server's clock as seen from this tab. Recall windows are measured on the server clock, so
 * countdowns use `serverNow()`: offset = serverTime of the last response − Date.now() at receipt.
 * A skewed client clock then shifts both sides equally and cancels out.
 */
export function clockOffset(serverTime: Date, receivedAt: number): number {
  return serverTime.getTime() - receivedAt;
}

/** Whole seconds left until `deadline` at server time `now` (never negative). */
export function secondsLeft(deadline: Date, now: number): number {
  return Math.max(0, Math.ceil((deadline.getTime() - now) / 1000));
}

/** "1:42", "0:05", "12:00"; from an hour on "1:02:03" (edit and recall windows may last days). */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const ss = String(s % 60).padStart(2, "0");
  if (s < 3600) return `${Math.floor(s / 60)}:${ss}`;
  return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${ss}`;
}

type Listener = () => void;

let offset = 0;
const listeners = new Set<Listener>();

export const serverClock = {
  note(serverTime: unknown, receivedAt: number = Date.now()): void {
    if (!(serverTime instanceof Date) || Number.isNaN(serverTime.getTime())) return;
    const next = clockOffset(serverTime, receivedAt);
    if (next === offset) return;
    offset = next;
    for (const l of listeners) l();
  },
  now(): number {
    return Date.now() + offset;
  },
  offset(): number {
    return offset;
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
