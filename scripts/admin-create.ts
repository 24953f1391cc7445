/**
 * `npm run admin:create -- --email ops@example.com --name "Ops"`: the first system admin of a
 * deployment, without the demo seed. The password comes from RECALL_ADMIN_PASSWORD or a silent
 * prompt (typed twice), and weak ones are refused.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { migrate } from "~/db/migrate";
import { auditLog, users } from "~/db/schema";
import { weakPasswordReason } from "~/server/admin/user-rules";
import { hashPassword } from "~/server/auth/password";
import { fail, openConfiguredDatabase, readSecret } from "./cli";

const PASSWORD_ENV = "RECALL_ADMIN_PASSWORD";

const args = (() => {
  try {
    return parseArgs({ options: { email: { type: "string" }, name: { type: "string" } }, strict: true }).values;
  } catch (error) {
    return fail(
      `${error instanceof Error ? error.message : String(error)}. Usage: npm run admin:create -- --email EMAIL --name NAME`,
      2,
    );
  }
})();

const input = z
  .object({
    email: z
      .email({ message: "--email must be an email address (e.g. --email ops@example.com)." })
      .max(254)
      .transform((e) => e.trim().toLowerCase()),
    name: z
      .string({ message: '--name is required (e.g. --name "Ops").' })
      .trim()
      .min(1, "--name must not be empty.")
      .max(60, "--name can be at most 60 characters."),
  })
  .safeParse({ email: args.email, name: args.name });
if (!input.success) fail(input.error.issues[0]!.message, 2);
const { email, name } = input.data;

const password = await readSecret(PASSWORD_ENV, `Password for ${email}: `);
const weak = weakPasswordReason(password, email);
if (weak) fail(weak);
if (process.env[PASSWORD_ENV] === undefined && (await readSecret(PASSWORD_ENV, "Again: ")) !== password)
  fail("the two passwords differ; nothing was created.");

const handle = await openConfiguredDatabase();
try {
  // The usual first command on a fresh database, before `npm start` ever ran.
  await migrate(handle);
  const passwordHash = await hashPassword(password);
  const created = await handle.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ email, name, passwordHash, role: "admin" })
      .onConflictDoNothing({ target: users.email })
      .returning({ id: users.id });
    if (!row) return null;
    await tx.insert(auditLog).values({
      actorId: null,
      action: "user_create",
      targetUserId: row.id,
      details: { role: "admin", via: "admin:create" },
    });
    return row;
  });
  if (!created)
    fail(
      `an account with ${email} already exists; sign in as an admin and use the console's Users page to promote it.`,
    );
  console.log(`admin: created system admin ${email} (${created.id})`);
} finally {
  await handle.close();
}
