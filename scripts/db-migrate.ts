import { migrate } from "~/db/migrate";
import { openConfiguredDatabase } from "./cli";

const handle = await openConfiguredDatabase();
await migrate(handle);
await handle.close();
console.log(`db: migrations applied (${handle.driver})`);
