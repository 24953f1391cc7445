/**
 * Whether a test whose prerequisite may be missing should run. Locally a missing prerequisite
 * skips it; under CI it is an error, because a skip there would let the suite pass without the
 * test ever having run.
 */
export function runsHere(
  available: boolean,
  missing: string,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (available) return true;
  if (env.CI) throw new Error(`${missing} Under CI this test must run rather than be skipped.`);
  return false;
}
