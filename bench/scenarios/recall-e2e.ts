/**
 * recall_e2e: a group of 500 members, every member a Pusher-protocol client subscribed to the
 * conversation's private channel (signed by the app's /api/pusher/auth with that member's
 * session). Repeatedly: send a message, wait until all 500 have `message.created`, recall it
 * through tRPC, and measure from just before the recall request to the moment the LAST client
 * got `message.recalled`. Interleaved with the floor: a no-op tRPC round trip (`user.me`) then a
 * raw `pusher.trigger` of the same payload to the same 500 sockets, to the last receipt.
 * "Lost" = clients that had not received the event 5 s after the request.
 */
import { conversationChannel } from "~/server/realtime/events";
import { sleep } from "../lib/clock";
import { startWorker, type Worker } from "../lib/ipc";
import { seedGroup, seedUsers } from "../lib/seed";
import { sessionCookie } from "../lib/session";
import { MIN_P99_SAMPLES, ratio, summarize } from "../lib/stats";
import { type DriverCommands } from "../workers/driver";
import { type SubscriberCommands } from "../workers/subscribers";
import { type AppScenarioContext } from "../lib/scenario";

export interface RecallE2EResult {
  clients: number;
  client: string;
  iterations: number;
  p50: number;
  p95: number;
  p99: number | null;
  lost: number;
  floor_p50: number;
  floor_p95: number;
  floor_p99: number | null;
  ratio_p95: number | null;
  /** Recall mutation round trip alone (request → response), and the same for the floor's no-op. */
  mutation_p50: number;
  mutation_p95: number;
  floor_noop_p50: number;
  floor_noop_p95: number;
  /** Recall request → the FIRST client has it (the rest of e2e is the fan-out spread); same for the floor. */
  first_p50: number;
  first_p95: number;
  floor_first_p50: number;
  floor_first_p95: number;
  /** message.send → last client has message.created. */
  send_e2e_p50: number;
  send_e2e_p95: number;
  lost_created: number;
  floor_lost: number;
  connect_ms: number;
}

const MEMBERS = 500;
const WORKERS = 2;
const WAIT_MS = 5000;

