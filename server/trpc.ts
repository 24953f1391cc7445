import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { currentUser } from "./auth/current-user";
import { type Context } from "./context";
import { AppError, appError, RateLimitedError } from "./errors";
import { isDatabaseUnavailable } from "./db-errors";
import { describeError, getLogger } from "./observability/logger";
import { metrics } from "./observability/metrics";
import { type LimitName } from "./security/rate-limit";

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zodError = cause instanceof ZodError ? cause : null;
    // An unexpected failure's message is the failing query with its parameters: never send it.
    const unexpected = error.code === "INTERNAL_SERVER_ERROR" && !(cause instanceof AppError);
    return {
      ...shape,
      // A validation failure's message is the first issue in words, so people can act on it.
      message: zodError
        ? describeZodError(zodError)
        : error.message === TRPC_BATCH_TOO_LARGE
          ? BATCH_TOO_LARGE
          : unexpected
            ? "Something went wrong on our side. Please try again."
            : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        appCode: cause instanceof AppError ? cause.appCode : null,
        retryAfterSeconds: cause instanceof RateLimitedError ? cause.retryAfterSeconds : null,
        fieldErrors: zodError ? zodError.issues.map((i) => ({ path: i.path.join("."), message: i.message })) : null,
      },
    };
  },
});

// tRPC's own wording for a batch over maxBatchSize, replaced by one a person can act on.
const TRPC_BATCH_TOO_LARGE = "Batch call exceeds maximum size";
const BATCH_TOO_LARGE = "Too many calls in one request: send them in smaller batches.";

function describeZodError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid input.";
  const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * A database that is down or restarting is a temporary condition the client should retry, not an
 * internal error: answer 503 with a sentence, and let postgres.js reconnect on the next call.
 */
const databaseAvailability = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isDatabaseUnavailable(result.error)) {
    throw appError(
      "SERVICE_UNAVAILABLE",
      "DATABASE_UNAVAILABLE",
      "The database is unavailable right now; please try again shortly.",
    );
  }
  return result;
});

/**
 * One log line and one metrics sample per procedure call: ids, names, codes and timings only,
 * never the input (it may be a message body). Outermost, so it sees the final result code.
 */
const observed = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const seconds = (performance.now() - started) / 1000;
  const status = result.ok ? "OK" : result.error.code;
  metrics().procedureCalls.inc({ procedure: path, status });
  metrics().procedureSeconds.observe({ procedure: path }, seconds);
  const line = {
    requestId: ctx.requestId,
    userId: ctx.session?.user.id ?? null,
    procedure: path,
    type,
    status,
    durationMs: Math.round(seconds * 10000) / 10,
  };
  if (result.ok) getLogger().info(line, "trpc");
  else {
    const cause = result.error.cause;
    const appCode = cause instanceof AppError ? cause.appCode : undefined;
    if (result.error.code === "INTERNAL_SERVER_ERROR")
      getLogger().error({ ...line, error: describeError(cause ?? result.error) }, "trpc");
    else getLogger().info({ ...line, appCode }, "trpc");
  }
  return result;
});

export const publicProcedure = t.procedure.use(observed).use(databaseAvailability);

/**
 * The caller as the database says now (role, name), or UNAUTHORIZED when the token's account is
 * gone, disabled or has ended its sessions since the token was issued. Every procedure that acts
 * for someone goes through this one lookup, so nothing downstream ever sees the token's role.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  const me = await currentUser(ctx.db, { id: ctx.session.user.id, epoch: ctx.session.epoch });
  if (!me) throw appError("UNAUTHORIZED", "SESSION_ENDED", "Your session has ended. Sign in again.");
  return next({ ctx: { ...ctx, session: { user: me, epoch: ctx.session.epoch }, me } });
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.me.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only system admins can do this." });
  return next();
});

/** Counts one unit of `name` for the caller, the client IP and any targets; TOO_MANY_REQUESTS when over. */
export async function enforceLimit(
  ctx: Context,
  name: LimitName,
  targets?: readonly string[],
  message?: string,
): Promise<void> {
  if (!ctx.limiter) return;
  const decision = await ctx.limiter.check(name, { user: ctx.session?.user.id, ip: ctx.ip, targets });
  if (!decision.ok) {
    const cause = new RateLimitedError(decision.retryAfterSeconds, message);
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: cause.message, cause });
  }
}

/** Counts the call against the caller's and the client IP's budget for `name`. */
export function rateLimited(name: LimitName) {
  return t.middleware(async ({ ctx, next }) => {
    await enforceLimit(ctx, name);
    return next();
  });
}

/** Expensive calls (scrypt) must each be their own request, so each pays its own round trip and limit. */
export const notBatched = t.middleware(({ ctx, next }) => {
  if (ctx.batchSize > 1) {
    throw appError(
      "BAD_REQUEST",
      "BAD_INPUT",
      "This action cannot be combined with others in one request; send it on its own.",
    );
  }
  return next();
});
