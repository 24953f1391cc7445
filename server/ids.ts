/**
 * The one id shape (a UUID, as PostgreSQL prints it): checked before an id from a URL or a form
 * reaches a query, so a malformed one reads as "not found" or a clear message, never a database error.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
