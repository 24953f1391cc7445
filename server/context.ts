import { type Session } from "next-auth";
import { type Db } from "~/db/client";
import { type UserRole } from "~/db/schema";
import { type RateLimiter } from "./security/rate-limit";

export interface SessionUser {
  id: string;
  role: UserRole;
  name: string;
}

export interface ContextInner {
  session: { user: SessionUser } | null;
  db: Db;
  /** Called after a mutation's transaction committed, to publish its outbox rows without delay. */
  afterCommit: () => void;
  /** null in tests that do not exercise limits. */
  limiter: RateLimiter | null;
  ip: string | null;
  /** How many calls arrived in this HTTP request (1 when not batched, and for direct callers). */
  batchSize: number;
  /** Wall-clock budget of one message search (SEARCH_TIMEOUT_MS). */
  searchTimeoutMs: number;
}

/** The part of the context tests build directly: `createCaller(createContextInner({ session, db }))`. */
export function createContextInner(opts: {
  session: { user: SessionUser } | null;
  db: Db;
  afterCommit?: () => void;
  limiter?: RateLimiter | null;
  ip?: string | null;
  batchSize?: number;
  searchTimeoutMs?: number;
}): ContextInner {
  return {
    session: opts.session,
    db: opts.db,
    afterCommit: opts.afterCommit ?? (() => undefined),
    limiter: opts.limiter ?? null,
    ip: opts.ip ?? null,
    batchSize: opts.batchSize ?? 1,
    searchTimeoutMs: opts.searchTimeoutMs ?? 2000,
  };
}

export function sessionUser(session: Session | null): { user: SessionUser } | null {
  const user = session?.user as Partial<SessionUser> | undefined;
  if (!user?.id || !user.role) return null;
  return { user: { id: user.id, role: user.role, name: user.name ?? "" } };
}

export type Context = ContextInner;
