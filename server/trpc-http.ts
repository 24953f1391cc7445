import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { type Context } from "./context";
import { RateLimitedError } from "./errors";
import { describeError, getLogger } from "./observability/logger";
import { appRouter } from "./root";

/**
 * The tRPC HTTP endpoint. A batch over `maxBatchSize` is refused before any call runs or any
 * input is read; every call of an accepted batch passes its own middlewares and rate limits.
 */
export function handleTrpcRequest(
  req: Request,
  createContext: (opts: { req: Request; batchSize: number }) => Promise<Context>,
  maxBatchSize: number,
  requestId?: string,
) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    maxBatchSize,
    createContext: ({ info }) => createContext({ req, batchSize: info.calls.length }),
    responseMeta({ errors }) {
      const limited = errors.map((e) => e.cause).find((c) => c instanceof RateLimitedError);
      return limited ? { headers: new Headers({ "Retry-After": String(limited.retryAfterSeconds) }) } : {};
    },
    onError({ error, path }) {
      // Procedure calls are logged by the `observed` middleware; this catches what fails before one runs.
      if (error.code === "INTERNAL_SERVER_ERROR" && !path)
        getLogger().error({ requestId, error: describeError(error.cause ?? error) }, "trpc request failed");
    },
  });
}
