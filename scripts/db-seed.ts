import { migrate } from "~/db/migrate";
import { seed } from "~/db/seed";
import { openConfiguredDatabase } from "./cli";

const handle = await openConfiguredDatabase();
await migrate(handle);
const created = await seed(handle.db);
await handle.close();
console.log(created ? "db: demo users and conversations created" : "db: demo data already present");
