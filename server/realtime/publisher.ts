import { asc, inArray, lte, sql } from "drizzle-orm";
import Pusher from "pusher";
import { type Db } from "~/db/client";
import { messages, realtimeOutbox, type OutboxRow } from "~/db/schema";
import { getDb } from "~/server/db-handle";
import { selectMemberMessages, toMessageChange, type MessageChange } from "~/server/recall/member-view";
import { serverRealtimeConfig, type ServerRealtimeConfig } from "./config";
import { describeError, getLogger } from "~/server/observability/logger";
import { metrics } from "~/server/observability/metrics";
import { kickCoalesced, type RunState } from "~/server/coalesced-run";
import { conversationChannel, SETTINGS_CHANNEL, userChannel } from "./events";

/** Pusher refuses payloads over 10 KB; leave room for the envelope. */
const MAX_PAYLOAD_BYTES = 9_000;
/** An event that could not be delivered for this long is dropped: clients catch up by version anyway. */
const EXPIRE_AFTER_MS = 24 * 3600 * 1000;
const BATCH = 100;

export interface PusherEvent {
  channel: string;
  name: string;
  data: unknown;
  /**
   * A user who lost a conversation: after this event, every connection of theirs is closed, so a
   * socket still subscribed to the conversation's channel hears nothing published after it.
   */
  endConnectionsOf?: string;
}

/**
 * Turns outbox rows into channel events. Message payloads are the member view read NOW, so a row
 * written before a recall publishes the tombstone, never the text.
 */
export async function buildEvents(db: Db, rows: OutboxRow[]): Promise<PusherEvent[]> {
  const ids = rows.flatMap((r) => (r.messageId ? [r.messageId] : []));
  const views = new Map<string, MessageChange>();
  if (ids.length) {
    for (const row of await selectMemberMessages(db, inArray(messages.id, ids)))
      views.set(row.id, toMessageChange(row));
  }
  const events: PusherEvent[] = [];
  for (const r of rows) {
    if (r.event === "message.hidden" && r.conversationId) {
      // Per-user: only the hider's devices hear it, and only that something changed at this
      // version; they read what (hidden or back) from the change feed, as that user.
      for (const userId of r.userIds ?? []) {
        events.push({
          channel: userChannel(userId),
          name: r.event,
          data: { conversationId: r.conversationId, version: r.version, message: null },
        });
      }
    } else if (r.event.startsWith("message.") && r.conversationId) {
      const message = r.messageId ? (views.get(r.messageId) ?? null) : null;
      let data: unknown = { conversationId: r.conversationId, version: r.version, message };
      // Too large for one event: send a reference; the client fetches the change by version.
      if (JSON.stringify(data).length > MAX_PAYLOAD_BYTES)
        data = { conversationId: r.conversationId, version: r.version, message: null };
      events.push({ channel: conversationChannel(r.conversationId), name: r.event, data });
    } else if (r.event === "settings.changed") {
      events.push({ channel: SETTINGS_CHANNEL, name: r.event, data: {} });
    } else if (r.event === "conversation.changed" && r.conversationId) {
      events.push({
        channel: conversationChannel(r.conversationId),
        name: r.event,
        data: { conversationId: r.conversationId, version: null },
      });
    } else {
      for (const userId of r.userIds ?? []) {
        const ends = r.event === "conversation.removed" ? { endConnectionsOf: userId } : {};
        events.push({
          channel: userChannel(userId),
          name: r.event,
          data: { conversationId: r.conversationId, version: r.version },
          ...ends,
        });
      }
    }
  }
  return events;
}

export type Publish = (events: PusherEvent[]) => Promise<void>;

/**
 * Delivers in order, at most 10 events per request. A removal closes the user's connections before
 * any later event goes out: the client reconnects and may subscribe again only where channel auth
 * (membership read now) allows. terminate_connections is Pusher's own API, so this holds on the
 * hosted service as on the embedded server.
 */
export function pusherPublish(client: Pusher): Publish {
  return async (events) => {
    // Stop before the claim could run out mid-call: rows past their lease may be taken by another
    // publisher, and the rest are released for a retry.
    const stopAt = Date.now() + LEASE_SECONDS * 1000 - PUBLISH_TIMEOUT_MS;
    let calls = 0;
    let batch: PusherEvent[] = [];
    const leaseLeft = () => {
      if (calls++ > 0 && Date.now() > stopAt) throw new Error("the outbox lease is running out; the rest is retried");
    };
    const flush = async () => {
      if (batch.length === 0) return;
      leaseLeft();
      const res = await client.triggerBatch(
        batch.map((e) => ({ channel: e.channel, name: e.name, data: e.data as object })),
      );
      batch = [];
      if (res.status >= 300) throw new Error(`realtime service answered ${res.status}`);
    };
    for (const event of events) {
      batch.push(event);
      if (event.endConnectionsOf) {
        await flush();
        leaseLeft();
        const res = await client.terminateUserConnections(event.endConnectionsOf);
        if (res.status >= 300) throw new Error(`realtime service answered ${res.status} to terminate_connections`);
      } else if (batch.length === 10) {
        await flush();
      }
    }
    await flush();
  };
}

