import { type MemberRole } from "~/db/schema";

/**
 * A line the app itself writes into a conversation (a message of kind "system"), e.g. "Alice made
 * Carol an admin". Stored structured rather than worded, so every reader's device words it in
 * their own language and from their own point of view ("You made…", "…made you…"). The actor is
 * the message's sender.
 */
export type SystemLine = {
  type: "role_changed";
  target: { id: string; name: string };
  from: MemberRole;
  to: MemberRole;
};

export function encodeSystemLine(line: SystemLine): string {
  return JSON.stringify(line);
}

const roles: readonly string[] = ["owner", "admin", "member"];

/** The stored line, or null for anything this version does not understand (shown as a neutral line). */
export function parseSystemLine(body: string | null): SystemLine | null {
  if (body === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const target = v.target as Record<string, unknown> | null | undefined;
  if (
    v.type !== "role_changed" ||
    typeof target !== "object" ||
    target === null ||
    typeof target.id !== "string" ||
    typeof target.name !== "string" ||
    !roles.includes(v.from as string) ||
    !roles.includes(v.to as string)
  ) {
    return null;
  }
  return {
    type: "role_changed",
    target: { id: target.id, name: target.name },
    from: v.from as MemberRole,
    to: v.to as MemberRole,
  };
}
