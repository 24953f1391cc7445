import { and, eq, sql } from "drizzle-orm";
import { type DbOrTx } from "~/db/client";
import { users, type UserRole } from "~/db/schema";

/** What a session token claims: who, and the session epoch it was issued under. */
export interface SessionClaims {
  id: string;
  epoch: number;
}

export interface AccountState {
  id: string;
  name: string;
  role: UserRole;
  sessionEpoch: number;
  disabledAt: Date | null;
}

/**
 * Whether a token still speaks for its account: the account exists, is not disabled, and has not
 * ended its sessions since the token was issued (sign-out, sign out everywhere, password change,
 * disable and role change all bump the epoch).
 */
export function sessionIsCurrent(claims: SessionClaims, account: AccountState | undefined): account is AccountState {
  return account !== undefined && account.disabledAt === null && account.sessionEpoch === claims.epoch;
}

/**
 * The one lookup per request that turns a token's claims into the caller: role and name come from
 * this row, never from the token, so a demotion or a sign-out takes effect on the next request.
 */
export async function currentUser(
  db: DbOrTx,
  claims: SessionClaims | null,
): Promise<{ id: string; name: string; role: UserRole } | null> {
  if (!claims) return null;
  const [account] = await db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      sessionEpoch: users.sessionEpoch,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.id, claims.id));
  if (!sessionIsCurrent(claims, account)) return null;
  return { id: account.id, name: account.name, role: account.role };
}

/**
 * Ends every session of the user: tokens carry the old epoch and stop matching. With `fromEpoch`,
 * only if that epoch is still current, so a stale copied cookie cannot end newer sessions.
 */
export async function endSessions(db: DbOrTx, userId: string, fromEpoch?: number): Promise<void> {
  await db
    .update(users)
    .set({ sessionEpoch: sql`${users.sessionEpoch} + 1` })
    .where(and(eq(users.id, userId), fromEpoch === undefined ? undefined : eq(users.sessionEpoch, fromEpoch)));
}
