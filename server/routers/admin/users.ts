import { and, asc, eq, ilike, isNotNull, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { auditLog, userRole, users } from "~/db/schema";
import { lastAdminRefusal, type UserChange } from "~/server/admin/user-rules";
import { type Db } from "~/db/client";
import { appError } from "~/server/errors";
import { likeContains } from "~/server/like-pattern";
import { adminProcedure, router } from "~/server/trpc";
import { id, limit } from "../inputs";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const userId = id("userId");
const row = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  disabledAt: users.disabledAt,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
};

/**
 * Locks every active admin row, then the target, so two admins demoting or disabling each other at
 * the same moment are serialized and the second one sees the first one's change.
 */
async function lockForChange(tx: Tx, target: string, change: UserChange) {
  const admins = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
    .orderBy(asc(users.id))
    .for("update");
  const [before] = await tx.select(row).from(users).where(eq(users.id, target)).for("update");
  if (!before) throw appError("NOT_FOUND", "NOT_FOUND", "User not found.");
  const refusal = lastAdminRefusal(
    admins.map((a) => a.id),
    target,
    change,
  );
  return { before, refusal };
}

/** The console's "Users" page: find accounts, change system roles, disable and enable sign-in. */
export const usersRouter = router({
  list: adminProcedure
    .input(
      z.object({
        query: z.string().trim().max(100, "A search can be at most 100 characters.").default(""),
        status: z
          .enum(["all", "active", "disabled"], { message: "status must be all, active or disabled." })
          .default("all"),
        role: z.enum(["all", ...userRole.enumValues], { message: "role must be all, user or admin." }).default("all"),
        limit: limit(200, 50),
      }),
    )
    .query(({ ctx, input }) =>
      ctx.db
        .select(row)
        .from(users)
        .where(
          and(
            input.query
              ? or(ilike(users.name, likeContains(input.query)), ilike(users.email, likeContains(input.query)))
              : undefined,
            input.status === "active"
              ? isNull(users.disabledAt)
              : input.status === "disabled"
                ? isNotNull(users.disabledAt)
                : undefined,
            input.role === "all" ? undefined : eq(users.role, input.role),
          ),
        )
        .orderBy(asc(users.name), asc(users.id))
        .limit(input.limit),
    ),

  /**
   * Sessions stay: every request reads the role from the database, so the new role applies to every
   * device on its next call without signing anyone out.
   */
  setRole: adminProcedure
    .input(z.object({ userId, role: z.enum(userRole.enumValues, { message: "role must be user or admin." }) }))
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(async (tx) => {
        const { before, refusal } = await lockForChange(tx, input.userId, { kind: "demote" });
        if (before.role === input.role)
          throw appError(
            "CONFLICT",
            "ALREADY_DONE",
            `This account is already ${input.role === "admin" ? "a system admin" : "a plain user"}.`,
          );
        if (input.role === "user" && refusal) throw appError("CONFLICT", "LAST_ADMIN", refusal);
        const [after] = await tx
          .update(users)
          .set({ role: input.role })
          .where(eq(users.id, input.userId))
          .returning(row);
        await tx.insert(auditLog).values({
          actorId: ctx.me.id,
          action: "user_role_change",
          targetUserId: input.userId,
          details: { from: before.role, to: input.role },
        });
        return after!;
      }),
    ),

  /** Disabled: cannot sign in and every open session ends on its next request; messages stay. */
  disable: adminProcedure.input(z.object({ userId })).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const { before, refusal } = await lockForChange(tx, input.userId, { kind: "disable" });
      if (before.disabledAt) throw appError("CONFLICT", "ALREADY_DONE", "This account is already disabled.");
      if (refusal) throw appError("CONFLICT", "LAST_ADMIN", refusal);
      const [after] = await tx
        .update(users)
        .set({ disabledAt: sql`now()`, sessionEpoch: sql`${users.sessionEpoch} + 1` })
        .where(eq(users.id, input.userId))
        .returning(row);
      await tx.insert(auditLog).values({ actorId: ctx.me.id, action: "user_disable", targetUserId: input.userId });
      return after!;
    }),
  ),

  enable: adminProcedure.input(z.object({ userId })).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const [after] = await tx
        .update(users)
        .set({ disabledAt: null })
        .where(and(eq(users.id, input.userId), isNotNull(users.disabledAt)))
        .returning(row);
      if (!after) {
        const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
        if (!exists) throw appError("NOT_FOUND", "NOT_FOUND", "User not found.");
        throw appError("CONFLICT", "ALREADY_DONE", "This account is not disabled.");
      }
      await tx.insert(auditLog).values({ actorId: ctx.me.id, action: "user_enable", targetUserId: input.userId });
      return after;
    }),
  ),
});
