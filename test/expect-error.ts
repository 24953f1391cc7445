import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { type AppError, type AppErrorCode } from "~/server/errors";

/** Awaits a call that must fail and checks its tRPC code (and app code / message when given). */
export async function expectTrpcError(
  promise: Promise<unknown>,
  code: TRPCError["code"],
  detail?: { appCode?: AppErrorCode; message?: RegExp },
): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected the call to fail").toBeInstanceOf(TRPCError);
  const e = error as TRPCError;
  expect(e.code, e.message).toBe(code);
  if (detail?.appCode) expect((e.cause as AppError | undefined)?.appCode).toBe(detail.appCode);
  if (detail?.message) expect(e.message).toMatch(detail.message);
  return e;
}
