import { TRPCError } from "@trpc/server";
import { getSessionClaims } from "./auth/session";
import { createContextInner } from "./context";
import { getDb } from "./db-handle";
import { describeError, getLogger } from "./observability/logger";
import { kickObjectSweeper } from "./attachments/sweeper";
import { kickPublisher } from "./realtime/publisher";
import { getLimiter } from "./security/limiter";
import { getEnv } from "./env";
import { clientIp } from "./security/client-ip";

/**
 * The per-request context: the session from the cookie, the shared database, limits, the publisher.
 * Apart from context.ts on purpose: tests build contexts with createContextInner and must not load
 * the request-bound session (next-auth, next/headers), the app's database handle or the publisher.
 */
export async function createContext({
  headers,
  requestId,
  batchSize,
}: {
  /** The request's headers (the client IP); a server component passes next/headers' `headers()`. */
  headers: Headers;
  requestId?: string;
  batchSize: number;
}) {
  let db;
  let limiter;
  try {
    db = await getDb();
    limiter = (await getLimiter()).limiter;
  } catch (error) {
    getLogger().error(
      { requestId, error: describeError(error) },
      "database unavailable while creating the request context",
    );
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: "The database is unavailable; please try again shortly.",
    });
  }
  const session = await getSessionClaims();
  const env = getEnv();
  return createContextInner({
    session,
    db,
    // Publish the outbox; delete any objects the commit doomed (erase, purge).
    afterCommit: () => {
      kickPublisher();
      kickObjectSweeper();
    },
    limiter,
    ip: clientIp(headers, env.TRUST_PROXY_HOPS),
    requestId,
    batchSize,
    searchTimeoutMs: env.SEARCH_TIMEOUT_MS,
  });
}
