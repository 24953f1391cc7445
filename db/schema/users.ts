import { pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

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
});

export type User = typeof users.$inferSelect;
export type UserRole = (typeof userRole.enumValues)[number];
export type Locale = (typeof locale.enumValues)[number];