/** How long a claim keeps other publishers off the rows; a crashed publisher's claim ends with it. */
export const LEASE_SECONDS = 30;
/** One HTTP call to the realtime service may take this long before it counts as failed. */
export const PUBLISH_TIMEOUT_MS = 5_000;

export interface DrainOptions {
  leaseSeconds?: number;
}

/**
 * Claims up to BATCH due rows in one autocommitted statement: SKIP LOCKED picks rows no other
 * publisher is claiming at this instant, and moving next_attempt_at past the lease keeps every
 * other instance off them until this one deletes or releases them (or dies and the lease runs out).
 */
async function claimDue(db: Db, leaseSeconds: number): Promise<OutboxRow[]> {
  return db
    .update(realtimeOutbox)
    .set({ nextAttemptAt: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where(
      inArray(
        realtimeOutbox.id,
        db
          .select({ id: realtimeOutbox.id })
          .from(realtimeOutbox)
          .where(lte(realtimeOutbox.nextAttemptAt, sql`now()`))
          .orderBy(asc(realtimeOutbox.id))
          .limit(BATCH)
          .for("update", { skipLocked: true }),
      ),
    )
    .returning()
    .then((rows) => rows.sort((a, b) => a.id - b.id));
}

/**
 * Publishes due outbox rows once: claim (committed at once), publish with no transaction open,
 * then delete what was delivered or release it with exponential backoff. No HTTP call ever runs
 * while the database holds a lock or a connection for it, so a hanging realtime service delays
 * nothing but its own events. Returns how many rows were delivered.
 */
export async function drainOutboxOnce(
  db: Db,
  publish: Publish,
  options: DrainOptions = {},
): Promise<{ delivered: number; failed: number }> {
  const leaseSeconds = options.leaseSeconds ?? LEASE_SECONDS;
  const rows = await claimDue(db, leaseSeconds);
  if (rows.length === 0) return { delivered: 0, failed: 0 };
  const ids = rows.map((r) => r.id);
  try {
    await publish(await buildEvents(db, rows));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const expired = rows.filter((r) => Date.now() - r.createdAt.getTime() > EXPIRE_AFTER_MS).map((r) => r.id);
    await db.transaction(async (tx) => {
      if (expired.length) await tx.delete(realtimeOutbox).where(inArray(realtimeOutbox.id, expired));
      await tx
        .update(realtimeOutbox)
        .set({
          attempts: sql`${realtimeOutbox.attempts} + 1`,
          nextAttemptAt: sql`now() + least(power(2, ${realtimeOutbox.attempts}), 30) * interval '1 second'`,
          lastError: message.slice(0, 500),
        })
        .where(inArray(realtimeOutbox.id, ids));
    });
    return { delivered: 0, failed: rows.length };
  }
  await db.delete(realtimeOutbox).where(inArray(realtimeOutbox.id, ids));
  return { delivered: rows.length, failed: 0 };
}

/** The SDK client the publisher uses: every request gives up after PUBLISH_TIMEOUT_MS. */
export function createPublisherClient(config: Omit<ServerRealtimeConfig, "cluster"> & { cluster?: string }): Pusher {
  return new Pusher({
    appId: config.appId,
    key: config.key,
    secret: config.secret,
    host: config.host,
    port: String(config.port),
    useTLS: config.useTLS,
    ...(config.cluster ? { cluster: config.cluster } : {}),
    timeout: PUBLISH_TIMEOUT_MS,
  });
}

const state = globalThis as unknown as {
  recallPublisher?: RunState & { client: Pusher | null };
};

function publisherState() {
  if (!state.recallPublisher) {
    const config = serverRealtimeConfig();
    const client = config ? createPublisherClient(config) : null;
    state.recallPublisher = { running: false, again: false, client };
  }
  return state.recallPublisher;
}

/** The client the publisher uses (null when no realtime service is configured), for health checks. */
export function publisherClient(): Pusher | null {
  return publisherState().client;
}

/**
 * Closes every live connection of a user whose sessions just ended (sign-out everywhere): their
 * sockets reconnect, and channel auth refuses the ended session. Best effort: a realtime outage
 * must not keep the sign-out from succeeding, and channel auth refuses them on reconnect anyway.
 */
export async function endRealtimeConnections(userId: string): Promise<void> {
  const client = publisherState().client;
  if (!client) return;
  try {
    await client.terminateUserConnections(userId);
  } catch (error) {
    getLogger().error({ userId, error: describeError(error) }, "realtime terminate_connections failed");
  }
}

/**
 * Called after a mutation commits. Runs in the background so the HTTP round trip to the realtime
 * service never adds to the mutation's response time; a kick during a drain makes it loop again.
 */
export function kickPublisher(): void {
  const s = publisherState();
  const client = s.client;
  if (!client) return;
  kickCoalesced(
    s,
    async () => {
      const db = await getDb();
      for (;;) {
        const r = await drainOutboxOnce(db, pusherPublish(client));
        if (r.failed > 0) metrics().publishFailures.inc(r.failed);
        if (r.delivered < BATCH) break;
      }
    },
    (error) => getLogger().error({ error: describeError(error) }, "realtime publish failed; will retry"),
  );
}
