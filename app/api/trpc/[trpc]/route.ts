import { randomUUID } from "node:crypto";
import { getEnv } from "~/server/env";
import { createContext } from "~/server/http-context";
import { handleTrpcRequest } from "~/server/trpc-http";

// A proxy's id is kept so its logs and ours line up; anything odd-looking is replaced.
const REQUEST_ID = /^[\w.:-]{1,100}$/;

const handler = async (req: Request) => {
  const given = req.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  const response = await handleTrpcRequest(
    req,
    ({ req: r, batchSize }) => createContext({ headers: r.headers, batchSize, requestId }),
    getEnv().TRPC_MAX_BATCH_SIZE,
    requestId,
  );
  response.headers.set("X-Request-Id", requestId);
  return response;
};

export { handler as GET, handler as POST };
