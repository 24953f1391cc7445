import { spawn } from "node:child_process";
import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DbHandle, openDatabase, rowsOf } from "~/db/client";
import { migrate } from "~/db/migrate";
import { auditLog, conversations, messages, realtimeOutbox, recallVault } from "~/db/schema";
import { type AppError } from "~/server/errors";
import { callerFor, createGroup, createUser, onPostgres } from "../harness";
import { runsHere } from "../require-in-ci";
import { postgresBinaries, PrivatePostgres } from "./private-postgres";

/**
 * Faults against a private PostgreSQL cluster (see private-postgres.ts): a restart during load,
 * and an app process killed in the middle of recalls. Runs in the PostgreSQL pass of the suite.
 */
const bin = postgresBinaries();
const run =
  onPostgres &&
  runsHere(
    bin !== null,
    "PostgreSQL server binaries (initdb, pg_ctl) were found neither by `pg_config --bindir`, nor on PATH, nor in /usr/lib/postgresql/*/bin: install PostgreSQL (apt-get install postgresql).",
  );

let pg: PrivatePostgres;
let handle: DbHandle;

beforeAll(async () => {
  if (!run) return;
  pg = new PrivatePostgres(bin!, 55_000 + Math.floor(Math.random() * 5_000));
  pg.init();
  pg.start();
  handle = await openDatabase({ databaseUrl: pg.url, max: 4 });
  await migrate(handle);
}, 120_000);

afterAll(async () => {
  if (!run) return;
  await handle?.close().catch(() => undefined);
  pg.destroy();
});

describe.runIf(run)("faults", () => {
  it("PostgreSQL restarted during load: 503s while down, recovery without restart, nothing lost, nothing duplicated", async () => {
    const db = handle.db;
    const users = await Promise.all(["A", "B", "C"].map((n) => createUser(db, `Fault${n}`)));
    const group = await createGroup(db, "Faults", users.map((u, i) => [u, i === 0 ? "owner" : "member"]) as never);
    const acked = new Map<string, string>();
    const downtimeErrors: string[] = [];
    const TARGET = 90;
    let stopped = false;
    let restarted = false;

    // Three clients, each retrying a send with the SAME clientMsgId until it is acknowledged.
    const client = async (i: number) => {
      for (let n = 0; acked.size < TARGET; n++) {
        const clientMsgId = `fault-${i}-${n}`;
        for (;;) {
          try {
            const m = await callerFor(db, users[i]!).message.send({
              conversationId: group,
              clientMsgId,
              body: `c${i} #${n}`,
            });
            acked.set(clientMsgId, m.id);
            break;
          } catch (error) {
            if (!(error instanceof TRPCError)) throw error;
            downtimeErrors.push(`${error.code}/${(error.cause as AppError | undefined)?.appCode ?? "-"}`);
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      }
    };
    const chaos = (async () => {
      while (acked.size < 20) await new Promise((r) => setTimeout(r, 20));
      pg.stop();
      stopped = true;
      await new Promise((r) => setTimeout(r, 1_500));
      pg.start();
      restarted = true;
    })();
    await Promise.all([client(0), client(1), client(2), chaos]);

    expect(stopped && restarted).toBe(true);
    expect(downtimeErrors.length).toBeGreaterThan(0);
    // While it was down, every failure was the clear, retryable 503, never an internal error.
    expect(new Set(downtimeErrors)).toEqual(new Set(["SERVICE_UNAVAILABLE/DATABASE_UNAVAILABLE"]));
    const rows = await db
      .select({ id: messages.id, clientMsgId: messages.clientMsgId })
      .from(messages)
      .where(eq(messages.conversationId, group));
    const stored = new Map(rows.map((r) => [r.clientMsgId, r.id]));
    for (const [clientMsgId, id] of acked) expect(stored.get(clientMsgId)).toBe(id);
    expect(rows.length).toBe(new Set(rows.map((r) => r.clientMsgId)).size);
    console.log(
      `faults: acknowledged=${acked.size} stored=${rows.length} errors while down=${downtimeErrors.length} (all 503)`,
    );
  }, 60_000);

  it("an app process killed mid-recall leaves no half-applied recall and no lost outbox row", async () => {
    // A new instance's pool: this scenario is independent of the restart above.
    await handle.close();
    handle = await openDatabase({ databaseUrl: pg.url, max: 4 });
    const db = handle.db;
    const [owner, sender, admin] = await Promise.all([
      createUser(db, "KOwner"),
      createUser(db, "KSender"),
      createUser(db, "KAdmin", "admin"),
    ]);
    const group = await createGroup(db, "Killed", [
      [owner, "owner"],
      [sender, "member"],
    ]);
    const ids: string[] = [];
    for (let i = 0; i < 400; i++) {
      ids.push(
        (
          await callerFor(db, sender).message.send({
            conversationId: group,
            clientMsgId: `killed-message-${i}`,
            body: `kill ${i}`,
          })
        ).id,
      );
    }
    await db.delete(realtimeOutbox);
    const worker = spawn(
      process.execPath,
      ["--import", "tsx", "test/faults/recall-worker.ts", pg.url, admin.id, ...ids],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let done = 0;
    await new Promise<void>((resolve, reject) => {
      worker.stdout.on("data", (chunk: Buffer) => {
        done += chunk.length;
        if (done >= 40) {
          worker.kill("SIGKILL");
          resolve();
        }
      });
      worker.once("exit", (code) => (done < 40 ? reject(new Error(`worker exited early (${code})`)) : resolve()));
    });
    await new Promise((r) => worker.once("exit", r));

    const recalled = await db
      .select()
      .from(messages)
      .where(sql`${messages.conversationId} = ${group} and ${messages.revokedAt} is not null`);
    expect(recalled.length).toBeGreaterThanOrEqual(40);
    expect(recalled.length).toBeLessThan(ids.length);
    const ofGroup = sql`in (select id from messages where conversation_id = ${group})`;
    const count = async (
      table: typeof auditLog | typeof recallVault | typeof realtimeOutbox,
      column: string,
      extra = sql``,
    ) =>
      Number(
        rowsOf<{ n: string }>(
          await db.execute(sql`select count(*) as n from ${table} where ${sql.identifier(column)} ${ofGroup} ${extra}`),
        )[0]!.n,
      );
    // Each recall is all or nothing: the mark, the vault copy, the audit row and the outbox row.
    expect(recalled.every((m) => m.body === null && m.revokerId === admin.id)).toBe(true);
    expect(await count(recallVault, "message_id")).toBe(recalled.length);
    expect(await count(auditLog, "target_message_id", sql`and action = 'recall'`)).toBe(recalled.length);
    expect(await count(realtimeOutbox, "message_id", sql`and event = 'message.recalled'`)).toBe(recalled.length);
    const [conv] = await db
      .select({ version: conversations.version })
      .from(conversations)
      .where(eq(conversations.id, group));
    const [max] = await db
      .select({ v: sql<number>`max(${messages.version})`.mapWith(Number) })
      .from(messages)
      .where(eq(messages.conversationId, group));
    expect(conv!.version).toBe(max!.v);
    console.log(`faults: worker killed after ${recalled.length}/${ids.length} recalls; all complete, none partial`);
  }, 120_000);
});
