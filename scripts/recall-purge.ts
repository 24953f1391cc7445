import { purgeExpired } from "~/server/recall/vault";
import { openConfiguredDatabase } from "./cli";

const handle = await openConfiguredDatabase();
const purged = await purgeExpired(handle.db);
await handle.close();
console.log(`recall: purged ${purged} retained original(s) past their retention period`);
