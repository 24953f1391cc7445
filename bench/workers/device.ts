/**
 * catch_up's device: a real tRPC client (@trpc/client, httpBatchLink + superjson, as the browser
 * uses) that keeps, per conversation, the last version it has seen and, per message, its
 * version and whether it is recalled. Catching up is what the app's SyncEngine does after a
 * reconnect: `sync.changes` from the last version, looping while `hasMore`, for every
 * conversation at once (the batch link puts concurrent calls into one HTTP request).
 */
import { type AppClient, trpcClient } from "../../test/trpc-client";
import { now } from "../lib/clock";
import { serve } from "../lib/ipc";

export interface DeviceState {
  versions: Record<string, number>;
  messages: Record<string, { version: number; recalled: boolean }>;
}

export type DeviceCommands = {
  init: { args: { baseUrl: string; cookie: string; conversationIds: string[] }; result: null };
  /** Untimed: the state before going offline. */
  sync: { args: null; result: { changes: number; requests: number } };
  /** Timed: reconnect → state complete. */
  catchUp: { args: null; result: { ms: number; changes: number; requests: number; state: DeviceState } };
  /** The floor: one batched request of the same shape (one no-op per conversation). */
  noopBatch: { args: null; result: { ms: number } };
};

const CHANGES_PAGE = 200; // app/_realtime/sync-engine.ts

let client: AppClient;
let conversations: string[] = [];
let requests = 0;
const state: DeviceState = { versions: {}, messages: {} };

async function catchUpOne(conversationId: string): Promise<number> {
  let after = state.versions[conversationId] ?? 0;
  let count = 0;
  for (;;) {
    const page = await client.sync.changes.query({ conversationId, afterVersion: after, limit: CHANGES_PAGE });
    for (const change of page.changes) {
      const recalled = "removed" in change ? true : change.recall !== null;
      state.messages[change.id] = { version: change.version, recalled };
    }
    count += page.changes.length;
    state.versions[conversationId] = page.version;
    if (!page.hasMore || page.version <= after) return count;
    after = page.version;
  }
}

async function catchUpAll(): Promise<number> {
  const counts = await Promise.all(conversations.map(catchUpOne));
  return counts.reduce((a, b) => a + b, 0);
}

serve<DeviceCommands>({
  init({ baseUrl, cookie, conversationIds }) {
    conversations = conversationIds;
    client = trpcClient({
      url: `${baseUrl}/api/trpc`,
      batch: true,
      headers: { cookie },
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
    });
    return null;
  },
  async sync() {
    requests = 0;
    const changes = await catchUpAll();
    return { changes, requests };
  },
  async catchUp() {
    requests = 0;
    const t0 = now();
    const changes = await catchUpAll();
    return { ms: now() - t0, changes, requests, state };
  },
  async noopBatch() {
    const t0 = now();
    await Promise.all(conversations.map(() => client.user.me.query()));
    return { ms: now() - t0 };
  },
});
