/**
 * A stand-in app instance for the "killed mid-request" test: recalls the given messages one by
 * one through the real engine until the parent kills it with SIGKILL.
 */
import { openDatabase } from "~/db/client";
import { recallMessage } from "~/server/recall/engine";

const [url, actorId, ...ids] = process.argv.slice(2);
const handle = await openDatabase({ databaseUrl: url!, max: 1 });
for (const messageId of ids) {
  await recallMessage(handle.db, { id: actorId!, role: "admin" }, { messageId, reason: "worker" });
  process.stdout.write(".");
}
await handle.close();
