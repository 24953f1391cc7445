/**
 * `E2E_PASSWORD=… npm run e2e:users`: the accounts and the "Team" group the Playwright suite signs
 * in with (e2e/users.ts), on a deployment, under a password of the operator's choosing instead of
 * the public demo one. Remove them after the run (disable them on the console's Users page).
 */
import { migrate } from "~/db/migrate";
import { DEMO_PASSWORD, seed } from "~/server/seed";
import { weakPasswordReason } from "~/server/admin/user-rules";
import { fail, openConfiguredDatabase, readSecret } from "./cli";

const password = await readSecret("E2E_PASSWORD", "Password for the e2e accounts: ");
if (password === DEMO_PASSWORD) fail("E2E_PASSWORD must not be the public demo password.");
const weak = weakPasswordReason(password, "e2e@example.com");
if (weak) fail(`E2E_PASSWORD: ${weak}`);

const handle = await openConfiguredDatabase();
await migrate(handle);
const created = await seed(handle.db, password);
await handle.close();
console.log(
  created
    ? "e2e: accounts alice, bob, carol, admin @example.com and the group Team created"
    : "e2e: the accounts already exist; nothing changed",
);
