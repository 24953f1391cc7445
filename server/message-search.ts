import { and, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { type Db, rowsOf } from "~/db/client";
import { conversationMembers, messages } from "~/db/schema";
import { appError } from "~/server/errors";
import { likeContains } from "~/server/like-pattern";
import { hiddenBy } from "~/server/chat/hide";
import { selectMemberMessages } from "~/server/recall/member-view";

/**
 * Characters that narrow a search: not blanks, and not `%`/`_` (they are literal, but in nearly
 * every message). Three are needed; two are enough in Chinese, Japanese or Korean, where two
 * characters are already a word (撤回).
 */
export function isSpecificEnough(query: string): boolean {
  const narrowing = query.replace(/[\s%_]/gu, "");
  return (
    narrowing.length >= 3 ||
    (narrowing.length === 2 &&
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(narrowing))
  );
}

export const TOO_VAGUE = "Type at least 3 letters or digits (2 Chinese characters) to search.";

/** How many of the caller's conversations one statement searches. */
const CONVERSATIONS_PER_STEP = 100;

export interface SearchInput {
  query: string;
  conversationId?: string;
  limit: number;
  cursor?: { createdAt: Date; id: string };
}

/**
 * One step: for each of these conversations (re-checked: the caller is still a member) the newest
 * `take` matches, through the per-conversation index; the plan never scans all of `messages`.
 */
export function searchStep(me: string, conversationIds: string[], input: SearchInput, take: number): SQL {
  const ids = sql.join(
    conversationIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const after = input.cursor
    ? sql`and (m.created_at < ${input.cursor.createdAt.toISOString()}::timestamptz or (m.created_at = ${input.cursor.createdAt.toISOString()}::timestamptz and m.id < ${input.cursor.id}::uuid))`
    : sql``;
  return sql`
    select hit.id, hit.created_at
      from unnest(array[${ids}]) as c(id)
      cross join lateral (
        select m.id, m.created_at from ${messages} m
         where m.conversation_id = c.id
           and exists (select 1 from ${conversationMembers} cm where cm.conversation_id = c.id and cm.user_id = ${me}::uuid)
           and m.revoked_at is null
           and m.kind = 'text'
           and not ${hiddenBy(me, sql`m.id`)}
           -- Matched as an expression on purpose: the trigram index would be probed once per
           -- conversation (for a common word, a bitmap of the whole table each time), while the
           -- conversation's own rows are what bounds this step.
           and coalesce(m.body, '') ilike ${likeContains(input.query)}
           ${after}
         order by m.created_at desc, m.id desc
         limit ${take}
      ) hit`;
}

const isStatementTimeout = (error: unknown) => {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause)
    if ((e as { code?: string }).code === "57014") return true;
  return false;
};

const tooSlow = () =>
  appError(
    "TIMEOUT",
    "SEARCH_TIMEOUT",
    "This search took too long. Search within one conversation, or use more specific words.",
  );

/**
 * Searches the caller's conversations a step at a time, newest first, keeping the best `limit + 1`.
 * Bounded twice: on PostgreSQL each step runs under `statement_timeout` (whatever is left of the
 * budget), and between steps the budget is checked, so on PGlite (one connection, no
 * statement_timeout) other requests run between steps and a search past its budget stops with a
 * clear error instead of holding the database.
 */
export async function searchMessages(db: Db, me: string, input: SearchInput, budgetMs: number) {
  const deadline = Date.now() + budgetMs;
  const take = input.limit + 1;
  let best: { id: string; createdAt: Date }[] = [];
  // Every conversation is visited (the best matches may be anywhere), so the steps page by id alone:
  // a keyset on last_message_at would stop at the first conversation that has no message yet (NULL).
  let after: string | null = null;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw tooSlow();
    const page = await db
      .select({ id: conversationMembers.conversationId })
      .from(conversationMembers)
      .where(
        and(
          eq(conversationMembers.userId, me),
          input.conversationId ? eq(conversationMembers.conversationId, input.conversationId) : undefined,
          after ? lt(conversationMembers.conversationId, after) : undefined,
        ),
      )
      .orderBy(desc(conversationMembers.conversationId))
      .limit(CONVERSATIONS_PER_STEP);
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    let hits: { id: string; created_at: string | Date }[];
    try {
      hits = await db.transaction(async (tx) => {
        await tx.execute(sql.raw(`set local statement_timeout = ${Math.max(1, Math.ceil(remaining))}`));
        return rowsOf<{ id: string; created_at: string | Date }>(
          await tx.execute(
            searchStep(
              me,
              page.map((c) => c.id),
              input,
              take,
            ),
          ),
        );
      });
    } catch (error) {
      if (isStatementTimeout(error)) throw tooSlow();
      throw error;
    }
    best = [...best, ...hits.map((h) => ({ id: h.id, createdAt: new Date(h.created_at) }))]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, take);
    if (page.length < CONVERSATIONS_PER_STEP) break;
  }
  if (best.length === 0) return { rows: [], hasMore: false };
  const order = new Map(best.map((b, i) => [b.id, i]));
  const rows = (
    await selectMemberMessages(
      db,
      inArray(
        messages.id,
        best.map((b) => b.id),
      ),
    )
  ).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { rows: rows.slice(0, input.limit), hasMore: rows.length > input.limit };
}
