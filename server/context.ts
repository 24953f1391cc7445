import { randomUUID } from "node:crypto";
import { type Session } from "next-auth";
import { type Db } from "~/db/client";
import { type UserRole } from "~/db/schema";
import { type RateLimiter } from "./security/rate-limit";

export interface SessionUser {
  id: string;
  role: UserRole;
  name: string;
}

/** The token's claims. `user.role` and `user.name` are as issued: protectedProcedure replaces them with the database's. */
export interface SessionClaimsOf {
  user: SessionUser;
  epoch: number;
}

export interface ContextInner {
  session: SessionClaimsOf | null;
  db: Db;
  /** Called after a mutation's transaction committed, to publish its outbox rows without delay. */
  afterCommit: () => void;
  /** null in tests that do not exercise limits. */
  limiter: RateLimiter | null;
  ip: string | null;
  /** Ties the log lines of one HTTP request together (X-Request-Id). */
  requestId: string;
  /** How many calls arrived in this HTTP request (1 when not batched, and for direct callers). */
  batchSize: number;
  /** Wall-clock budget of one message search (SEARCH_TIMEOUT_MS). */
  searchTimeoutMs: number;
}

/** The part of the context tests build directly: `createCaller(createContextInner({ session, db }))`. */
export function createContextInner(opts: {
  /** `epoch` defaults to 0, the epoch every account starts with. */
  session: { user: SessionUser; epoch?: number } | null;
  db: Db;
  afterCommit?: () => void;
  limiter?: RateLimiter | null;
  ip?: string | null;
  requestId?: string;
  batchSize?: number;
  searchTimeoutMs?: number;
}): ContextInner {
  return {
    session: opts.session ? { user: opts.session.user, epoch: opts.session.epoch ?? 0 } : null,
    db: opts.db,
    afterCommit: opts.afterCommit ?? (() => undefined),
    limiter: opts.limiter ?? null,
    ip: opts.ip ?? null,
    requestId: opts.requestId ?? randomUUID(),
    batchSize: opts.batchSize ?? 1,
    searchTimeoutMs: opts.searchTimeoutMs ?? 2000,
  };
}

export function sessionUser(session: Session | null): SessionClaimsOf | null {
  const user = session?.user as (Partial<SessionUser> & { epoch?: unknown }) | undefined;
  if (!user?.id || !user.role) return null;
  // A token issued before sessions carried an epoch speaks for epoch 0, so the first sign-out ends it too.
  const epoch = typeof user.epoch === "number" ? user.epoch : 0;
  return { user: { id: user.id, role: user.role, name: user.name ?? "" }, epoch };
}

export type Context = ContextInner;
