import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type DbOrTx } from "~/db/client";
import { type ConversationKind, type RevokerKind } from "~/db/schema";
import { type ActorKind, type RecordFilter, type RecordState } from "./record-kinds";
import { likeContains } from "~/server/like-pattern";
import { nameOf } from "~/server/recall/member-view";

/**
 * A "recall record" is what the admin console reviews: a message that is recalled now, or one that
 * was recalled and later restored. A restore clears the recall columns on the message row, so for
 * restored messages who/when/why come from the append-only audit log: the message's last `recall`
 * row before its last restore, else the `bulk_recall` row that covered it.
 *
 * Raw SQL because the set is a UNION ALL of two differently-shaped branches. `selectRecords` puts the
 * filter, cursor, ORDER BY and LIMIT inside each branch, so the (large) currently-recalled branch
 * walks messages_recalled_by_revoked_at and stops after one page; `countRecords` counts each branch.
 */

export { actorKinds, recordStates, type ActorKind, type RecordFilter, type RecordState } from "./record-kinds";

const kindsOf: Record<ActorKind, RevokerKind[]> = {
  sender: ["sender"],
  group_moderator: ["group_owner", "group_admin"],
  system_admin: ["system_admin"],
};

export type RecordSort = "recalledAt" | "sentAt";
export type SortDir = "asc" | "desc";

/** Keyset cursor: the sort key with full (microsecond) precision as text, and the id as tiebreak. */
export interface RecordCursor {
  at: string;
  id: string;
}

export interface RecallRecord {
  id: string;
  conversationId: string;
  conversationKind: ConversationKind;
  /** The group's title, or "A & B" for a direct conversation. */
  conversationLabel: string;
  seq: number;
  sender: { id: string; name: string };
  revoker: { id: string; name: string } | null;
  revokerKind: RevokerKind | null;
  reason: string | null;
  /** Silent notice: members saw nothing. */
  silent: boolean;
  createdAt: Date;
  revokedAt: Date;
  state: RecordState;
  retainedUntil: Date | null;
  review: { at: Date; by: string; note: string | null } | null;
  /** Full-precision sort keys, for cursors. */
  keys: { recalledAt: string; sentAt: string };
}

