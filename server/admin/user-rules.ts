/**
 * The user-management rules as plain functions: who may be demoted or disabled, and what makes a
 * password acceptable for an account created from the command line.
 */

export type UserChange = { kind: "demote" } | { kind: "disable" };

/**
 * The console must always keep someone who can run it: demoting or disabling the only active
 * admin is refused. `activeAdminIds` are the admins that are not disabled, read under lock.
 */
export function lastAdminRefusal(
  activeAdminIds: readonly string[],
  targetId: string,
  change: UserChange,
): string | null {
  if (!activeAdminIds.includes(targetId)) return null;
  if (activeAdminIds.length > 1) return null;
  return change.kind === "demote"
    ? "This is the last active system admin: promote someone else before demoting this account."
    : "This is the last active system admin: promote someone else before disabling this account.";
}

// Long enough to pass the length rule, yet the first guesses of any attacker.
const COMMON = new Set([
  "password1234",
  "passwordpassword",
  "123456789012",
  "1234567890123",
  "qwertyuiop12",
  "administrator",
  "adminadmin123",
  "recall-demo-password",
]);

/** Why a password is too weak for an admin account, or null when it is acceptable. */
export function weakPasswordReason(password: string, email: string): string | null {
  if (password.length < 12) return "The password needs at least 12 characters.";
  if (password.length > 200) return "The password can be at most 200 characters.";
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return "That password is on the list of common passwords; choose another.";
  if (new Set(password).size < 5) return "The password repeats too few characters; choose a less predictable one.";
  const local = email.split("@")[0]?.toLowerCase() ?? "";
  if (local.length >= 4 && lower.includes(local)) return "The password must not contain the email address.";
  return null;
}
