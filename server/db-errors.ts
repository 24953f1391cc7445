/** Connection-level failures (server down, restarting, network), as opposed to query errors. */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);
// SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now).
const SQLSTATE = /^(08...|57P0[123])$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
  }
  return false;
}

/**
 * One log line for a failed call that names what failed without what it carried: the procedure,
 * the error's class and SQLSTATE, the constraint or table. Never the message, which for a failed
 * query holds the SQL and its parameters (for a recall, the text being recalled).
 */
export function describeFailure(where: string, error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const fields = e as { name?: unknown; code?: unknown; constraint_name?: unknown; table_name?: unknown; routine?: unknown };
    const bits = [typeof fields.name === "string" ? fields.name : typeof e];
    if (typeof fields.code === "string") bits.push(`code=${fields.code}`);
    if (typeof fields.constraint_name === "string") bits.push(`constraint=${fields.constraint_name}`);
    if (typeof fields.table_name === "string") bits.push(`table=${fields.table_name}`);
    parts.push(bits.join(" "));
  }
  return `${where} failed: ${parts.join(" <- ")}`;
}
