import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { RateLimitedError } from "~/server/errors";
import { logProcedureError } from "~/server/trpc";
import { createContext } from "~/server/http-context";
import { appRouter } from "~/server/root";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext,
    responseMeta({ errors }) {
      const limited = errors.map((e) => e.cause).find((c) => c instanceof RateLimitedError);
      return limited ? { headers: new Headers({ "Retry-After": String(limited.retryAfterSeconds) }) } : {};
    },
    onError: logProcedureError,
  });

export { handler as GET, handler as POST };
