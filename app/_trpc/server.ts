import { headers } from "next/headers";
import { cache } from "react";
import { createContext } from "~/server/http-context";
import { createCaller } from "~/server/root";

/**
 * The app's router called from a server component, as the request's signed-in user: the same
 * procedures, session check, membership checks and rate limits as a call over /api/trpc. One
 * caller per request (React's `cache`), so a page and its parts share the context.
 */
export const serverCaller = cache(async () =>
  createCaller(await createContext({ headers: await headers(), batchSize: 1 })),
);
