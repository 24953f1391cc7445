"use client";

import type Pusher from "pusher-js";
import { type Channel } from "pusher-js";
import { type RefObject, useEffect, useRef } from "react";
import { conversationChannel, SETTINGS_CHANNEL, userChannel } from "~/server/realtime/events";
import { diffChannels } from "./channels";
import { type RealtimeHandlers } from "./realtime-handlers";
import { type SyncEngine } from "./sync-engine";

const CONVERSATION_PREFIX = "private-conversation-";

/**
 * Channels: the user's own, the settings channel, plus one per conversation in the list (`listIds`,
 * comma-joined), joined and left as the list changes. Events go to the latest handlers.
 */
export function useChannelSubscriptions(
  pusher: Pusher | null,
  { userId, listIds }: { userId: string; listIds: string },
  { engine, refreshList }: { engine: SyncEngine; refreshList: () => void },
  handlersRef: RefObject<RealtimeHandlers>,
): void {
  const subscribed = useRef(new Map<string, Channel>());
  useEffect(() => {
    if (!pusher) return;
    const current = subscribed.current;
    const wanted = [
      userChannel(userId),
      SETTINGS_CHANNEL,
      ...(listIds ? listIds.split(",").map(conversationChannel) : []),
    ];
    const { join, leave } = diffChannels(new Set(current.keys()), wanted);
    for (const name of leave) {
      current.get(name)?.unbind_global();
      pusher.unsubscribe(name);
      current.delete(name);
    }
    for (const name of join) {
      const channel = pusher.subscribe(name);
      channel.bind_global((event: string, data: unknown) => {
        if (event === "pusher:subscription_succeeded") {
          // Anything published before the subscription was live is fetched by version, and the
          // list asks again: a new group's first messages often go out before its channel is live.
          if (name.startsWith(CONVERSATION_PREFIX)) void engine.catchUp(name.slice(CONVERSATION_PREFIX.length));
          refreshList();
          return;
        }
        if (event.startsWith("pusher:")) return;
        if (event.startsWith("message.")) handlersRef.current.onMessage(event, data);
        else if (event.startsWith("conversation.") || event === "settings.changed")
          handlersRef.current.onUserEvent(event, data);
      });
      current.set(name, channel);
    }
  }, [pusher, listIds, userId, engine, refreshList, handlersRef]);

  useEffect(() => {
    const channels = subscribed.current;
    return () => channels.clear();
  }, [pusher]);
}
