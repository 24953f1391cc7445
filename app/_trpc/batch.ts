/**
 * The most calls a client puts into one batched request: the browser's link and the typed test
 * client. The server's TRPC_MAX_BATCH_SIZE may allow more, never fewer (server/env.ts).
 */
export const CLIENT_MAX_BATCH = 10;
