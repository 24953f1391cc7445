import { and, eq, sql } from "drizzle-orm";
import { type DbOrTx } from "~/db/client";
import { users, type UserRole } from "~/db/schema";
import { dummyPasswordHash, verifyPassword } from "./password";

export type CredentialCheck =
  | { ok: true; user: { id: string; name: string; email: string; role: UserRole; epoch: number } }
  | { ok: false; reason: "invalid" | "disabled" };

/**
 * Email and password against the database. A disabled account is refused only after its password
 * matched, so the answer tells nothing to someone who does not know it. Success records the time.
 */
export async function checkCredentials(db: DbOrTx, email: string, password: string): Promise<CredentialCheck> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  // Hash even for unknown emails so the response time does not reveal which accounts exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) return { ok: false, reason: "invalid" };
  // "Not disabled" is checked in the UPDATE itself, so a disable committed after the read still wins.
  const [signedIn] = await db
    .update(users)
    .set({ lastSignInAt: sql`now()` })
    .where(and(eq(users.id, user.id), sql`${users.disabledAt} is null`))
    .returning({ epoch: users.sessionEpoch, role: users.role, name: users.name });
  if (!signedIn) return { ok: false, reason: "disabled" };
  return {
    ok: true,
    user: { id: user.id, name: signedIn.name, email: user.email, role: signedIn.role, epoch: signedIn.epoch },
  };
}
