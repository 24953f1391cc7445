/** The seeded demo accounts (server/seed.ts); on a deployment, created by `npm run e2e:users` with E2E_PASSWORD. */
export const PASSWORD = process.env.E2E_PASSWORD ?? "recall-demo";
/** The test servers' METRICS_TOKEN (scripts/e2e-server.ts); a deployment's comes from E2E_METRICS_TOKEN. */
export const METRICS_TOKEN = process.env.E2E_METRICS_TOKEN ?? "e2e-only-metrics-token-not-secret";
export const users = {
  alice: { name: "Alice", email: "alice@example.com" },
  bob: { name: "Bob", email: "bob@example.com" },
  carol: { name: "Carol", email: "carol@example.com" },
  admin: { name: "Admin", email: "admin@example.com" },
} as const;
export type Role = keyof typeof users;
export const storageState = (role: Role) => `e2e/.auth/${role}.json`;
