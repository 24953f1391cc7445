import { formatCountdown, secondsLeft } from "~/app/_realtime/server-clock";

/**
 * The actions the sender may take on their own message only for a while (recall, edit) share one
 * countdown. Each is offered until a second before its server deadline, so that a request sent
 * then still arrives in time; `null` means no deadline (e.g. a system admin's own recall).
 */
export const WINDOW_MARGIN_MS = 1000;

export function windowOpen(deadline: Date | null, now: number): boolean {
  return deadline === null || deadline.getTime() - now >= WINDOW_MARGIN_MS;
}

/** The menu label of such an action: "Recall · 1:42" while a deadline counts down, else the plain label. */
export function windowedLabel(
  deadline: Date | null,
  now: number,
  plain: string,
  withTime: (left: string) => string,
): string {
  return deadline ? withTime(formatCountdown(secondsLeft(deadline, now))) : plain;
}