export async function recallE2E(opts: AppScenarioContext): Promise<RecallE2EResult> {
  const { app, sql, log } = opts;
  // At least MIN_P99_SAMPLES in quick mode too, so the report has a p99.
  const iterations = opts.quick ? MIN_P99_SAMPLES : 200;
  const warmup = 5;
  const members = await seedUsers(sql, `e2e${opts.runId}`, MEMBERS);
  const conversationId = await seedGroup(sql, "Bench e2e", members);
  const cookies = await Promise.all(members.map((m) => sessionCookie(app.nextAuthSecret, m)));
  const owner = cookies[0]!;
  const channel = conversationChannel(conversationId);

  const driver = startWorker<DriverCommands>("driver", "e2e-driver");
  const subs: Worker<SubscriberCommands>[] = [];
  for (let w = 0; w < WORKERS; w++) subs.push(startWorker<SubscriberCommands>("subscribers", `e2e-subscribers-${w}`));
  try {
    // Completion bookkeeping: a key is done when every subscriber process reported it.
    const done = new Map<string, { workers: number; first: number; last: number }>();
    const waiters = new Map<string, () => void>();
    for (const s of subs) {
      s.on("complete", (raw) => {
        const { key, first, last } = raw as { key: string; first: number; last: number };
        const d = done.get(key) ?? { workers: 0, first, last: 0 };
        d.workers += 1;
        d.first = Math.min(d.first, first);
        d.last = Math.max(d.last, last);
        done.set(key, d);
        if (d.workers === WORKERS) waiters.get(key)?.();
      });
    }
    const waitAll = async (key: string): Promise<{ first: number; last: number | null; missing: number }> => {
      if ((done.get(key)?.workers ?? 0) < WORKERS) {
        await Promise.race([new Promise<void>((r) => waiters.set(key, r)), sleep(WAIT_MS)]);
        waiters.delete(key);
      }
      const d = done.get(key);
      if (d && d.workers === WORKERS) return { first: d.first, last: d.last, missing: 0 };
      const counts = await Promise.all(subs.map((s) => s.call("counts", { keys: [key] })));
      return { first: 0, last: null, missing: MEMBERS - counts.reduce((n, c) => n + (c[key]?.count ?? 0), 0) };
    };

    await driver.call("init", { baseUrl: app.baseUrl, realtime: app.realtime });
    const per = MEMBERS / WORKERS;
    log(`recall_e2e: connecting ${MEMBERS} clients (channel auth through /api/pusher/auth)…`);
    const connected = await Promise.all(
      subs.map((s, w) =>
        s.call("connect", {
          wsUrl: app.wsUrl,
          key: app.realtime.key,
          channel,
          clients: per,
          auth: { kind: "app", baseUrl: app.baseUrl, cookies: cookies.slice(w * per, (w + 1) * per) },
          mode: "ids",
          concurrency: 8,
        }),
      ),
    );
    const connectMs = Math.max(...connected.map((c) => c.ms));
    log(
      `recall_e2e: ${connected.reduce((n, c) => n + c.connected, 0)} clients subscribed in ${Math.round(connectMs)} ms; ${iterations} iterations…`,
    );

    const e2e: number[] = [];
    const mutation: number[] = [];
    const sendE2e: number[] = [];
    const floor: number[] = [];
    const floorNoop: number[] = [];
    const firstReceipt: number[] = [];
    const floorFirst: number[] = [];
    let lost = 0;
    let lostCreated = 0;
    let floorLost = 0;
    let payload: { message: { id: string } } | null = null;

    for (let i = 0; i < warmup + iterations; i++) {
      const measured = i >= warmup;
      const sent = await driver.call("send", {
        cookie: owner,
        conversationId,
        body: `Benchmark message ${i} — recall me`,
      });
      const created = await waitAll(`message.created:${sent.id}`);
      if (created.last === null) lostCreated += measured ? created.missing : 0;
      else if (measured) sendE2e.push(created.last - sent.t0);

      const recall = await driver.call("recall", { cookie: owner, messageId: sent.id });
      if (recall.alreadyRecalled) throw new Error("recall_e2e: message was already recalled");
      const recalled = await waitAll(`message.recalled:${sent.id}`);
      if (measured) {
        mutation.push(recall.t1 - recall.t0);
        if (recalled.last === null) lost += recalled.missing;
        else {
          e2e.push(recalled.last - recall.t0);
          firstReceipt.push(recalled.first - recall.t0);
        }
      }

      // The floor publishes the very payload the app published (same size), under another id.
      payload ??= JSON.parse((await subs[0]!.call("sample", { event: "message.recalled" })) ?? "null") as {
        message: { id: string };
      };
      const floorId = `floor-${opts.runId}-${i}`;
      const f = await driver.call("floor", {
        cookie: owner,
        channel,
        event: "message.recalled",
        data: { ...payload, message: { ...payload.message, id: floorId } },
      });
      const fl = await waitAll(`message.recalled:${floorId}`);
      if (measured && fl.last === null) floorLost += fl.missing;
      if (measured && fl.last !== null) {
        floor.push(fl.last - f.t0);
        floorNoop.push(f.tNoop - f.t0);
        floorFirst.push(fl.first - f.t0);
      }
    }

    const s = summarize(e2e);
    const fs = summarize(floor);
    const m = summarize(mutation);
    const fn = summarize(floorNoop);
    const se = summarize(sendE2e);
    const first = summarize(firstReceipt);
    const ffirst = summarize(floorFirst);
    return {
      clients: MEMBERS,
      client: "lean protocol-7 client on ws (bench/lib/pusher-client.ts)",
      iterations,
      p50: s.p50,
      p95: s.p95,
      p99: s.p99,
      lost,
      floor_p50: fs.p50,
      floor_p95: fs.p95,
      floor_p99: fs.p99,
      ratio_p95: ratio(s.p95, fs.p95),
      mutation_p50: m.p50,
      mutation_p95: m.p95,
      floor_noop_p50: fn.p50,
      floor_noop_p95: fn.p95,
      first_p50: first.p50,
      first_p95: first.p95,
      floor_first_p50: ffirst.p50,
      floor_first_p95: ffirst.p95,
      send_e2e_p50: se.p50,
      send_e2e_p95: se.p95,
      lost_created: lostCreated,
      floor_lost: floorLost,
      connect_ms: connectMs,
    };
  } finally {
    await Promise.all([
      driver.stop(),
      ...subs.map(async (s) =>
        s
          .call("close", null)
          .catch(() => null)
          .then(() => s.stop()),
      ),
    ]);
  }
}
