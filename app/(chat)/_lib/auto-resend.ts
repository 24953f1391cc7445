import { type PendingMessage } from "~/app/_realtime/timeline";

/** How many times a failed send is retried on its own (on reconnect); after that Retry is the user's. */
export const AUTO_RESENDS = 3;

/**
 * The failed sends to retry automatically now. Each retry reuses the message's clientMsgId, so a
 * send that did reach the server before the connection dropped comes back as that same message.
 */
export function autoResendable(
  pending: readonly PendingMessage[],
  attempts: ReadonlyMap<string, number>,
): PendingMessage[] {
  return pending.filter((p) => p.status === "failed" && (attempts.get(p.clientMsgId) ?? 0) < AUTO_RESENDS);
}
