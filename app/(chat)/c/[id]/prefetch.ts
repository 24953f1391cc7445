import { HISTORY_PAGE } from "~/app/_realtime/sync-engine";
import { serverCaller } from "~/app/_trpc/server";
import { isUuid } from "~/server/ids";
import { type ConversationPrefetch } from "../../_lib/types";

/**
 * The conversation's details and newest history page, read while the page renders on the server,
 * so the first HTML already shows the messages (no wait for scripts, then for two requests).
 * Through the procedures, so a non-member or unknown id gets nothing here; any failure leaves
 * the page to the browser's own queries, which show not-found or the error as before.
 */
export async function prefetchConversation(conversationId: string): Promise<ConversationPrefetch | null> {
  if (!isUuid(conversationId)) return null;
  try {
    const caller = await serverCaller();
    const [details, history] = await Promise.all([
      caller.conversation.byId({ id: conversationId }),
      caller.message.history({ conversationId, limit: HISTORY_PAGE }),
    ]);
    return { details, history };
  } catch {
    // Each call is already logged by the procedures' own middleware (with its code).
    return null;
  }
}
