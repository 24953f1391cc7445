import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf } from "~/db/client";
import { type ConversationKind } from "~/db/schema";
import { conversationLabel, isoText, recordsSource } from "~/server/admin/recall-records";
import { adminProcedure } from "~/server/trpc";

export const STATS_DAYS = 30;

/**
 * The overview: recalls per day over the last 30 days (in the viewer's time zone, given as its UTC
 * offset so that day boundaries match the links into the review list), by kind of revoker, the
 * busiest conversations, and the vault. Counts are over the same records the review list shows
 * (recalled now or restored since), so every number links to a list of exactly that many rows.
 */
export const statsProcedure = adminProcedure
  .input(
    z
      .object({
        utcOffsetMinutes: z
          .number()
          .int("utcOffsetMinutes must be a whole number.")
          .min(-840, "utcOffsetMinutes must be between -840 and 840.")
          .max(840, "utcOffsetMinutes must be between -840 and 840."),
      })
      .default({ utcOffsetMinutes: 0 }),
  )
  .query(async ({ ctx, input }) => {
    const offset = sql`make_interval(mins => ${input.utcOffsetMinutes}::int)`;
    // The viewer's "today" minus 29 days, as a local date, and the instant that local day starts.
    const firstDay = sql`(((now() at time zone 'UTC') + ${offset})::date - ${STATS_DAYS - 1}::int)`;
    const since = sql`((${firstDay})::timestamp - ${offset}) at time zone 'UTC'`;
    const recent = sql`(select * from ${recordsSource} r where r.recalled_at >= ${since})`;

    const [perDay, summary, top, vault, vaultFiles] = await Promise.all([
      ctx.db.execute(sql`
        select to_char(d.day, 'YYYY-MM-DD') as day, count(r.id)::int as count
          from (select (${firstDay} + g)::date as day from generate_series(0, ${STATS_DAYS - 1}::int) g) d
          left join ${recent} r on ((r.recalled_at at time zone 'UTC') + ${offset})::date = d.day
         group by d.day order by d.day`),
      ctx.db.execute(sql`
        select ${isoText(since)} as since,
               count(*) filter (where r.recalled_at >= ${since})::int as recent,
               count(*) filter (where r.recalled_at >= ${since} and r.revoker_kind = 'sender')::int as sender,
               count(*) filter (where r.recalled_at >= ${since} and r.revoker_kind in ('group_owner', 'group_admin'))::int as group_moderator,
               count(*) filter (where r.recalled_at >= ${since} and r.revoker_kind = 'system_admin')::int as system_admin,
               count(*)::int as total,
               count(*) filter (where r.state = 'retained')::int as retained,
               count(*) filter (where r.state = 'erased')::int as erased,
               count(*) filter (where r.state = 'purged')::int as purged,
               count(*) filter (where r.state = 'restored')::int as restored,
               count(*) filter (where not exists (select 1 from recall_reviews rr where rr.message_id = r.id))::int as unreviewed
          from ${recordsSource} r`),
      ctx.db.execute(sql`
        select t.conversation_id as id, c.kind::text as kind, ${conversationLabel} as label, t.n as count
          from (select r.conversation_id, count(*)::int as n from ${recent} r group by r.conversation_id
                 order by n desc, r.conversation_id limit 5) t
          join conversations c on c.id = t.conversation_id
         order by t.n desc, t.conversation_id`),
      ctx.db.execute(sql`
        select count(*)::int as count, coalesce(sum(octet_length(v.body)), 0)::float8 as bytes,
               ${isoText(sql`min(v.retained_until)`)} as next_purge_at,
               (select retention_days from recall_settings where id = 1) as retention_days
          from recall_vault v`),
      // The vault's files: those of retained recalled messages (their objects are kept).
      ctx.db.execute(sql`
        select count(*)::int as files, coalesce(sum(a.stored_bytes), 0)::float8 as file_bytes
          from attachments a join recall_vault v on v.message_id = a.message_id
         where a.deleted_at is null`),
    ]);

    const s = rowsOf<Record<string, number | string>>(summary)[0]!;
    const v = rowsOf<{ count: number; bytes: number; next_purge_at: string | null; retention_days: number | null }>(
      vault,
    )[0]!;
    const files = rowsOf<{ files: number; file_bytes: number }>(vaultFiles)[0]!;
    return {
      since: new Date(String(s.since)),
      utcOffsetMinutes: input.utcOffsetMinutes,
      days: rowsOf<{ day: string; count: number }>(perDay).map((d) => ({ day: d.day, count: Number(d.count) })),
      recent: {
        total: Number(s.recent),
        byKind: {
          sender: Number(s.sender),
          group_moderator: Number(s.group_moderator),
          system_admin: Number(s.system_admin),
        },
      },
      allTime: {
        total: Number(s.total),
        byState: {
          retained: Number(s.retained),
          erased: Number(s.erased),
          purged: Number(s.purged),
          restored: Number(s.restored),
        },
        unreviewed: Number(s.unreviewed),
      },
      topConversations: rowsOf<{ id: string; kind: ConversationKind; label: string; count: number }>(top).map((t) => ({
        id: t.id,
        kind: t.kind,
        label: t.label,
        count: Number(t.count),
      })),
      vault: {
        count: Number(v.count),
        bytes: Number(v.bytes),
        // The earliest retained-until: the retention job purges it on its first run after this.
        nextPurgeAt: v.next_purge_at ? new Date(v.next_purge_at) : null,
        retentionDays: v.retention_days === null ? null : Number(v.retention_days),
      },
      attachments: { vaultCount: Number(files.files), vaultBytes: Number(files.file_bytes) },
    };
  });
