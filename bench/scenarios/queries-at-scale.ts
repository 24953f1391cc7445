/**
 * queries_at_scale: a database of its own filled with set-based SQL (INSERT … SELECT
 * generate_series, in chunks) to 1,000,000 messages in 10,000 conversations (`--quick`: 100,000
 * in 1,000, in another database), reused between runs when its marker row matches. Then
 * bench/workers/queries.ts times the real procedures and captures their plans.
 *
 * Shape: 10% direct conversations, the rest groups of 5; 100 messages per conversation, spread
 * over a year and interleaved across conversations; 2% recalled by their sender (vault row,
 * audit row; some purged, a third reviewed), 1% of conversations with a restored message, 5% of
 * messages with an image attached, the probe's hides of 2% of its messages. A
 * "probe" user belongs to 500 conversations (30 unread in each); an admin reviews.
 */
import { openDatabase } from "~/db/client";
import { migrate } from "~/db/migrate";
import { now } from "../lib/clock";
import { startWorker } from "../lib/ipc";
import { connect, createDatabase, databaseExists, type Sql, withDatabase } from "../lib/pg";
import { benchPasswordHash } from "../lib/seed";
import { type CaseResult, type QueryCommands } from "../workers/queries";

export interface QueriesResult {
  database: string;
  messages: number;
  conversations: number;
  reused: boolean;
  fill_seconds: number | null;
  iterations: number;
  history_p50: number;
  history_p99: number | null;
  changes_p50: number;
  changes_p99: number | null;
  list_p50: number;
  list_p99: number | null;
  review_p50: number;
  review_p99: number | null;
  review_filtered_p50: number;
  review_filtered_p99: number | null;
  pk_p50: number;
  pk_p99: number | null;
  /** Sequential scans of `messages` executed during the timed runs (pg_stat_user_tables). */
  seq_scans: number;
  /** Plans whose EXPLAIN shows a Seq Scan on messages. */
  seq_scan_plans: string[];
  seq_scans_by_table: Record<string, number>;
  cases: CaseResult[];
}

const PROBE = "00000000-0000-4000-8000-000000000001";
const ADMIN = "00000000-0000-4000-8000-000000000002";
const PER_CONVERSATION = 100;
const FILL_VERSION = 2;