/** A timestamptz as ISO-8601 text with microseconds (JS Dates keep milliseconds only). */
export const isoText = (expr: SQL) => sql`to_char((${expr}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The columns both recalled-now branches share (`m` = messages). */
const recalledColumns = sql`m.id, m.conversation_id, m.sender_id, m.seq, m.created_at as sent_at,
         m.revoked_at as recalled_at, m.revoker_id, m.revoker_kind::text as revoker_kind,
         m.revoke_reason as reason, coalesce(m.revoke_silent, false) as silent`;
const purged = sql`exists (select 1 from audit_log p where p.target_message_id = m.id and p.action = 'purge')`;

const restoredRecall = sql`
    left join lateral (
      select a.created_at, a.actor_id, a.reason, a.details->>'as' as kind
        from audit_log a
       where a.target_message_id = m.id and a.action = 'recall' and a.id < r.restore_id
       order by a.id desc limit 1) h on true
    left join lateral (
      select a.created_at, a.actor_id, a.reason, a.details->>'as' as kind
        from audit_log a
       where h.created_at is null and a.action = 'bulk_recall' and a.id < r.restore_id
         and a.target_user_id = m.sender_id
         and (a.target_conversation_id is null or a.target_conversation_id = m.conversation_id)
         and a.created_at >= m.created_at
         and (a.details->>'from' is null or m.created_at >= (a.details->>'from')::timestamptz)
         and (a.details->>'to' is null or m.created_at <= (a.details->>'to')::timestamptz)
       order by a.id desc limit 1) b on true`;

/**
 * Restored messages: the last restore per message (audit_log_restores_by_message), and who/when/why
 * from the recall before it. With `recall: false` the recall lookups are skipped and the revoker,
 * kind, reason and recalled_at columns are left out (for counts whose filter needs none of them).
 */
const restoredBranch = (recall: boolean) => sql`
  select m.id, m.conversation_id, m.sender_id${
    recall
      ? sql`, m.seq, m.created_at as sent_at,
         coalesce(h.created_at, b.created_at, r.restored_at) as recalled_at, coalesce(h.actor_id, b.actor_id) as revoker_id,
         coalesce(h.kind, b.kind) as revoker_kind, coalesce(h.reason, b.reason) as reason, false as silent`
      : sql``
  },
         'restored'::text as state${recall ? sql`, null::timestamptz as retained_until` : sql``}
    from (select a.target_message_id as id, max(a.id) as restore_id, max(a.created_at) as restored_at
            from audit_log a
           where a.action = 'restore' and a.target_message_id is not null
           group by a.target_message_id) r
    join messages m on m.id = r.id and m.revoked_at is null${recall ? restoredRecall : sql``}`;
/** The records, one row per message, as a subquery with stable column names. */
export const recordsSource = sql`(
  select ${recalledColumns},
         (case when v.message_id is not null then 'retained'
               when ${purged} then 'purged'
               else 'erased' end)::text as state,
         v.retained_until
    from messages m
    left join recall_vault v on v.message_id = m.id
   where m.revoked_at is not null
  union all
  ${restoredBranch(true)}
)`;

/**
 * The currently-recalled branch for `selectRecords`: the same rows and columns as in `recordsSource`,
 * but the vault and purge lookups are scalar subqueries (recall_vault.message_id is its primary key and
 * retained_until is not null, so they equal the left join / EXISTS). Scalar subqueries are never
 * turned into a hashed scan of the whole table, and PostgreSQL evaluates them only for the rows that
 * survive the branch's ORDER BY + LIMIT (unless a filter reads `state`).
 */
const vaultUntil = sql`(select v.retained_until from recall_vault v where v.message_id = m.id)`;
const recalledBranch = sql`
  select ${recalledColumns},
         (case when ${vaultUntil} is not null then 'retained'
               when (select true from audit_log p where p.target_message_id = m.id and p.action = 'purge' limit 1) then 'purged'
               else 'erased' end)::text as state,
         ${vaultUntil} as retained_until
    from messages m
   where m.revoked_at is not null`;

/**
 * "Team", or "Alice & Bob" for a direct conversation. `c` must be the conversations alias in scope.
 * Names by primary-key probe: a join to users let PostgreSQL hash the whole users table (bench).
 */
export const conversationLabel = sql`(case when c.kind = 'group' then coalesce(c.title, '')
  else coalesce((select string_agg(n.name, ' & ' order by n.name)
                   from (select (select u.name from users u where u.id = cm.user_id) as name
                           from conversation_members cm where cm.conversation_id = c.id) n), '') end)`;

/** WHERE conditions on the `r` alias of `recordsSource`. */
export function recordConditions(f: RecordFilter): SQL[] {
  const where: SQL[] = [];
  if (f.messageId) where.push(sql`r.id = ${f.messageId}::uuid`);
  if (f.conversationId) where.push(sql`r.conversation_id = ${f.conversationId}::uuid`);
  if (f.senderId) where.push(sql`r.sender_id = ${f.senderId}::uuid`);
  if (f.revokerId) where.push(sql`r.revoker_id = ${f.revokerId}::uuid`);
  if (f.actorKind)
    where.push(
      sql`r.revoker_kind in (${sql.join(
        kindsOf[f.actorKind].map((k) => sql`${k}`),
        sql`, `,
      )})`,
    );
  if (f.reason) where.push(sql`r.reason ilike ${likeContains(f.reason)}`);
  if (f.from) where.push(sql`r.recalled_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.to) where.push(sql`r.recalled_at <= ${f.to.toISOString()}::timestamptz`);
  if (f.state) where.push(sql`r.state = ${f.state}`);
  if (f.reviewed !== undefined) {
    where.push(
      f.reviewed
        ? sql`exists (select 1 from recall_reviews rr where rr.message_id = r.id)`
        : sql`not exists (select 1 from recall_reviews rr where rr.message_id = r.id)`,
    );
  }
  return where;
}

export const whereAll = (conditions: SQL[]) =>
  conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;

interface RawRecord {
  id: string;
  conversation_id: string;
  conversation_kind: ConversationKind;
  conversation_label: string;
  seq: number | string;
  sender_id: string;
  sender_name: string;
  revoker_id: string | null;
  revoker_name: string | null;
  revoker_kind: RevokerKind | null;
  reason: string | null;
  silent: boolean;
  sent_at: string;
  recalled_at: string;
  state: RecordState;
  retained_until: string | null;
  review_at: string | null;
  review_by: string | null;
  review_note: string | null;
}

