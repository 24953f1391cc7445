import { QueryClient } from "@tanstack/react-query";
import type Pusher from "pusher-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SyncEngine, timelineKey } from "~/app/_realtime/sync-engine";
import { type SessionUser } from "~/server/context";
import { conversationChannel, type MessageEventPayload } from "~/server/realtime/events";
import { startPusherServer, type RunningPusherServer } from "~/server/realtime/pusher-server/server";
import { drainOutboxOnce, pusherPublish } from "~/server/realtime/publisher";
import { callerFor, clientMsgId, createGroup, createTestDb, createUser, type TestDb } from "../harness";
import { memberClient, serverSdk, TEST_APP, within } from "../realtime-client";

/**
 * N simulated devices — the browser's own SyncEngine over tRPC callers, fed by the official
 * pusher-js — while users send and recall at random, devices drop off and come back, and the
 * realtime server is killed for 10 s mid-run (mutations keep committing; the outbox waits). At the end every device must hold exactly what
 * the database says members see.
 */
const DEVICES = 12;
const OPERATIONS = 160;
const DOWNTIME_MS = 10_000;

let t: TestDb;
let server: RunningPusherServer;
let port: number;
let users: SessionUser[];
let conversations: string[];

interface Device {
  name: string;
  user: SessionUser;
  queryClient: QueryClient;
  engine: SyncEngine;
  client: Pusher;
  catchUps: number;
}
const devices: Device[] = [];

// Deterministic pseudo-random sequence so a failure can be replayed.
let seed = 20261126;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;

let publishing = true;
let publisherLoop: Promise<void>;

beforeAll(async () => {
  t = await createTestDb();
  users = [];
  for (const name of ["Ann", "Ben", "Cat", "Dan"]) users.push(await createUser(t.db, name));
  conversations = [
    await createGroup(t.db, "One", [
      [users[0]!, "owner"],
      [users[1]!, "admin"],
      [users[2]!, "member"],
      [users[3]!, "member"],
    ]),
    await createGroup(t.db, "Two", [
      [users[1]!, "owner"],
      [users[0]!, "member"],
      [users[2]!, "member"],
      [users[3]!, "member"],
    ]),
  ];
  server = await startPusherServer({ ...TEST_APP, port: 0 });
  port = server.port;
  // The app's background publisher, as one loop: failures (server down) are retried by backoff.
  publisherLoop = (async () => {
    while (publishing) {
      await drainOutboxOnce(t.db, pusherPublish(serverSdk(port))).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 15));
    }
  })();
});

afterAll(async () => {
  publishing = false;
  await publisherLoop;
  devices.forEach((d) => d.client.disconnect());
  await server.close();
  await t.close();
});

async function makeDevice(i: number): Promise<Device> {
  const user = users[i % users.length]!;
  const queryClient = new QueryClient();
  const api = callerFor(t.db, user);
  const engine = new SyncEngine(queryClient, {
    history: (input) => api.message.history(input),
    changes: (input) => api.sync.changes(input),
  });
  const client = memberClient(t.db, user.id, port);
  const device: Device = { name: `device-${i}`, user, queryClient, engine, client, catchUps: 0 };
  // Exactly what the browser does: events into the engine; a reconnect triggers catch-up.
  let lost = false;
  client.connection.bind("state_change", ({ previous, current }: { previous: string; current: string }) => {
    if (previous === "connected" && current !== "connected") lost = true;
    if (current === "connected" && lost) {
      lost = false;
      device.catchUps += 1;
      engine.catchUpAll();
    }
  });
  for (const id of conversations) {
    queryClient.setQueryData(timelineKey(id), await engine.loadTimeline(id));
    const channel = client.subscribe(conversationChannel(id));
    for (const event of ["message.created", "message.recalled", "message.restored"]) {
      channel.bind(event, (payload: MessageEventPayload) => engine.handleMessageEvent(payload));
    }
  }
  return device;
}

