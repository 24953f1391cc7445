import { eq } from "drizzle-orm";
import { type DbOrTx } from "~/db/client";
import { users } from "~/db/schema";

/** Read from the database, not the session token, so a demotion takes effect at once (as adminProcedure does). */
export async function isSystemAdmin(db: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId));
  return row?.role === "admin";
}
