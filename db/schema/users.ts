import { integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["user", "admin"]);
export const locale = pgEnum("locale", ["en", "zh"]);

export const users = pgTable("users", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  // Stored lower-cased by the sign-up path so the unique index is case-insensitive in effect.
  email: text().notNull().unique("users_email_unique"),
  passwordHash: text().notNull(),
  role: userRole().notNull().default("user"),
  locale: locale(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  // Sessions carry the epoch they were issued under; bumping it (sign out everywhere, password
  // change, disable, role change) ends every older session on its next request.
  sessionEpoch: integer().notNull().default(0),
  // Disabled accounts cannot sign in and their sessions end; their messages stay.
  disabledAt: timestamp({ withTimezone: true }),
  lastSignInAt: timestamp({ withTimezone: true }),
});

export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
export type Locale = (typeof locale.enumValues)[number];
