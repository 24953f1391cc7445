import { TRPCError } from "@trpc/server";
import { getSessionUser } from "./auth/session";
import { createContextInner } from "./context";
import { getDb } from "./db";
import { kickPublisher } from "./realtime/publisher";
import { getLimiter } from "./security/limiter";
import { getEnv } from "./env";
import { clientIp } from "./security/client-ip";

/** The per-request context: the session from the cookie, the shared database, limits, the publisher. */
export async function createContext({ req, batchSize }: { req: Request; batchSize: number }) {
  let db;
  let limiter;
  try {
    db = await getDb();
    limiter = (await getLimiter()).limiter;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database is unavailable; please try again shortly." });
  }
  const session = await getSessionUser();
  const env = getEnv();
  return createContextInner({
    session,
    db,
    afterCommit: kickPublisher,
    limiter,
    ip: clientIp(req.headers, env.TRUST_PROXY_HOPS),
    batchSize,
    searchTimeoutMs: env.SEARCH_TIMEOUT_MS,
  });
}