const uid = (expr: string) => `('00000000-0000-4000-8001-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;
const cid = (expr: string) => `('00000000-0000-4000-9000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`;

async function fill(sql: Sql, C: number, U: number, log: (line: string) => void): Promise<void> {
  const M = PER_CONVERSATION;
  const step = C / 500; // the probe is in conversations c ≡ 1 (mod step): 500 of them, all groups
  const spacing = Math.floor((365 * 86400) / (C * M)); // seconds between consecutive messages overall
  const hash = await benchPasswordHash();
  await sql`
    insert into users (id, name, email, password_hash, role) values
      (${PROBE}, 'Probe', 'probe@bench.local', ${hash}, 'user'), (${ADMIN}, 'Admin', 'admin@bench.local', ${hash}, 'admin')`;
  await sql.unsafe(
    `insert into users (id, name, email, password_hash, role)
     select ${uid("g")}, 'Scale user ' || g, 'scale-' || g || '@bench.local', $1, 'user' from generate_series(1, ${U}) g`,
    [hash],
  );
  await sql.unsafe(`
    insert into conversations (id, kind, title, direct_key, created_by, created_at)
    select ${cid("c")}, (case when c % 10 = 0 then 'direct' else 'group' end)::conversation_kind,
           case when c % 10 = 0 then null else 'Scale group ' || c end,
           case when c % 10 = 0 then 'scale-' || c end,
           ${uid(`1 + (c * 7) % ${U}`)}, now() - interval '400 days'
      from generate_series(1, ${C}) c`);
  const member = (j: string) => uid(`1 + ((c * 7 + ${j} * 1009) % ${U})`);
  await sql.unsafe(`
    insert into conversation_members (conversation_id, user_id, role, last_read_seq, joined_at)
    select ${cid("c")}, ${member("j")}, (case when j = 0 and c % 10 <> 0 then 'owner' else 'member' end)::member_role, ${M}, now() - interval '400 days'
      from generate_series(1, ${C}) c cross join generate_series(0, 4) j
     where j < case when c % 10 = 0 then 2 else 5 end
    union all
    select ${cid("c")}, '${PROBE}'::uuid, 'member', ${M - 30}, now() - interval '400 days'
      from generate_series(1, ${C}) c where c % ${step} = 1`);

  // Messages, 1,000 conversations (100,000 rows) per statement.
  const recalled = `(s % 50 = 7)`;
  const sender = `case when c % ${step} = 1 and s % 10 = 5 then '${PROBE}'::uuid else ${member(`(s % case when c % 10 = 0 then 2 else 5 end)`)} end`;
  const created = `now() - make_interval(secs => ((${M} - s) * ${C} + (${C} - c)) * ${spacing} + 60)`;
  for (let lo = 1; lo <= C; lo += 1000) {
    const hi = Math.min(C, lo + 999);
    const t0 = now();
    await sql.unsafe(`
      insert into messages (id, conversation_id, seq, sender_id, kind, client_msg_id, body, reply_to_id, created_at,
                            revoked_at, revoker_id, revoke_reason, revoker_kind, revoke_silent, version)
      select md5(c || ':' || s)::uuid, ${cid("c")}, s, x.sender, 'text', 'scale-' || c || '-' || s,
             case when ${recalled} then null else 'Message ' || s || ' in conversation ' || c || ': ' || md5(s || '/' || c) end,
             case when s % 10 = 3 then md5(c || ':' || (s - 1))::uuid end,
             x.created,
             case when ${recalled} then x.created + interval '30 seconds' end,
             case when ${recalled} then x.sender end,
             case when ${recalled} and s % 100 = 7 then 'typo' end,
             case when ${recalled} then 'sender'::revoker_kind end,
             case when ${recalled} then false end,
             case when ${recalled} then ${M} + 1 + s / 50 when c % 100 = 1 and s = 20 then ${M} + 3 else s end
        from generate_series(${lo}, ${hi}) c cross join generate_series(1, ${M}) s
        cross join lateral (select ${sender} as sender, ${created} as created) x`);
    log(`queries_at_scale: messages of conversations ${lo}–${hi} in ${Math.round(now() - t0)} ms`);
  }
  const purged = `(m.conversation_id in (select ${cid("c")} from generate_series(1, ${C}) c where c % 50 = 2) and m.seq = 7)`;
  await sql.unsafe(`
    insert into recall_vault (message_id, body, retained_until, created_at)
    select m.id, 'Original text of message ' || m.seq, m.revoked_at + interval '30 days', m.revoked_at
      from messages m where m.revoked_at is not null and not ${purged}`);
  await sql.unsafe(`
    insert into audit_log (actor_id, action, target_message_id, target_conversation_id, target_user_id, reason, details, created_at)
    select m.revoker_id, 'recall'::audit_action, m.id, m.conversation_id, m.sender_id, m.revoke_reason,
           jsonb_build_object('as', 'sender', 'policy', 'retain', 'notice', 'tip', 'version', m.version), m.revoked_at
      from messages m where m.revoked_at is not null
    union all
    select null::uuid, 'purge'::audit_action, m.id, m.conversation_id, m.sender_id, null::text, '{"by":"retention"}'::jsonb, m.revoked_at + interval '1 day'
      from messages m where m.revoked_at is not null and ${purged}
    union all
    select m.sender_id, 'recall'::audit_action, m.id, m.conversation_id, m.sender_id, null,
           jsonb_build_object('as', 'sender', 'policy', 'retain', 'notice', 'tip', 'version', ${M} + 1), m.created_at + interval '30 seconds'
      from messages m where m.seq = 20 and m.conversation_id in (select ${cid("c")} from generate_series(1, ${C}) c where c % 100 = 1)
    union all
    select '${ADMIN}'::uuid, 'restore'::audit_action, m.id, m.conversation_id, m.sender_id, null,
           jsonb_build_object('version', ${M} + 3), m.created_at + interval '60 seconds'
      from messages m where m.seq = 20 and m.conversation_id in (select ${cid("c")} from generate_series(1, ${C}) c where c % 100 = 1)
    order by 8`);
  await sql.unsafe(`
    insert into recall_reviews (message_id, reviewer_id, note, created_at)
    select m.id, '${ADMIN}'::uuid, 'ok', m.revoked_at + interval '1 hour'
      from messages m where m.revoked_at is not null and m.conversation_id in (select ${cid("c")} from generate_series(1, ${C}) c where c % 3 = 0)`);
  // Files on one message in 20 (an image each), and the probe's hides of one message in 50 of its
  // conversations: the tables the member view reads per row are not empty, as in production.
  await sql.unsafe(`
    insert into attachments (uploader_id, conversation_id, message_id, position, kind, mime, name, size_bytes,
                             stored_bytes, width, height, keys, created_at)
    select m.sender_id, m.conversation_id, m.id, 1, 'image', 'image/jpeg', 'photo-' || m.seq || '.jpg', 250000,
           300000, 1600, 1200, array['a/' || m.id || '/display.jpg', 'a/' || m.id || '/thumb.jpg'], m.created_at
      from messages m where m.seq % 20 = 4`);
  await sql.unsafe(`
    insert into message_hides (user_id, message_id, conversation_id, hidden, version, changed_at)
    select '${PROBE}'::uuid, m.id, m.conversation_id, true, m.version, m.created_at
      from messages m join conversation_members cm on cm.conversation_id = m.conversation_id and cm.user_id = '${PROBE}'::uuid
     where m.seq % 50 = 5`);
  await sql.unsafe(`
    update conversations c set version = a.version, last_seq = a.seq, last_message_at = a.at
      from (select conversation_id, max(version) as version, max(seq) as seq, max(created_at) as at from messages group by conversation_id) a
     where a.conversation_id = c.id`);
}

export async function queriesAtScale(opts: {
  serverUrl: string;
  quick: boolean;
  log: (line: string) => void;
}): Promise<QueriesResult> {
  const C = opts.quick ? 1000 : 10_000;
  const U = opts.quick ? 500 : 5000;
  const name = opts.quick ? "recall_bench_scale_quick" : "recall_bench_scale";
  const url = withDatabase(opts.serverUrl, name);
  const spec = `v${FILL_VERSION} conversations=${C} messages=${C * PER_CONVERSATION} users=${U}`;

  let reused = false;
  if (await databaseExists(opts.serverUrl, name)) {
    const sql = connect(url, 1);
    try {
      const rows = await sql`select 1 from bench_fill where spec = ${spec}`.catch(() => []);
      reused = rows.length > 0;
    } finally {
      await sql.end();
    }
  }
  let fillSeconds: number | null = null;
  if (!reused) {
    opts.log(`queries_at_scale: filling ${name} (${spec}) — once; later runs reuse it`);
    const t0 = now();
    await createDatabase(opts.serverUrl, name, true);
    const handle = await openDatabase({ databaseUrl: url, max: 1 });
    await migrate(handle);
    await handle.close();
    const sql = connect(url, 1);
    try {
      await sql.unsafe("set maintenance_work_mem = '256MB'");
      await fill(sql, C, U, opts.log);
      await sql.unsafe("vacuum (analyze)");
      await sql`create table bench_fill (spec text primary key, filled_at timestamptz not null default now())`;
      await sql`insert into bench_fill (spec) values (${spec})`;
    } finally {
      await sql.end();
    }
    fillSeconds = (now() - t0) / 1000;
    opts.log(`queries_at_scale: filled in ${fillSeconds.toFixed(0)} s`);
  } else {
    // Migrations added since the fill (e.g. a new index) are applied to the reused database.
    const handle = await openDatabase({ databaseUrl: url, max: 1 });
    await migrate(handle);
    await handle.close();
  }

  const sql = connect(url, 1);
  let conversations: { id: string; version: number }[];
  let messageIds: string[];
  try {
    conversations = (
      await sql<{ id: string; version: string }[]>`
        select c.id, c.version from conversation_members cm join conversations c on c.id = cm.conversation_id where cm.user_id = ${PROBE} order by c.id`
    ).map((r) => ({ id: r.id, version: Number(r.version) }));
    messageIds = (await sql<{ id: string }[]>`select id from messages tablesample system (1) limit 1000`).map(
      (r) => r.id,
    );
  } finally {
    await sql.end();
  }

  const iterations = opts.quick ? 300 : 1000;
  const worker = startWorker<QueryCommands>("queries", "queries-at-scale");
  try {
    const r = await worker.call("run", {
      databaseUrl: url,
      iterations,
      budgetMsPerCase: opts.quick ? 8000 : 30_000,
      warmup: 10,
      probeId: PROBE,
      adminId: ADMIN,
      conversations,
      messageIds,
    });
    const get = (n: string) => r.cases.find((c) => c.name === n)!;
    return {
      database: name,
      messages: C * PER_CONVERSATION,
      conversations: C,
      reused,
      fill_seconds: fillSeconds,
      iterations,
      history_p50: get("history").p50,
      history_p99: get("history").p99,
      changes_p50: get("changes").p50,
      changes_p99: get("changes").p99,
      list_p50: get("list").p50,
      list_p99: get("list").p99,
      review_p50: get("review").p50,
      review_p99: get("review").p99,
      review_filtered_p50: get("review_filtered").p50,
      review_filtered_p99: get("review_filtered").p99,
      pk_p50: get("pk").p50,
      pk_p99: get("pk").p99,
      seq_scans: r.seqScansDuringRuns.messages ?? 0,
      seq_scan_plans: r.cases.flatMap((c) =>
        c.statements.filter((s) => s.seqScanOn.includes("messages")).map(() => c.name),
      ),
      seq_scans_by_table: r.seqScansDuringRuns,
      cases: r.cases,
    };
  } finally {
    await worker.stop();
  }
}