export async function selectRecords(
  db: DbOrTx,
  opts: { filter: RecordFilter; sort?: RecordSort; dir?: SortDir; cursor?: RecordCursor; limit: number },
): Promise<RecallRecord[]> {
  const key = opts.sort === "sentAt" ? sql`r.sent_at` : sql`r.recalled_at`;
  const dir = opts.dir === "asc" ? sql`asc` : sql`desc`;
  const conditions = recordConditions(opts.filter);
  if (opts.cursor) {
    const after = sql`(${key}, r.id) ${opts.dir === "asc" ? sql`>` : sql`<`} (${opts.cursor.at}::timestamptz, ${opts.cursor.id}::uuid)`;
    conditions.push(after);
  }
  // ORDER BY + LIMIT (and the filter and cursor) inside each UNION ALL branch, so the recalled
  // branch walks messages_recalled_by_revoked_at and stops after `limit` rows instead of building
  // every record; names, senders and the latest review are looked up for at most 2 × limit rows,
  // names by primary-key probe (a join let PostgreSQL scan users for a sender filter; bench).
  const branch = (body: SQL, restored: boolean) =>
    sql`(select * from (${body}) r ${whereAll([...conditions, ...stateExcludes(opts.filter, restored)])} order by ${key} ${dir}, r.id ${dir} limit ${opts.limit})`;
  const result = await db.execute(sql`
    select r.id, r.conversation_id, c.kind::text as conversation_kind, ${conversationLabel} as conversation_label,
           r.seq::float8 as seq, r.sender_id, coalesce(${nameOf(sql`r.sender_id`)}, '') as sender_name, r.revoker_id,
           ${nameOf(sql`r.revoker_id`)} as revoker_name, r.revoker_kind,
           r.reason, r.silent, ${isoText(sql`r.sent_at`)} as sent_at, ${isoText(sql`r.recalled_at`)} as recalled_at,
           r.state, ${isoText(sql`r.retained_until`)} as retained_until,
           ${isoText(sql`rev.created_at`)} as review_at, rev.name as review_by, rev.note as review_note
      from (${branch(recalledBranch, false)} union all ${branch(restoredBranch(true), true)}) r
      join conversations c on c.id = r.conversation_id
      left join lateral (
        select rr.created_at, rr.note, ${nameOf(sql`rr.reviewer_id`)} as name from recall_reviews rr
         where rr.message_id = r.id order by rr.id desc limit 1) rev on true
     order by ${key} ${dir}, r.id ${dir}
     limit ${opts.limit}`);
  return rowsOf<RawRecord>(result).map(toRecord);
}

/** Filters that read who/when/why of the recall (so need the restored branch's audit lookups). */
const readsRecall = (f: RecordFilter) => Boolean(f.revokerId || f.actorKind || f.reason || f.from || f.to);

/** A state filter rules one branch out entirely (a constant false: the branch is never run). */
const stateExcludes = (f: RecordFilter, restoredBranch: boolean): SQL[] =>
  f.state && (f.state === "restored") !== restoredBranch ? [sql`false`] : [];

export async function countRecords(db: DbOrTx, filter: RecordFilter): Promise<number> {
  const where = (restored: boolean) => whereAll([...recordConditions(filter), ...stateExcludes(filter, restored)]);
  const result = await db.execute(sql`
    select (select count(*) from (${recalledBranch}) r ${where(false)})::int
         + (select count(*) from (${restoredBranch(readsRecall(filter))}) r ${where(true)})::int as n`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

function toRecord(r: RawRecord): RecallRecord {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    conversationKind: r.conversation_kind,
    conversationLabel: r.conversation_label,
    seq: Number(r.seq),
    sender: { id: r.sender_id, name: r.sender_name },
    revoker: r.revoker_id ? { id: r.revoker_id, name: r.revoker_name ?? "" } : null,
    revokerKind: r.revoker_kind,
    reason: r.reason,
    silent: r.silent,
    createdAt: new Date(r.sent_at),
    revokedAt: new Date(r.recalled_at),
    state: r.state,
    retainedUntil: r.retained_until ? new Date(r.retained_until) : null,
    review: r.review_at ? { at: new Date(r.review_at), by: r.review_by ?? "", note: r.review_note } : null,
    keys: { recalledAt: r.recalled_at, sentAt: r.sent_at },
  };
}
