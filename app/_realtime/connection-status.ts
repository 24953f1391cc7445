export type RealtimeStatus = "off" | "connecting" | "connected" | "reconnecting" | "unavailable";

/** pusher-js pings after this much silence and drops the connection when no pong comes in PONG_TIMEOUT_MS. */
export const ACTIVITY_TIMEOUT_MS = 10_000;
export const PONG_TIMEOUT_MS = 4_000;

/** What the UI shows for a pusher-js connection state, given whether the connection had been up before. */
export function statusFor(state: string, hadConnection: boolean): RealtimeStatus {
  if (state === "connected") return "connected";
  if (state === "connecting" || state === "initialized") return hadConnection ? "reconnecting" : "connecting";
  return "unavailable";
}
