import { TRPCError } from "@trpc/server";

/**
 * Stable codes the UI translates; the English message stays readable for API users and logs.
 * Carried to the client as `error.data.appCode` by the formatter in server/trpc.ts.
 */
export type AppErrorCode =
  | "NOT_FOUND"
  | "NOT_ALLOWED"
  | "WINDOW_EXPIRED"
  | "RECALL_DISABLED"
  | "SYSTEM_MESSAGE"
  | "NOT_RECALLED"
  | "ALREADY_PURGED"
  | "ALREADY_MEMBER"
  | "BAD_REPLY"
  | "BAD_INPUT"
  | "LAST_OWNER"
  | "LAST_ADMIN"
  | "ALREADY_DONE"
  | "DATABASE_UNAVAILABLE"
  | "RATE_LIMITED"
  | "SESSION_ENDED"
  | "SEARCH_TIMEOUT"
  | "RECALLED"
  | "EDIT_DISABLED"
  | "OWN_MESSAGE"
  | "ALREADY_REPORTED"
  | "ATTACHMENT_UNAVAILABLE"
  | "TOO_MANY_FILES";

export class AppError extends Error {
  constructor(
    readonly appCode: AppErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type TrpcCode = ConstructorParameters<typeof TRPCError>[0]["code"];

export function appError(code: TrpcCode, appCode: AppErrorCode, message: string): TRPCError {
  return new TRPCError({ code, message, cause: new AppError(appCode, message) });
}

export const notFound = (what = "Conversation") => appError("NOT_FOUND", "NOT_FOUND", `${what} not found.`);

/** Too many requests: carries when to retry, for the Retry-After header and the UI. */
export class RateLimitedError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    /** What was limited, when "Too many requests" would leave a person guessing. */
    what?: string,
  ) {
    super(
      "RATE_LIMITED",
      `${what ?? "Too many requests."} Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`,
    );
  }
}
