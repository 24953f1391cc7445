import { TRPCError } from "@trpc/server";
import { getSessionUser } from "./auth/session";
import { createContextInner } from "./context";
import { getDb } from "./db";
import { kickPublisher } from "./realtime/publisher";

/** The per-request context: the session from the cookie, the shared database, the publisher. */
export async function createContext() {
  let db;
  try {
    db = await getDb();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database is unavailable; please try again shortly." });
  }
  const session = await getSessionUser();
  return createContextInner({ session, db, afterCommit: kickPublisher });
}
