import { parseArgs } from "node:util";
import { migrate } from "~/db/migrate";
import { DEMO_PASSWORD, seed } from "~/server/seed";
import { getConfig } from "~/server/env";
import { fail, openConfiguredDatabase } from "./cli";

const { values } = parseArgs({ options: { demo: { type: "boolean", default: false } }, strict: true });
const production = getConfig().NODE_ENV === "production";
// The demo accounts have a password printed in the README: never on a real deployment by accident.
if (production && !values.demo) {
  fail(
    "db:seed creates demo accounts with a public password and refuses under NODE_ENV=production. Use `npm run admin:create` for a real admin, or pass --demo for a throwaway demo deployment.",
  );
}

const handle = await openConfiguredDatabase();
await migrate(handle);
const created = await seed(handle.db);
await handle.close();
console.log(created ? "db: demo users and conversations created" : "db: demo data already present");
if (created && production) {
  console.error(
    `WARNING: this production database now has demo accounts (alice, bob, carol, admin @example.com) whose password is "${DEMO_PASSWORD}", published in the README. Anyone can sign in as admin@example.com. Disable or delete them before real use.`,
  );
}
