import { doomOrphans, drainDoomedObjects } from "~/server/attachments/lifecycle";
import { ORPHAN_AGE_SECONDS } from "~/server/attachments/sweeper";
import { storageFromEnv } from "~/server/attachments/storage-from-env";
import { purgeExpired } from "~/server/recall/vault";
import { openConfiguredDatabase } from "./cli";

const handle = await openConfiguredDatabase();
const purged = await purgeExpired(handle.db);
const orphans = await doomOrphans(handle.db, ORPHAN_AGE_SECONDS);
await drainDoomedObjects(handle.db, storageFromEnv(), 1000);
await handle.close();
console.log(`recall: purged ${purged} retained original(s) past their retention period`);
console.log(`recall: cleaned up ${orphans} unsent attachment(s); deleted the files of purged and erased messages`);
