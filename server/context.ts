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

export interface ContextInner {
  session: { user: SessionUser } | null;
  db: Db;
  /** Called after a mutation's transaction committed, to publish its outbox rows without delay. */
  afterCommit: () => void;
  /** null in tests that do not exercise limits. */
  limiter: RateLimiter | null;
  ip: string | null;
  /** Ties the log lines of one HTTP request together (X-Request-Id). */
  requestId: string;
}

/** The part of the context tests build directly: `createCaller(createContextInner({ session, db }))`. */
export function createContextInner(opts: {
  session: { user: SessionUser } | null;
  db: Db;
  afterCommit?: () => void;
  limiter?: RateLimiter | null;
  ip?: string | null;
  requestId?: string;
}): ContextInner {
  return {
    session: opts.session,
    db: opts.db,
    afterCommit: opts.afterCommit ?? (() => undefined),
    limiter: opts.limiter ?? null,
    ip: opts.ip ?? null,
    requestId: opts.requestId ?? randomUUID(),
  };
}

export function sessionUser(session: Session | null): { user: SessionUser } | null {
  const user = session?.user as Partial<SessionUser> | undefined;
  if (!user?.id || !user.role) return null;
  return { user: { id: user.id, role: user.role, name: user.name ?? "" } };
}

export type Context = ContextInner;
