/** The seeded demo accounts (db/seed.ts); also valid on a deployment seeded with `npm run db:seed`. */
export const PASSWORD = process.env.E2E_PASSWORD ?? "recall-demo";
export const users = {
  alice: { name: "Alice", email: "alice@example.com" },
  bob: { name: "Bob", email: "bob@example.com" },
  carol: { name: "Carol", email: "carol@example.com" },
  admin: { name: "Admin", email: "admin@example.com" },
} as const;
export type Role = keyof typeof users;
export const storageState = (role: Role) => `e2e/.auth/${role}.json`;
