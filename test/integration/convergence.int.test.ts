import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "~/db/client";
import { type SessionUser } from "~/server/context";
import { startPusherServer, type RunningPusherServer } from "~/server/realtime/pusher-server/server";
import { drainOutboxOnce, pusherPublish } from "~/server/realtime/publisher";
import { connectDevice, disconnectAll, observe, type SimDevice } from "../convergence/device-model";
import {
  compareDevice,
  describeDivergence,
  type Divergence,
  expectedViews,
  Ledger,
  oracleSql,
  type OracleRow,
} from "../convergence/oracle";
import { callerFor, clientMsgId, createGroup, createTestDb, createUser, type TestDb } from "../harness";
import { memberClient, serverSdk, TEST_APP, within } from "../realtime-client";

/**
 * N simulated devices (the shared device model: the browser's SyncEngine over tRPC callers, fed
 * by the official pusher-js) while users send, recall, edit and hide ("delete for me") at random, devices drop off and come
 * back, and the realtime server is killed for 10 s mid-run (mutations keep committing; the
 * outbox waits). At the end every device must show exactly what the SQL oracle says members see,
 * and the run's ledger of acknowledged sends and recalls must hold in the tables.
 */
const DEVICES = 12;
const OPERATIONS = 160;
const DOWNTIME_MS = 10_000;

let t: TestDb;
let server: RunningPusherServer;
let port: number;
let users: SessionUser[];
let conversations: string[];

const devices: SimDevice[] = [];

// Deterministic pseudo-random sequence so a failure can be replayed.
let seed = 20261126;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
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
      // drainOutboxOnce records a failed publish on the rows (backoff) and returns; it throws only on a DB error.
      await drainOutboxOnce(t.db, pusherPublish(serverSdk(port)));
      await new Promise((r) => setTimeout(r, 15));
    }
  })();
});

afterAll(async () => {
  publishing = false;
  await publisherLoop;
  disconnectAll(devices);
  await server.close();
  await t.close();
});

function makeDevice(i: number): Promise<SimDevice> {
  const user = users[i % users.length]!;
  const api = callerFor(t.db, user);
  return connectDevice({
    name: `device-${i}`,
    userId: user.id,
    conversations,
    api: { history: (input) => api.message.history(input), changes: (input) => api.sync.changes(input) },
    client: memberClient(t.db, user.id, port),
  });
}

async function divergences(): Promise<Divergence[]> {
  const rows = await oracleRows();
  return devices.flatMap((d) => {
    const expected = expectedViews(rows, d.userId);
    return conversations.flatMap((id) => compareDevice(d.name, id, observe(d, id), expected.get(id) ?? new Map()));
  });
}

const oracleRows = async () => rowsOf<OracleRow>(await t.db.execute(sql.raw(oracleSql(conversations))));

/**
 * Refusals the random actors are expected to meet: the owner of "One" is a plain member in "Two",
 * windows pass, a recalled message cannot be edited.
 */
function refused(error: unknown): null {
  if (error instanceof TRPCError && (error.code === "FORBIDDEN" || error.code === "CONFLICT")) return null;
  throw error;
}

describe("multi-device convergence", () => {
  it(`${DEVICES} devices converge after ${OPERATIONS} random operations, disconnects and the realtime server down for 10 s`, async () => {
    for (let i = 0; i < DEVICES; i++) devices.push(await makeDevice(i));
    const sent: { id: string; sender: SessionUser; conversationId: string }[] = [];
    const ledger = new Ledger();
    let recalls = 0;
    let edits = 0;
    let hides = 0;
    const hiddenNow = new Set<string>();
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
      if (roll < 0.45 || sent.length === 0) {
        const sender = pick(users);
        const conversationId = pick(conversations);
        const cid = clientMsgId();
        const m = await callerFor(t.db, sender).message.send({
          conversationId,
          clientMsgId: cid,
          body: `op ${op} from ${sender.name}`,
        });
        sent.push({ id: m.id, sender, conversationId });
        ledger.sent(sender.id, cid, m.id, conversationId);
        if (downSince) sentWhileDown += 1;
      } else if (roll < 0.65) {
        // Senders recall their own; the owner of "One" moderates there.
        const target = pick(sent);
        const actor = random() < 0.7 ? target.sender : users[0]!;
        const r = await callerFor(t.db, actor).message.recall({ messageId: target.id }).catch(refused);
        if (r) ledger.recalled(target.id, r.message.version);
        if (r && !r.alreadyRecalled) recalls += 1;
      } else if (roll < 0.75) {
        // Senders edit their own (refused once recalled).
        const target = pick(sent);
        const body = `op ${op}: edited`;
        const r = await callerFor(t.db, target.sender).message.edit({ messageId: target.id, body }).catch(refused);
        if (r) ledger.edited(target.id, r.message.version, body);
        if (r) edits += 1;
      } else if (roll < 0.85) {
        // Someone deletes a message for themselves, or takes that back.
        const target = pick(sent);
        const user = pick(users);
        const key = `${user.id}/${target.id}`;
        const hide = !hiddenNow.has(key);
        await callerFor(t.db, user).message[hide ? "hide" : "unhide"]({ messageId: target.id });
        if (hide) hiddenNow.add(key);
        else hiddenNow.delete(key);
        ledger.hid(user.id, target.id, hide);
        hides += 1;
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

    let remaining: Divergence[] = [];
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
      throw new Error(
        `${error.message}; ${remaining.length} divergence(s):\n${remaining.slice(0, 20).map(describeDivergence).join("\n")}`,
      );
    });

    const catchUps = devices.reduce((n, d) => n + d.resubscribeCatchUps, 0);
    const ledgerProblems = ledger.check(await oracleRows());
    console.log(
      `convergence: devices=${DEVICES} operations=${OPERATIONS} sends=${sent.length} recalls=${recalls} edits=${edits} hides=${hides} disconnects=${disconnects} ` +
        `realtime down ${DOWNTIME_MS / 1000} s (sends committed meanwhile=${sentWhileDown}) catch-ups after reconnect=${catchUps} divergences=${remaining.length}`,
    );
    expect(remaining.map(describeDivergence)).toEqual([]);
    expect(ledgerProblems).toEqual([]);
    expect(ledger.counts.sends).toBe(sent.length);
    expect(ledger.counts.recalledAtEnd).toBeGreaterThan(10);
    expect(recalls).toBeGreaterThan(10);
    expect(edits).toBeGreaterThan(5);
    expect(hides).toBeGreaterThan(5);
    expect(catchUps).toBeGreaterThan(0);
    expect(sentWhileDown).toBeGreaterThan(0);
  }, 90_000);
});
