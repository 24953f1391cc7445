/**
 * next-auth passes a thrown authorize() error's message to the client as `error`; the sign-in
 * form (browser) parses this prefix, so it lives in a module without server imports.
 */
export const RATE_LIMITED_PREFIX = "RATE_LIMITED:";

/** A disabled account whose password matched: the form says so instead of "wrong password". */
export const ACCOUNT_DISABLED = "ACCOUNT_DISABLED";
