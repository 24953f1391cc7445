/** Connection-level failures (server down, restarting, network), as opposed to query errors. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);
// SQLSTATE class 08 (connection exception) and 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now).
const SQLSTATE = /^(08...|57P0[123])$/;

export function isDatabaseUnavailable(error: unknown): boolean {
  return codesOf(error).some((code) => NETWORK_CODES.has(code) || SQLSTATE.test(code));
}

/** Whether the error, or one it wraps (drizzle wraps the driver's), carries this SQLSTATE. */
export function hasSqlState(error: unknown, sqlState: string): boolean {
  return codesOf(error).includes(sqlState);
}

/** The string `code`s along the error's cause chain (at most 6 deep: a cycle cannot loop forever). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}
