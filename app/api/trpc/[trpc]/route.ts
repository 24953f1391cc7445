import { randomUUID } from "node:crypto";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { RateLimitedError } from "~/server/errors";
import { createContext } from "~/server/http-context";
import { describeError, getLogger } from "~/server/observability/logger";
import { appRouter } from "~/server/root";

// A proxy's id is kept so its logs and ours line up; anything odd-looking is replaced.
const REQUEST_ID = /^[\w.:-]{1,100}$/;

const handler = async (req: Request) => {
  const given = req.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ req }) => createContext({ req, requestId }),
    responseMeta({ errors }) {
      const limited = errors.map((e) => e.cause).find((c) => c instanceof RateLimitedError);
      return limited ? { headers: new Headers({ "Retry-After": String(limited.retryAfterSeconds) }) } : {};
    },
    onError({ error, path }) {
      // Procedure calls are logged by the `observed` middleware; this catches what fails before one runs.
      if (error.code === "INTERNAL_SERVER_ERROR" && !path) getLogger().error({ requestId, error: describeError(error.cause ?? error) }, "trpc request failed");
    },
  });
  response.headers.set("X-Request-Id", requestId);
  return response;
};

export { handler as GET, handler as POST };