/** What members see, from the database: id → body (null when recalled, absent when silent). */
async function truth(conversationId: string): Promise<Map<string, string | null>> {
  const page = await callerFor(t.db, users[3]!).message.history({ conversationId, limit: 100 });
  expect(page.hasMore).toBe(false);
  return new Map(page.messages.map((m) => [m.id, m.body]));
}

function deviceView(d: Device, conversationId: string): Map<string, string | null> {
  const timeline = d.engine.get(conversationId);
  return new Map((timeline?.messages ?? []).map((m) => [m.id, m.body]));
}

async function divergences(): Promise<string[]> {
  const out: string[] = [];
  for (const id of conversations) {
    const expected = [...(await truth(id)).entries()].sort().join("|");
    for (const d of devices) {
      if ([...deviceView(d, id).entries()].sort().join("|") !== expected) out.push(`${d.name}/${id}`);
    }
  }
  return out;
}

describe("multi-device convergence", () => {
  it(`${DEVICES} devices converge after ${OPERATIONS} random operations, disconnects and the realtime server down for 10 s`, async () => {
    for (let i = 0; i < DEVICES; i++) devices.push(await makeDevice(i));
    const sent: { id: string; sender: SessionUser; conversationId: string }[] = [];
    let recalls = 0;
    let disconnects = 0;
    let downSince = 0;
    let sentWhileDown = 0;
    for (let op = 0; op < OPERATIONS; op++) {
      if (op === Math.floor(OPERATIONS / 3)) {
        await server.close();
        downSince = Date.now();
      }
      if (op === Math.floor(OPERATIONS / 2)) {
        // The realtime server stays down for 10 s while sends and recalls go on.
        await new Promise((r) => setTimeout(r, Math.max(0, downSince + DOWNTIME_MS - Date.now())));
        server = await startPusherServer({ ...TEST_APP, port });
        downSince = 0;
      }
      const roll = random();
      if (roll < 0.55 || sent.length === 0) {
        const sender = pick(users);
        const conversationId = pick(conversations);
        const m = await callerFor(t.db, sender).message.send({ conversationId, clientMsgId: clientMsgId(), body: `op ${op} from ${sender.name}` });
        sent.push({ id: m.id, sender, conversationId });
        if (downSince) sentWhileDown += 1;
      } else if (roll < 0.85) {
        // Senders recall their own; the owner of "One" moderates there.
        const target = pick(sent);
        const actor = random() < 0.7 ? target.sender : users[0]!;
        const r = await callerFor(t.db, actor).message.recall({ messageId: target.id }).catch(() => null);
        if (r && !r.alreadyRecalled) recalls += 1;
      } else {
        const d = pick(devices);
        if (d.client.connection.state === "connected") {
          d.client.disconnect();
          disconnects += 1;
        } else {
          d.client.connect();
        }
      }
      if (op % 10 === 0) await new Promise((r) => setTimeout(r, 20));
    }
    // Everyone comes back online (as a laptop waking up would).
    for (const d of devices) if (d.client.connection.state !== "connected") d.client.connect();

    let remaining: string[] = [];
    await within(
      (async () => {
        for (;;) {
          remaining = await divergences();
          if (remaining.length === 0) return;
          await new Promise((r) => setTimeout(r, 200));
        }
      })(),
      "every device to match the database",
      30_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; diverged: ${remaining.join(", ")}`);
    });

    const catchUps = devices.reduce((n, d) => n + d.catchUps, 0);
    console.log(
      `convergence: devices=${DEVICES} operations=${OPERATIONS} sends=${sent.length} recalls=${recalls} disconnects=${disconnects} ` +
        `realtime down ${DOWNTIME_MS / 1000} s (sends committed meanwhile=${sentWhileDown}) catch-ups after reconnect=${catchUps} divergences=${remaining.length}`,
    );
    expect(remaining).toEqual([]);
    expect(recalls).toBeGreaterThan(10);
    expect(catchUps).toBeGreaterThan(0);
    expect(sentWhileDown).toBeGreaterThan(0);
  }, 90_000);
});
