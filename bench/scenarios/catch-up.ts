/**
 * catch_up: a device (bench/workers/device.ts) is a member of 20 groups of 100 messages each and
 * has synced them. It goes offline; the senders recall 1,000 of those messages through the real
 * tRPC endpoint (16 at a time). Then it reconnects: we time `sync.changes` for every conversation
 * until hasMore=false, and check its state equals the database (every message's version and
 * recalled flag, every conversation's version). Floor: one batched request of 20 no-ops.
 */
import { startWorker } from "../lib/ipc";
import { type Sql } from "../lib/pg";
import { seedGroup, seedMessages, seedUsers } from "../lib/seed";
import { sessionCookie } from "../lib/session";
import { type DeviceCommands, type DeviceState } from "../workers/device";
import { type DriverCommands } from "../workers/driver";
import { type AppScenarioContext } from "../lib/scenario";

export interface CatchUpResult {
  ms: number;
  recalls: number;
  conversations: number;
  changes: number;
  requests: number;
  /** The device's state equals the database's. */
  converged: boolean;
  mismatches: number;
  floor_ms: number;
  recall_burst_ms: number;
  recall_failures: number;
}

const CONVERSATIONS = 20;
const MESSAGES = 100;
const RECALLS = 1000;

export async function catchUp(opts: AppScenarioContext): Promise<CatchUpResult> {
  const { sql, app } = opts;
  const users = await seedUsers(sql, `cu${opts.runId}`, 5);
  const device = users[0]!;
  const senders = users.slice(1);
  const conversationIds: string[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) conversationIds.push(await seedGroup(sql, `Catch-up ${i}`, users));
  const seeded = await seedMessages(sql, conversationIds, senders, MESSAGES);
  const cookies = new Map(
    await Promise.all(users.map(async (u) => [u.id, await sessionCookie(app.nextAuthSecret, u)] as const)),
  );

  // 50 of each conversation's 100 messages, recalled by their senders.
  const perConversation = RECALLS / CONVERSATIONS;
  const byConversation = new Map<string, typeof seeded>();
  for (const m of seeded) byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
  const targets = [...byConversation.values()].flatMap((ms) => ms.slice(0, perConversation));
  // Interleave conversations, as independent senders would.
  targets.sort((a, b) => a.id.localeCompare(b.id));

  const dev = startWorker<DeviceCommands>("device", "catch-up-device");
  const driver = startWorker<DriverCommands>("driver", "catch-up-recaller");
  try {
    await dev.call("init", { baseUrl: app.baseUrl, cookie: cookies.get(device.id)!, conversationIds });
    await driver.call("init", { baseUrl: app.baseUrl, realtime: app.realtime });
    const initial = await dev.call("sync", null);
    opts.log(`catch_up: device synced ${initial.changes} messages; offline; ${targets.length} recalls…`);
    const burst = await driver.call("recallMany", {
      items: targets.map((t) => ({ cookie: cookies.get(t.senderId)!, messageId: t.id })),
      concurrency: 16,
    });
    if (burst.failed)
      throw new Error(`catch_up: ${burst.failed} of ${targets.length} recalls failed, first: ${burst.firstError}`);
    const floor = await dev.call("noopBatch", null);
    const result = await dev.call("catchUp", null);
    const mismatches = await compareWithDatabase(sql, conversationIds, result.state);
    return {
      ms: result.ms,
      recalls: burst.ok,
      conversations: CONVERSATIONS,
      changes: result.changes,
      requests: result.requests,
      converged: mismatches === 0,
      mismatches,
      floor_ms: floor.ms,
      recall_burst_ms: burst.ms,
      recall_failures: burst.failed,
    };
  } finally {
    await Promise.all([dev.stop(), driver.stop()]);
  }
}

/** Number of differences between the device's state and the database (0 = converged). */
async function compareWithDatabase(sql: Sql, conversationIds: string[], state: DeviceState): Promise<number> {
  const messages = await sql<{ id: string; version: string; recalled: boolean }[]>`
    select id, version, revoked_at is not null as recalled from messages where conversation_id = any(${conversationIds}::uuid[])`;
  const convs = await sql<
    { id: string; version: string }[]
  >`select id, version from conversations where id = any(${conversationIds}::uuid[])`;
  let mismatches = 0;
  for (const m of messages) {
    const d = state.messages[m.id];
    if (!d || d.version !== Number(m.version) || d.recalled !== m.recalled) mismatches++;
  }
  if (Object.keys(state.messages).length !== messages.length)
    mismatches += Math.abs(Object.keys(state.messages).length - messages.length);
  for (const c of convs) if (state.versions[c.id] !== Number(c.version)) mismatches++;
  return mismatches;
}
