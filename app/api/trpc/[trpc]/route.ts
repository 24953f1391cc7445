import { getEnv } from "~/server/env";
import { createContext } from "~/server/http-context";
import { handleTrpcRequest } from "~/server/trpc-http";

const handler = (req: Request) => handleTrpcRequest(req, createContext, getEnv().TRPC_MAX_BATCH_SIZE);

export { handler as GET, handler as POST };
